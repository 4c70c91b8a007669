import type { FieldError } from "@/lib/errors";

/**
 * The Alerts pages talk to the public API with the session cookie, as any client would
 * (API.md "Alert rules", "Incidents and the inbox"): what the form shows as inline errors
 * is exactly the problem+json the API answers.
 */

/** A non-2xx answer (or no answer at all: `status` 0), with the problem's words and pointers. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = "ApiProblem";
  }
}

export function projectApi(projectId: string, path: string): string {
  return `/api/v1/projects/${encodeURIComponent(projectId)}/${path}`;
}

export async function apiRequest<T>(url: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
      signal: init.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiProblem(0, "Vigil could not be reached. Check your connection and try again.");
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as (T & { detail?: string; title?: string; errors?: FieldError[] }) | null;
  if (!res.ok) {
    throw new ApiProblem(res.status, body?.detail ?? body?.title ?? `The server answered ${res.status}.`, body?.errors ?? []);
  }
  return body as T;
}

/**
 * Pointers of a rule body → the form's field keys: `/filter/vital` → `filter.vital`,
 * `/channelIds/0` → `channelIds`. `prefix` strips where the rule sits in the body
 * (`/rule` in a preview). Problems without a field of their own come back under `form`.
 */
export function fieldErrorsOf(errors: FieldError[], prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    let pointer = e.pointer;
    if (prefix && (pointer === prefix || pointer.startsWith(`${prefix}/`))) pointer = pointer.slice(prefix.length);
    const parts = pointer.split("/").slice(1);
    const key = parts[0] === "filter" && parts[1] ? `filter.${parts[1]}` : parts[0] || "form";
    out[key] ??= e.message;
  }
  return out;
}
