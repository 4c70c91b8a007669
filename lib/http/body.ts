import zlib from "node:zlib";
import { ValidationError } from "@/lib/errors";
import { PayloadTooLargeError, UnsupportedMediaTypeError } from "./errors";

/** The ingest API's body limit; applies to the bytes on the wire and, when compressed, to the inflated bytes. */
export const MAX_INGEST_BODY_BYTES = 1024 * 1024;

type Coding = "identity" | "gzip" | "deflate" | "br";
const ACCEPTED_ENCODINGS = "gzip, deflate, br, identity";

/** Content-Encoding → the one coding we undo; anything else (zstd, stacked codings) is a 415. */
function contentCoding(header: string | null): Coding {
  const codings = (header ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  if (codings.length === 0) return "identity";
  if (codings.length === 1 && (codings[0] === "gzip" || codings[0] === "x-gzip")) return "gzip";
  if (codings.length === 1 && codings[0] === "deflate") return "deflate";
  // Sentry's browser transports may compress with brotli (compatibility ingest).
  if (codings.length === 1 && codings[0] === "br") return "br";
  throw new UnsupportedMediaTypeError(
    `Content-Encoding "${header}" is not supported; send one of: ${ACCEPTED_ENCODINGS}.`,
    { "Accept-Encoding": ACCEPTED_ENCODINGS },
  );
}

/** Collects decoded bytes and throws 413 as soon as their total passes the cap. */
class CappedBuffer {
  private readonly chunks: Uint8Array[] = [];
  private total = 0;
  constructor(private readonly maxBytes: number) {}
  push(chunk: Uint8Array): void {
    this.total += chunk.byteLength;
    if (this.total > this.maxBytes) throw new PayloadTooLargeError(this.maxBytes);
    this.chunks.push(chunk);
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.chunks, this.total);
  }
}

/**
 * A streaming inflater: each raw chunk is written to zlib and awaited before the next one is
 * read, and every inflated chunk (zlib emits at most `chunkSize` = 16 KiB at a time, and stops
 * mid-input once destroyed) goes straight into the capped buffer. So memory stays at the cap
 * plus one chunk no matter the compression ratio.
 */
class Inflater {
  private readonly z: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress;
  private failure: unknown;
  constructor(coding: "gzip" | "deflate" | "br", out: CappedBuffer) {
    this.z = coding === "gzip" ? zlib.createGunzip() : coding === "br" ? zlib.createBrotliDecompress() : zlib.createInflate();
    this.z.on("data", (chunk: Buffer) => {
      if (this.failure) return;
      try {
        out.push(chunk);
      } catch (err) {
        this.failure = err; // 413: stop inflating right here
        this.z.destroy();
      }
    });
    // Corrupt or truncated input; the first failure (ours or zlib's) wins.
    this.z.on("error", (err) => {
      this.failure ??= new ValidationError(
        [{ pointer: "", message: `Body is not valid ${coding}` }],
        `The body is not valid ${coding}: ${err.message}`,
      );
    });
  }
  /** Resolves once `start` reports completion or the stream closes (after an error or our destroy). */
  private async step(start: (done: () => void) => void): Promise<void> {
    if (!this.z.destroyed) {
      await new Promise<void>((resolve) => {
        this.z.once("close", resolve);
        start(() => {
          this.z.off("close", resolve);
          resolve();
        });
      });
    }
    if (this.failure) throw this.failure;
  }
  write(chunk: Uint8Array): Promise<void> {
    return this.step((done) => this.z.write(chunk, () => done()));
  }
  /** Flushes the tail; 'end' fires only after every inflated chunk went through the 'data' handler. */
  end(): Promise<void> {
    return this.step((done) => {
      this.z.once("end", done);
      this.z.end();
    });
  }
  destroy(): void {
    this.z.destroy();
  }
}

/**
 * Reads the request body as bytes (for binary formats such as OTLP protobuf), refusing
 * anything over maxBytes (raw and, for gzip, inflated). Bodies without a length (chunked,
 * as exporters send them) are capped while reading.
 */
export async function readBodyBytes(request: Request, options: { maxBytes?: number } = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? MAX_INGEST_BODY_BYTES;
  const coding = contentCoding(request.headers.get("content-encoding"));

  // A declared length over the cap is refused before a single byte is read.
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw new PayloadTooLargeError(maxBytes);

  const out = new CappedBuffer(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const inflater = coding === "identity" ? undefined : new Inflater(coding, out);
  const reader = request.body.getReader();
  let raw = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      raw += value.byteLength;
      if (raw > maxBytes) throw new PayloadTooLargeError(maxBytes);
      if (inflater) await inflater.write(value);
      else out.push(value);
    }
    await inflater?.end();
  } catch (err) {
    // Stop the sender: cancel the rest of the body (not awaited: a stuck source must not hang us).
    reader.cancel(err instanceof Error ? err.message : undefined).catch(() => {});
    inflater?.destroy();
    throw err;
  }
  return out.bytes();
}

/** readBodyBytes as UTF-8 text (invalid sequences become U+FFFD). */
export async function readBodyText(request: Request, options: { maxBytes?: number } = {}): Promise<string> {
  return new TextDecoder("utf-8").decode(await readBodyBytes(request, options));
}

/** readBodyText + JSON.parse; invalid JSON → ValidationError with pointer "" and a clear message ("Body is not valid JSON"). Empty body → ValidationError. */
export async function readJsonBodyCapped(request: Request, options: { maxBytes?: number } = {}): Promise<unknown> {
  const text = await readBodyText(request, options);
  if (text.trim() === "") throw new ValidationError([{ pointer: "", message: "Expected a JSON body" }], "The body is empty.");
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ pointer: "", message: "Body is not valid JSON" }], "The body is not valid JSON.");
  }
}
