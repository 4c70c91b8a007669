import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

/**
 * Native inputs in the dashboard's look, for the rule form: native selects and number
 * inputs keep keyboard use, autofill and tests simple, and an `error` marks the field and
 * points screen readers at its message (`<id>-error`, rendered by RuleField).
 */

const control =
  "w-full rounded-tremor-default border bg-tremor-background px-2.5 py-1.5 text-tremor-default text-tremor-content-strong shadow-tremor-input outline-none focus:ring-2 disabled:cursor-not-allowed disabled:bg-tremor-background-subtle disabled:text-tremor-content dark:bg-dark-tremor-background dark:text-dark-tremor-content-strong dark:disabled:bg-dark-tremor-background-subtle";
const tone = (error?: string) =>
  error
    ? "border-red-500 focus:border-red-500 focus:ring-red-200 dark:border-red-500 dark:focus:ring-red-900"
    : "border-tremor-border focus:border-tremor-brand-subtle focus:ring-tremor-brand-muted dark:border-dark-tremor-border dark:focus:ring-dark-tremor-brand-muted";

export function TextControl({ id, error, className = "", ...props }: InputHTMLAttributes<HTMLInputElement> & { id: string; error?: string }) {
  return <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} className={`${control} ${tone(error)} ${className}`} {...props} />;
}

export function SelectControl({ id, error, className = "", children, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { id: string; error?: string; children: ReactNode }) {
  return (
    <select id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} className={`${control} ${tone(error)} ${className}`} {...props}>
      {children}
    </select>
  );
}

/** The rule form's fields are the app's fields: label, control, then the error (from the API's pointer) or a hint. */
export { Field as RuleField } from "@/components/ui/field";

export function CheckboxField({ id, label, checked, onChange, hint, error, disabled }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void; hint?: ReactNode; error?: string; disabled?: boolean }) {
  return (
    <div className="space-y-1" data-field={id}>
      <label htmlFor={id} className="flex items-center gap-2 text-tremor-default font-medium text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">
        <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} className="h-4 w-4 rounded border-tremor-border accent-indigo-500" />
        {label}
      </label>
      {error ? (
        <p role="alert" className="text-tremor-label text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : hint ? (
        <p className="pl-6 text-tremor-label text-tremor-content dark:text-dark-tremor-content">{hint}</p>
      ) : null}
    </div>
  );
}

export function FormSection({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <section className="rounded-tremor-default border border-tremor-border bg-tremor-background p-5 shadow-tremor-card dark:border-dark-tremor-border dark:bg-dark-tremor-background">
      <h2 className="font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">{title}</h2>
      {description ? <p className="mt-0.5 text-tremor-label text-tremor-content dark:text-dark-tremor-content">{description}</p> : null}
      <div className="mt-4 space-y-4">{children}</div>
    </section>
  );
}
