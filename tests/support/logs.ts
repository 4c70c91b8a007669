import { captureLogs, type Level, type LogLine } from "@/lib/log";

/**
 * Runs `block` with the app's log lines captured instead of printed, and answers them with
 * the block's result, for tests that provoke a failure on purpose and check that it is
 * logged (rather than printing it among the results of a passing run). The capture ends
 * when the block settles, also when it throws.
 */
export async function withLogs<T>(block: () => Promise<T>): Promise<{ value: T; logs: LogLine[] }> {
  const logs: LogLine[] = [];
  const restore = captureLogs((line) => logs.push(line));
  try {
    return { value: await block(), logs };
  } finally {
    restore();
  }
}

/** The messages of the captured lines at `level`. */
export function messagesAt(logs: LogLine[], level: Level): string[] {
  return logs.filter((l) => l.level === level).map((l) => l.msg);
}
