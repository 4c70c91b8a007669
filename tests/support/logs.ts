/**
 * Captures the JSON log lines written while a test provokes a failure on purpose, so that
 * the test asserts on them instead of printing them. Lines that are not JSON pass through.
 */
export function captureLogs(): { lines: Record<string, unknown>[]; stop: () => void } {
  const lines: Record<string, unknown>[] = [];
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  const intercept = (stream: NodeJS.WriteStream, original: typeof process.stdout.write) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : null;
      if (text?.startsWith("{")) {
        try {
          lines.push(JSON.parse(text) as Record<string, unknown>);
          return true;
        } catch {
          // not one of ours
        }
      }
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = intercept(process.stdout, originals.stdout);
  process.stderr.write = intercept(process.stderr, originals.stderr);
  return {
    lines,
    stop: () => {
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
    },
  };
}
