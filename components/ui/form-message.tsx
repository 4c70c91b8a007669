import type { ActionState } from "@/lib/actions/action-result";

/** The form-level outcome of an action: an error summary, or a success note. */
export function FormMessage({ state }: { state: ActionState<unknown> }) {
  if (state.status === "error" && Object.keys(state.fieldErrors).length === 0) {
    return (
      <p role="alert" className="rounded-tremor-default bg-red-50 px-3 py-2 text-tremor-default text-red-700 dark:bg-red-950 dark:text-red-300">
        {state.message}
      </p>
    );
  }
  if (state.status === "ok" && state.message) {
    return (
      <p role="status" className="rounded-tremor-default bg-emerald-50 px-3 py-2 text-tremor-default text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300">
        {state.message}
      </p>
    );
  }
  return null;
}

export function fieldError(state: ActionState<unknown>, field: string): string | undefined {
  return state.status === "error" ? state.fieldErrors[field] : undefined;
}

/** The value to show in a field after a failed submission (what was typed), else `fallback`. */
export function submitted(state: ActionState<unknown>, field: string, fallback = ""): string {
  return (state.status === "error" && state.values?.[field]) || fallback;
}
