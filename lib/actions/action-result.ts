import { ZodError } from "zod";
import { DomainError, ConflictError, ValidationError, zodToFieldErrors } from "@/lib/errors";
import { log } from "@/lib/log";

/** What a form's server action answers: inline messages per field, or a form-level one. */
export type ActionState<T = undefined> =
  | { status: "idle" }
  | { status: "ok"; data: T; message?: string }
  | { status: "error"; message: string; fieldErrors: Record<string, string>; values?: Record<string, string> };

/**
 * What the user typed, so a failed submission can refill the form (React resets forms after
 * an action). Passwords and confirmations are never echoed back.
 */
export function submittedValues(form: FormData | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form?.entries() ?? []) {
    if (typeof value === "string" && !/password|confirmation|^\$ACTION/i.test(name)) values[name] = value;
  }
  return values;
}

/** The state before the first submission; fits every ActionState<T>. */
export const idle = { status: "idle" } as const;

/** "/name" → "name"; "/scopes/0" → "scopes". Forms show one message per input. */
function fieldName(pointer: string): string {
  return pointer.replace(/^\//, "").split("/")[0] || "form";
}

/**
 * Maps thrown errors to form state (the action equivalent of the problem+json mapper).
 * Redirects and notFound() thrown by Next must pass through, so unknown errors re-throw
 * when they carry Next's digest.
 */
export function toActionError(err: unknown, form?: FormData): ActionState<never> {
  const state = mapError(err);
  return form ? { ...state, values: submittedValues(form) } : state;
}

function mapError(err: unknown): ActionState<never> & { status: "error" } {
  if (err instanceof ZodError) err = new ValidationError(zodToFieldErrors(err));
  if (err instanceof DomainError) {
    const fieldErrors: Record<string, string> = {};
    if (err instanceof ValidationError || err instanceof ConflictError) {
      for (const e of err.errors) fieldErrors[fieldName(e.pointer)] ??= e.message;
    }
    return { status: "error", message: err.message, fieldErrors };
  }
  if (typeof err === "object" && err !== null && "digest" in err) throw err;
  log.error("server action failed", { err });
  return { status: "error", message: "Something went wrong on our side. Please try again.", fieldErrors: {} };
}

export async function runAction<T>(fn: () => Promise<T>, options: { message?: string; form?: FormData } = {}): Promise<ActionState<T>> {
  try {
    return { status: "ok", data: await fn(), message: options.message };
  } catch (err) {
    return toActionError(err, options.form);
  }
}
