import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Web Request ⇄ node:http, for the routes the server answers before Next (native-routes.ts).
 * The handlers stay ordinary Web handlers; only the edges are Node's.
 */

/**
 * The request as a Web Request. Its body is pulled from the socket only as fast as the
 * handler reads it, and cancelling it (a body over the cap) stops reading instead of
 * destroying the socket, so the handler's 413 still reaches the client.
 */
export function toWebRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  // As Next does for its own requests: with no proxy in front, the peer is the client.
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) headers.set("x-forwarded-for", req.socket.remoteAddress);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: hasBody ? bodyStream(req) : null,
    // @ts-expect-error -- Node's fetch requires `duplex` for a streamed body; lib.dom's RequestInit lacks it.
    duplex: "half",
  });
}

function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let settle: (() => void) | undefined;
  let ended = false;
  let failure: Error | undefined;
  const wake = () => {
    settle?.();
    settle = undefined;
  };
  req.on("readable", wake);
  req.on("end", () => {
    ended = true;
    wake();
  });
  req.on("error", (err) => {
    failure = err;
    wake();
  });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const chunk = req.read() as Buffer | null;
        if (chunk) return controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if (failure) return controller.error(failure);
        if (ended) return controller.close();
        await new Promise<void>((resolve) => (settle = resolve));
      }
    },
    cancel() {
      req.removeAllListeners("readable");
      req.pause();
    },
  });
}

/**
 * Writes a Web Response to Node's. A request whose body was not read to the end (refused
 * before or while reading it) gets `Connection: close`: the rest is never read, and the
 * socket cannot carry another request after it.
 */
export async function writeWebResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => headers.push([name, value]));
  if (!req.complete) headers.push(["connection", "close"]);
  res.writeHead(response.status, headers.flat());
  res.end(body);
}
