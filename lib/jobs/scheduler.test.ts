import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/client";
import { captureLogs, type LogLine } from "@/lib/log";
import { JOBS, type Job } from "./registry";
import { scheduleJobs, startScheduler } from "./scheduler";

// startScheduler opens the app's database for each run; these runs never touch it.
const fakeDb = {} as Db;
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<object>()), getDb: async () => fakeDb }));

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

function job(name: string, everyMs: number, run: Job["run"] = async () => ({ ok: true })): Job & { run: ReturnType<typeof vi.fn> } {
  return { name, schedule: "* * * * *", everyMs, run: vi.fn(run) };
}

describe("the in-process scheduler", () => {
  let logs: LogLine[];
  let restoreLogs: () => void;
  beforeEach(() => {
    vi.useFakeTimers();
    logs = [];
    restoreLogs = captureLogs((line) => logs.push(line));
  });
  afterEach(() => {
    restoreLogs();
    vi.useRealTimers();
  });

  it("runs each job on its own interval, none during the first seconds of boot, and a failing job does not stop the others", async () => {
    const fold = job("fold", 30 * SECOND, async () => ({ folded: 0 }));
    const retention = job("retention", DAY);
    const broken = job("broken", 10 * SECOND, async () => {
      throw new Error("database gone");
    });
    const stop = scheduleJobs([fold, retention, broken], async () => fakeDb);

    await vi.advanceTimersByTimeAsync(9 * SECOND);
    expect([fold.run.mock.calls.length, retention.run.mock.calls.length, broken.run.mock.calls.length]).toEqual([0, 0, 0]);

    // Each first runs after its interval, but never later than a minute after start.
    await vi.advanceTimersByTimeAsync(MINUTE - 9 * SECOND);
    expect(fold.run).toHaveBeenCalledTimes(2); // 30 s, 60 s
    expect(retention.run).toHaveBeenCalledTimes(1); // a minute after start, not a day
    expect(broken.run).toHaveBeenCalledTimes(6); // every 10 s, each failure logged
    expect(fold.run).toHaveBeenCalledWith(fakeDb, { now: expect.any(Date) });

    await vi.advanceTimersByTimeAsync(DAY);
    expect(retention.run).toHaveBeenCalledTimes(2); // then daily
    expect(fold.run).toHaveBeenCalledTimes(2 + DAY / (30 * SECOND));
    expect(broken.run).toHaveBeenCalledTimes(6 + DAY / (10 * SECOND));

    const failures = logs.filter((l) => l.level === "error");
    expect(failures).toHaveLength(broken.run.mock.calls.length);
    expect(failures[0]).toMatchObject({ msg: "job failed", job: "broken", err: { message: "database gone" } });
    expect(logs).toContainEqual(expect.objectContaining({ level: "info", msg: "job ran", job: "retention", ok: true }));

    stop();
    await vi.advanceTimersByTimeAsync(DAY);
    expect(retention.run).toHaveBeenCalledTimes(2);
  });

  it("does not start a run while the job's previous run is still going", async () => {
    let finish = () => {};
    const slow = job("slow", 10 * SECOND, () => new Promise((resolve) => (finish = () => resolve({ done: true }))));
    const stop = scheduleJobs([slow], async () => fakeDb);
    await vi.advanceTimersByTimeAsync(35 * SECOND); // ticks at 10, 20, 30 s; the first never ended
    expect(slow.run).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(10 * SECOND);
    expect(slow.run).toHaveBeenCalledTimes(2);
    stop();
  });

  it("a run that did nothing is logged at debug, not info", async () => {
    const fold = JOBS.find((j) => j.name === "fold")!;
    const idle = { ...fold, run: vi.fn(async () => ({ folded: 0 })) };
    const busy = { ...fold, name: "busy", run: vi.fn(async () => ({ folded: 3 })) };
    const stop = scheduleJobs([idle, busy], async () => fakeDb);
    await vi.advanceTimersByTimeAsync(fold.everyMs);
    expect(logs).toEqual([
      expect.objectContaining({ level: "debug", msg: "job ran", job: "fold", folded: 0 }),
      expect.objectContaining({ level: "info", msg: "job ran", job: "busy", folded: 3 }),
    ]);
    stop();
  });

  it("startScheduler runs every job of the registry, and starting it again changes nothing", async () => {
    const runs = JOBS.map((j) => vi.spyOn(j, "run").mockResolvedValue({}));
    try {
      startScheduler();
      startScheduler();
      await vi.advanceTimersByTimeAsync(MINUTE);
      for (const [i, j] of JOBS.entries()) {
        // Once per interval elapsed since its first run, which comes within the first minute.
        expect(runs[i], j.name).toHaveBeenCalledTimes(1 + Math.floor((MINUTE - Math.min(j.everyMs, MINUTE)) / j.everyMs));
      }
    } finally {
      runs.forEach((spy) => spy.mockRestore());
    }
  });
});
