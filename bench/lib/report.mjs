// Writes one section of docs/benchmarks.md, replacing the previous run's.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** "2 × AMD EPYC, 24 GiB" */
export function machine() {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
}

/** "2026-11-24 08:08 UTC" */
export function runTime(date = new Date()) {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * Replaces the section that starts with `## <title>` (up to the next `## ` heading) with
 * `section`, or appends it. Other sections, and the file's header, are left as they are.
 */
export function writeSection(root, title, section) {
  const file = path.join(root, "docs", "benchmarks.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\nFigures measured on this project's machines; each section names its run.\n";
  const heading = `## ${title}`;
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`${escaped}\\n[\\s\\S]*?(?=\\n## |$)`);
  const next = pattern.test(current) ? current.replace(pattern, () => section.trimEnd() + "\n") : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(file, next);
}
