import { ZodError } from "zod";
import { log } from "@/lib/log";

/** A field-level problem: a JSON Pointer into the body, or `query.<name>`. */
export interface FieldError {
  pointer: string;
  message: string;
}

/** Base of every error that maps to a known HTTP answer. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = new.target.name;
  }
  get type(): string {
    return `https://vigil.dev/problems/${this.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly errors: FieldError[],
    detail = "The request has invalid fields.",
  ) {
    super(400, "Invalid request", detail);
  }
}
export class UnauthorizedError extends AppError {
  constructor(detail = "Missing or invalid credentials.") {
    super(401, "Unauthorized", detail, { "WWW-Authenticate": 'Bearer realm="vigil"' });
  }
}
export class ForbiddenError extends AppError {
  constructor(detail = "Your credentials do not allow this action.") {
    super(403, "Forbidden", detail);
  }
}
/** A missing object and another tenant's object are the same answer. */
export class NotFoundError extends AppError {
  constructor(what = "resource") {
    super(404, "Not found", `The ${what} does not exist or you have no access to it.`);
  }
}
export class ConflictError extends AppError {
  constructor(detail: string, readonly errors: FieldError[] = []) {
    super(409, "Conflict", detail);
  }
}
export class MethodNotAllowedError extends AppError {
  constructor(allowed: string[]) {
    super(405, "Method not allowed", `Use ${allowed.join(" or ")} on this path.`, { Allow: allowed.join(", ") });
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, "Payload too large", `The body exceeds ${limitBytes} bytes.`);
  }
}
export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, "Too many requests", `Rate limit exceeded; retry in ${retryAfterSeconds} s.`, {
      "Retry-After": String(retryAfterSeconds),
    });
  }
}
export class ServiceUnavailableError extends AppError {
  constructor(detail = "Storage is unavailable; nothing was stored.", retryAfterSeconds = 5) {
    super(503, "Service unavailable", detail, { "Retry-After": String(retryAfterSeconds) });
  }
}

/** zod issue path → JSON Pointer (`/events/3/durationMs`) or `query.<name>`. */
export function zodToFieldErrors(error: ZodError, source: "body" | "query" = "body"): FieldError[] {
  return error.issues.map((issue) => ({
    pointer:
      source === "query"
        ? `query.${issue.path.map(String).join(".")}`
        : "/" + issue.path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/"),
    message: issue.message,
  }));
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

/** The one mapper: any thrown value → an RFC 9457 problem+json response. */
export function problemResponse(err: unknown, extraHeaders: Record<string, string> = {}): Response {
  let appError: AppError;
  if (err instanceof AppError) appError = err;
  else if (err instanceof ZodError) appError = new ValidationError(zodToFieldErrors(err));
  else {
    // Unknown failures are logged with their internals and answered without them.
    log.error("unhandled error", { err });
    appError = new AppError(500, "Internal server error", "Something went wrong on our side.");
  }
  const body: ProblemBody = {
    type: appError.type,
    title: appError.title,
    status: appError.status,
    detail: appError.message,
  };
  if ((appError instanceof ValidationError || appError instanceof ConflictError) && appError.errors.length) {
    body.errors = appError.errors;
  }
  return new Response(JSON.stringify(body), {
    status: appError.status,
    headers: { "Content-Type": "application/problem+json", ...appError.headers, ...extraHeaders },
  });
}

/** 415: a body whose media type or Content-Encoding we do not accept (RFC 9110 §15.5.16). */
export class UnsupportedMediaTypeError extends AppError {
  constructor(
    detail = "The body's media type or encoding is not supported.",
    headers: Record<string, string> = {},
  ) {
    super(415, "Unsupported media type", detail, headers);
  }
}
