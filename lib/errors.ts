import { ZodError } from "zod";

/**
 * The domain's errors: what went wrong, in the domain's words, with no HTTP in them — the
 * bottom floor, importable from anywhere. `lib/http/errors.ts` maps each to its problem+json
 * answer; form actions map them to inline messages (`lib/actions/action-result.ts`).
 */

/** A field-level problem: a JSON Pointer into the input, or `query.<name>`. */
export interface FieldError {
  pointer: string;
  message: string;
}

export abstract class DomainError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}

/** The input is wrong; `errors` says where. */
export class ValidationError extends DomainError {
  constructor(
    readonly errors: FieldError[],
    detail = "The request has invalid fields.",
  ) {
    super(detail);
  }
}

/** Missing or invalid credentials. */
export class UnauthorizedError extends DomainError {
  constructor(detail = "Missing or invalid credentials.") {
    super(detail);
  }
}

/** Valid credentials without the role or scope the action needs. */
export class ForbiddenError extends DomainError {
  constructor(detail = "Your credentials do not allow this action.") {
    super(detail);
  }
}

/** A missing object and another tenant's object are the same error. */
export class NotFoundError extends DomainError {
  constructor(what = "resource") {
    super(`The ${what} does not exist or you have no access to it.`);
  }
}

/** The action contradicts the current state (a taken name, the last owner leaving). */
export class ConflictError extends DomainError {
  constructor(
    detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }
}

/** Too many requests for the caller's budget. */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    detail = `Rate limit exceeded; retry in ${retryAfterSeconds} s.`,
  ) {
    super(detail);
  }
}

/** A dependency (storage, the rate-limit store) cannot serve now; retrying later may work. */
export class UnavailableError extends DomainError {
  constructor(
    detail = "Storage is unavailable; nothing was stored.",
    readonly retryAfterSeconds = 5,
  ) {
    super(detail);
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

/** A ZodError as the ValidationError it stands for; anything else unchanged. */
export function asDomainError(err: unknown): unknown {
  return err instanceof ZodError ? new ValidationError(zodToFieldErrors(err)) : err;
}
