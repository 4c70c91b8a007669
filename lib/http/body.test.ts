import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { MAX_INGEST_BODY_BYTES, readBodyText, readJsonBodyCapped } from "./body";
import { ValidationError } from "@/lib/errors";
import { PayloadTooLargeError, UnsupportedMediaTypeError, problemOf, problemResponse } from "./errors";

const CAP = MAX_INGEST_BODY_BYTES;
const MiB = 1024 * 1024;

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  // `duplex` is required by undici for stream bodies; it is not in the DOM RequestInit type.
  return new Request("http://vigil.test/api/v1/ingest", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
}

/**
 * A lazily generated body that records how far the reader got. highWaterMark 0 matters:
 * the stream then pulls only when the reader asks for a chunk (with the default, 1, it pulls
 * once as soon as it is constructed, before anyone reads, which would make "pulled nothing"
 * unprovable), so `bytes` is exactly what the reader took from the sender.
 */
function countingStream(source: Uint8Array | { totalBytes: number }, chunkSize: number) {
  const stats = { bytes: 0, cancelled: false };
  const total = source instanceof Uint8Array ? source.byteLength : source.totalBytes;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (stats.bytes >= total) return controller.close();
        const size = Math.min(chunkSize, total - stats.bytes);
        const chunk =
          source instanceof Uint8Array
            ? source.subarray(stats.bytes, stats.bytes + size)
            : new Uint8Array(size).fill(0x20); // spaces: would even be valid JSON padding
        stats.bytes += size;
        controller.enqueue(chunk);
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

/** How many bytes of `compressed`, read `chunk` at a time, it takes to inflate past `limit`. */
function bytesToInflatePast(compressed: Buffer, limit: number, chunk: number): number {
  for (let n = chunk; n < compressed.byteLength + chunk; n += chunk) {
    // Z_SYNC_FLUSH: inflate what a truncated stream holds so far instead of failing.
    const inflated = zlib.gunzipSync(compressed.subarray(0, n), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    if (inflated.byteLength > limit) return n;
  }
  throw new Error("never inflates past the limit");
}

/** gzip of `copies` × `unit` without ever holding the inflated whole in memory. */
async function gzipRepeated(unit: Buffer, copies: number): Promise<Buffer> {
  const gz = zlib.createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on("data", (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => gz.on("end", resolve));
  for (let i = 0; i < copies; i++) if (!gz.write(unit)) await new Promise((r) => gz.once("drain", r));
  gz.end();
  await ended;
  return Buffer.concat(out);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a rejection");
}

describe("readJsonBodyCapped / readBodyText — plain bodies", () => {
  it("parses JSON under the cap", async () => {
    await expect(readJsonBodyCapped(post(JSON.stringify({ events: [{ a: 1 }] })))).resolves.toEqual({
      events: [{ a: 1 }],
    });
  });

  it("accepts a body of exactly the cap", async () => {
    const body = `"${"a".repeat(CAP - 2)}"`;
    const text = await readBodyText(post(body));
    expect(Buffer.byteLength(text)).toBe(CAP);
    await expect(readJsonBodyCapped(post(body))).resolves.toHaveLength(CAP - 2);
  });

  it("refuses one byte over the cap with 413", async () => {
    const err = await rejection(readJsonBodyCapped(post(`"${"a".repeat(CAP - 1)}"`)));
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect((err as PayloadTooLargeError).status).toBe(413);
  });

  it("refuses a declared Content-Length over the cap without pulling the stream", async () => {
    const { stream, stats } = countingStream({ totalBytes: 2 * MiB }, 64 * 1024);
    const err = await rejection(readBodyText(post(stream, { "Content-Length": String(2 * MiB) })));
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect(stats.bytes).toBe(0);
  });

  it("stops reading a 50 MiB stream (no Content-Length) just past the cap and cancels it", async () => {
    const chunk = 64 * 1024;
    const { stream, stats } = countingStream({ totalBytes: 50 * MiB }, chunk);
    const err = await rejection(readBodyText(post(stream)));
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    // The cap is 16 chunks: the 17th trips it, and not a byte more is taken from the sender.
    expect(stats.bytes).toBe(CAP + chunk);
    expect(stats.cancelled).toBe(true);
  });

  it("honours a smaller maxBytes", async () => {
    await expect(readBodyText(post("12345"), { maxBytes: 5 })).resolves.toBe("12345");
    await expect(readBodyText(post("123456"), { maxBytes: 5 })).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("decodes UTF-8 split across chunks", async () => {
    const bytes = Buffer.from(JSON.stringify({ msg: "héllo — 監視 🚨" }));
    const { stream } = countingStream(bytes, 1); // one byte per chunk splits every code point
    await expect(readJsonBodyCapped(post(stream))).resolves.toEqual({ msg: "héllo — 監視 🚨" });
  });
});

describe("readJsonBodyCapped — JSON errors", () => {
  it("invalid JSON → ValidationError with pointer \"\"", async () => {
    const err = await rejection(readJsonBodyCapped(post("{not json")));
    expect(err).toBeInstanceOf(ValidationError);
    expect(problemOf(err).status).toBe(400);
    expect((err as ValidationError).errors).toEqual([{ pointer: "", message: "Body is not valid JSON" }]);
  });

  it.each([
    ["an empty string", ""],
    ["only whitespace", " \n\t "],
    ["no body at all", null],
  ])("empty body (%s) → ValidationError", async (_label, body) => {
    const err = await rejection(readJsonBodyCapped(post(body)));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors[0]?.pointer).toBe("");
  });
});

describe("readJsonBodyCapped — Content-Encoding", () => {
  const payload = { events: Array.from({ length: 200 }, (_, i) => ({ name: "page_view", i })) };

  it.each(["gzip", "x-gzip", "GZip", "gzip, identity"])("inflates %s under the cap", async (encoding) => {
    const body = zlib.gzipSync(JSON.stringify(payload));
    await expect(readJsonBodyCapped(post(body, { "Content-Encoding": encoding }))).resolves.toEqual(payload);
  });

  it("inflates deflate (zlib-wrapped, as HTTP defines it) and treats identity as none", async () => {
    const deflated = zlib.deflateSync(JSON.stringify(payload));
    await expect(readJsonBodyCapped(post(deflated, { "Content-Encoding": "deflate" }))).resolves.toEqual(payload);
    await expect(readJsonBodyCapped(post("[1]", { "Content-Encoding": "identity" }))).resolves.toEqual([1]);
  });

  it("inflates brotli (Sentry's browser transports may send it), capped like gzip", async () => {
    await expect(readJsonBodyCapped(post(zlib.brotliCompressSync(JSON.stringify(payload)), { "Content-Encoding": "br" }))).resolves.toEqual(payload);
    const bomb = zlib.brotliCompressSync(`"${"a".repeat(CAP * 8)}"`);
    expect(bomb.byteLength).toBeLessThan(CAP);
    expect(await rejection(readJsonBodyCapped(post(bomb, { "Content-Encoding": "br" })))).toBeInstanceOf(PayloadTooLargeError);
    expect(await rejection(readJsonBodyCapped(post("not brotli", { "Content-Encoding": "br" })))).toBeInstanceOf(ValidationError);
  });

  it("applies the cap to the inflated size: exactly the cap passes, one byte more is 413", async () => {
    const at = zlib.gzipSync(`"${"a".repeat(CAP - 2)}"`);
    const over = zlib.gzipSync(`"${"a".repeat(CAP - 1)}"`);
    expect(over.byteLength).toBeLessThan(4096); // small on the wire
    await expect(readBodyText(post(at, { "Content-Encoding": "gzip" }))).resolves.toHaveLength(CAP);
    await expect(readBodyText(post(over, { "Content-Encoding": "gzip" }))).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("applies the cap to the compressed size too", async () => {
    const incompressible = zlib.gzipSync(Buffer.from(Array.from({ length: 2 * CAP }, () => (Math.random() * 256) | 0)));
    expect(incompressible.byteLength).toBeGreaterThan(CAP);
    const err = await rejection(readBodyText(post(incompressible, { "Content-Encoding": "gzip" })));
    expect(err).toBeInstanceOf(PayloadTooLargeError);
  });

  it.each([
    ["50 MiB of zeros", Buffer.alloc(MiB), 50],
    ["50 MiB of repeated JSON", Buffer.from('{"name":"page_view","ok":true},'.repeat(32 * 1024)), 50],
  ])("refuses a gzip bomb (%s) with 413 once what it inflates to passes the cap, reading no further", async (_label, unit, copies) => {
    const bomb = await gzipRepeated(unit, copies);
    expect(bomb.byteLength).toBeLessThan(CAP); // passes the raw check; only inflation gives it away
    const chunk = 1024;
    const needed = bytesToInflatePast(bomb, CAP, chunk);
    expect(needed + chunk).toBeLessThan(bomb.byteLength / 4); // the bomb goes on well beyond that
    const { stream, stats } = countingStream(bomb, chunk);

    const err = await rejection(readJsonBodyCapped(post(stream, { "Content-Encoding": "gzip" })));

    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect((err as PayloadTooLargeError).status).toBe(413);
    expect(stats.cancelled).toBe(true);
    // Read up to the chunk whose inflation passes the cap (at most one more, which zlib may
    // hold back), then the rest cancelled: what is held is the cap plus a chunk, not 50 MiB.
    expect(stats.bytes).toBeGreaterThanOrEqual(needed);
    expect(stats.bytes).toBeLessThanOrEqual(needed + chunk);
  });

  it.each([
    ["garbage", Buffer.from("definitely not gzip at all")],
    ["a truncated gzip", zlib.gzipSync(JSON.stringify(payload)).subarray(0, 40)],
    ["a bad checksum", (() => { const b = Buffer.from(zlib.gzipSync("[1,2,3]")); b[b.length - 6] ^= 0xff; return b; })()],
  ])("corrupt gzip (%s) → 400 ValidationError", async (_label, body) => {
    const err = await rejection(readJsonBodyCapped(post(body, { "Content-Encoding": "gzip" })));
    expect(err).toBeInstanceOf(ValidationError);
    expect(problemOf(err).status).toBe(400);
    expect((err as ValidationError).errors).toEqual([{ pointer: "", message: "Body is not valid gzip" }]);
  });

  it.each(["zstd", "compress", "gzip, br", "gzip, gzip"])(
    "unknown encoding %s → 415 listing the accepted ones, without reading",
    async (encoding) => {
      const { stream, stats } = countingStream(Buffer.from("[1]"), 16);
      const err = await rejection(readJsonBodyCapped(post(stream, { "Content-Encoding": encoding })));
      expect(err).toBeInstanceOf(UnsupportedMediaTypeError);
      expect((err as UnsupportedMediaTypeError).status).toBe(415);
      expect(err.message).toContain("gzip");
      expect(stats.bytes).toBe(0);

      const res = problemResponse(err);
      expect(res.status).toBe(415);
      expect(res.headers.get("Accept-Encoding")).toBe("gzip, deflate, br, identity");
      expect(await res.json()).toMatchObject({ status: 415, title: "Unsupported media type" });
    },
  );
});
