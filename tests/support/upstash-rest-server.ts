import { createHash, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Redis from "ioredis";

/**
 * A stand-in for Upstash's REST API in front of a real Redis, so `@upstash/redis` (and
 * `@upstash/ratelimit` on top of it) run unmodified in tests. Speaks the subset they use:
 *
 *   POST /            ["CMD", ...args]        -> { result }          (400 { error } on failure)
 *   POST /pipeline    [["CMD", ...], ...]     -> [{ result } | { error }, ...]
 *   POST /multi-exec  [["CMD", ...], ...]     -> same, run inside MULTI/EXEC
 *
 * Two Upstash details matter to the client:
 * - `@upstash/redis` sends `Upstash-Encoding: base64` by default and then base64-decodes
 *   every string of the result, recursively inside arrays (numbers and nulls pass through).
 *   So with that header every string we answer is base64 (UTF-8) encoded.
 * - `@upstash/ratelimit`'s Lua scripts start with `#!lua flags=allow-key-locking`, a flag
 *   Upstash accepts but Redis 7 rejects ("Unexpected flag in script shebang"). We strip
 *   the flag before handing a script to Redis and map the client's SHA-1 (of the original
 *   text) to Redis's SHA-1 (of the stripped text), so EVALSHA, the NOSCRIPT -> EVAL
 *   fallback and SCRIPT LOAD behave as against Upstash.
 */
export async function startUpstashRestServer(opts: { redisUrl?: string; token?: string } = {}): Promise<{
  url: string;
  token: string;
  close(): Promise<void>;
}> {
  const token = opts.token ?? randomUUID();
  const redis = new Redis(opts.redisUrl ?? "redis://127.0.0.1:6379", {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`upstash-rest-server: cannot reach Redis (${opts.redisUrl ?? "127.0.0.1:6379"})`, { cause: err });
  }

  const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");
  /** Client-side SHA-1 (original script) -> SHA-1 of the script Redis actually has. */
  const shaMap = new Map<string, string>();

  /** Drops `allow-key-locking` from a `#!lua flags=...` first line; other flags stay. */
  function stripShebang(script: string): string {
    return script.replace(/^#!lua flags=([^\n]*)/, (_, flags: string) => {
      const kept = flags.split(",").map((f) => f.trim()).filter((f) => f && f !== "allow-key-locking");
      return kept.length ? `#!lua flags=${kept.join(",")}` : "#!lua";
    });
  }

  /** Rewrites script commands for Redis; JSON args (strings, numbers, null) become strings. */
  function toRedisArgs(command: unknown[]): [string, ...string[]] {
    const [name, ...rest] = command.map((a) => (a === null || a === undefined ? "" : String(a)));
    const upper = name.toUpperCase();
    if (upper === "EVAL" || upper === "EVAL_RO") {
      const stripped = stripShebang(rest[0]);
      shaMap.set(sha1(rest[0]), sha1(stripped));
      rest[0] = stripped;
    } else if (upper === "EVALSHA" || upper === "EVALSHA_RO") {
      rest[0] = shaMap.get(rest[0].toLowerCase()) ?? rest[0];
    }
    return [name, ...rest];
  }

  /** Runs one command; SCRIPT LOAD answers the client's SHA-1, as Upstash would. */
  async function run(command: unknown[]): Promise<unknown> {
    const [name, ...args] = toRedisArgs(command);
    if (name.toUpperCase() === "SCRIPT" && args[0]?.toUpperCase() === "LOAD") {
      const original = String(command[2]);
      const stripped = stripShebang(original);
      shaMap.set(sha1(original), await redis.call("SCRIPT", "LOAD", stripped) as string);
      return sha1(original);
    }
    return redis.call(name, ...args);
  }

  /** Base64-encodes every string, recursively; numbers and nulls pass through. */
  const encode = (v: unknown): unknown =>
    typeof v === "string"
      ? Buffer.from(v, "utf8").toString("base64")
      : Array.isArray(v)
        ? v.map(encode)
        : v;

  const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

  const server = http.createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: "Unauthorized" });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return reply(400, { error: "ERR invalid JSON body" });
    }
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const out = (v: unknown) => (base64 ? encode(v) : v);
    const path = (req.url ?? "/").split("?")[0].replace(/\/+$/, "");
    const isCommandList = Array.isArray(body) && body.length > 0 && body.every((c) => Array.isArray(c) && c.length > 0);

    if (req.method === "POST" && path === "" && Array.isArray(body) && body.length > 0 && !Array.isArray(body[0])) {
      try {
        return reply(200, { result: out(await run(body)) });
      } catch (err) {
        // 400 with the Redis message: the client throws UpstashError(message), so a
        // "NOSCRIPT ..." error reaches the library's EVALSHA -> EVAL fallback.
        return reply(400, { error: message(err) });
      }
    }
    if (req.method === "POST" && path === "/pipeline" && isCommandList) {
      const results: unknown[] = [];
      for (const command of body as unknown[][]) {
        try {
          results.push({ result: out(await run(command)) });
        } catch (err) {
          results.push({ error: message(err) });
        }
      }
      return reply(200, results);
    }
    if (req.method === "POST" && path === "/multi-exec" && isCommandList) {
      try {
        const tx = redis.multi((body as unknown[][]).map((c) => ["call", ...toRedisArgs(c)]));
        const results = (await tx.exec()) ?? [];
        return reply(
          200,
          results.map(([err, result]) => (err ? { error: message(err) } : { result: out(result) })),
        );
      } catch (err) {
        return reply(400, { error: message(err) });
      }
    }
    return reply(400, { error: "ERR unsupported request" });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    async close() {
      // The client keeps connections alive; drop them so close() does not wait on them.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
