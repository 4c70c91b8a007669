import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
  asDomainError,
  type FieldError,
} from "@/lib/errors";
import { log } from "@/lib/log";

/**
 * The one mapper from errors to RFC 9457 problem+json answers. Domain errors
 * (`lib/errors.ts`) get their status here; the few errors only HTTP has (a body too large,
 * an encoding or method not served) carry theirs.
 */

/** An error that exists only at the HTTP edge, with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(limitBytes: number) {
    super(413, "Payload too large", `The body exceeds ${limitBytes} bytes.`);
  }
}

/** 415: a body whose media type or Content-Encoding we do not accept (RFC 9110 §15.5.16). */
export class UnsupportedMediaTypeError extends HttpError {
  constructor(detail = "The body's media type or encoding is not supported.", headers: Record<string, string> = {}) {
    super(415, "Unsupported media type", detail, headers);
  }
}

export class MethodNotAllowedError extends HttpError {
  constructor(allowed: string[]) {
    super(405, "Method not allowed", `Use ${allowed.join(" or ")} on this path.`, { Allow: allowed.join(", ") });
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** Response headers that go with the problem (Retry-After, WWW-Authenticate, Allow). */
  headers: Record<string, string>;
}

function domainProblem(err: DomainError): Omit<Problem, "type" | "detail"> {
  if (err instanceof ValidationError) return { status: 400, title: "Invalid request", errors: err.errors, headers: {} };
  if (err instanceof UnauthorizedError) return { status: 401, title: "Unauthorized", headers: { "WWW-Authenticate": 'Bearer realm="vigil"' } };
  if (err instanceof ForbiddenError) return { status: 403, title: "Forbidden", headers: {} };
  if (err instanceof NotFoundError) return { status: 404, title: "Not found", headers: {} };
  if (err instanceof ConflictError) return { status: 409, title: "Conflict", errors: err.errors, headers: {} };
  if (err instanceof RateLimitedError) return { status: 429, title: "Too many requests", headers: { "Retry-After": String(err.retryAfterSeconds) } };
  if (err instanceof UnavailableError) return { status: 503, title: "Service unavailable", headers: { "Retry-After": String(err.retryAfterSeconds) } };
  return { status: 500, title: "Internal server error", headers: {} };
}

/** Any thrown value → its problem. Unknown failures are logged with their internals and answered without them. */
export function problemOf(thrown: unknown): Problem {
  const err = asDomainError(thrown);
  let problem: Omit<Problem, "type">;
  if (err instanceof HttpError) problem = { status: err.status, title: err.title, detail: err.message, headers: err.headers };
  else if (err instanceof DomainError) problem = { ...domainProblem(err), detail: err.message };
  else {
    log.error("unhandled error", { err });
    problem = { status: 500, title: "Internal server error", detail: "Something went wrong on our side.", headers: {} };
  }
  const type = `https://vigil.dev/problems/${problem.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return { type, ...problem, errors: problem.errors?.length ? problem.errors : undefined };
}

/** The one mapper: any thrown value → an RFC 9457 problem+json response. */
export function problemResponse(err: unknown, extraHeaders: Record<string, string> = {}): Response {
  const { headers, ...problem } = problemOf(err);
  const body = { type: problem.type, title: problem.title, status: problem.status, detail: problem.detail, ...(problem.errors ? { errors: problem.errors } : {}) };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { "Content-Type": "application/problem+json", ...headers, ...extraHeaders },
  });
}
