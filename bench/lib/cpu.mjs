// CPU time per process group over a benchmark phase, from /proc (Linux): where the cores went.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function ticksOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command may contain spaces; fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0; // gone meanwhile
  }
}

/** The pid and parent of every process. */
function processes() {
  const list = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      list.push({ pid, ppid: stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] });
    } catch {
      // gone meanwhile
    }
  }
  return list;
}

/** Ticks of a process and its descendants (the workers of a cluster), by pid. */
function treeTicks(root) {
  const all = processes();
  const tree = new Set([String(root)]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) if (!tree.has(p.pid) && tree.has(p.ppid)) (tree.add(p.pid), (grew = true));
  }
  return new Map([...tree].map((pid) => [pid, ticksOf(pid)]));
}

/** Ticks of every PostgreSQL process, by pid. */
function postgresTicks() {
  const ticks = new Map();
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    let comm;
    try {
      comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
    } catch {
      continue;
    }
    if (comm === "postgres" || comm.startsWith("postgres:")) ticks.set(pid, ticksOf(pid));
  }
  return ticks;
}

/** Ticks spent between two readings by the processes alive at the second one. */
function spent(before, after) {
  let total = 0;
  for (const [pid, t] of after) total += t - (before.get(pid) ?? 0);
  return total;
}

function idleTicks() {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: cpu[3] + cpu[4], total: cpu.reduce((a, b) => a + b, 0) };
}

/**
 * Starts counting; the returned function stops and answers the cores used on average by the
 * server (with its worker processes), PostgreSQL (all its processes, including backends of other clients) and
 * this load-generating process, and the machine's idle share. Processes that exit during the
 * phase are missed (keep connections open).
 */
export function cpuMeter(serverPid) {
  const start = { at: performance.now(), server: treeTicks(serverPid), postgres: postgresTicks(), client: process.cpuUsage(), machine: idleTicks() };
  return () => {
    const seconds = (performance.now() - start.at) / 1000;
    const machine = idleTicks();
    const client = process.cpuUsage(start.client);
    return {
      server: spent(start.server, treeTicks(serverPid)) / TICKS_PER_SECOND / seconds,
      postgres: spent(start.postgres, postgresTicks()) / TICKS_PER_SECOND / seconds,
      client: (client.user + client.system) / 1e6 / seconds,
      idle: (machine.idle - start.machine.idle) / (machine.total - start.machine.total),
    };
  };
}
