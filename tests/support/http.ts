/**
 * Calls a route handler the way Next does: a real Request in, a real Response out, with
 * the dynamic segments as (async) params.
 */
type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export const BASE = "http://localhost:3000";

export async function call<P>(
  handler: Handler<P>,
  options: {
    path: string;
    params: P;
    method?: string;
    headers?: Record<string, string>;
    body?: unknown;
  },
): Promise<Response> {
  const headers = new Headers(options.headers);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  // Same-origin, as a browser on our pages would send it.
  if (options.method && options.method !== "GET" && !headers.has("origin")) headers.set("origin", BASE);
  headers.set("host", new URL(BASE).host);
  const request = new Request(new URL(options.path, BASE), { method: options.method ?? "GET", headers, body });
  return handler(request, { params: Promise.resolve(options.params) });
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}
