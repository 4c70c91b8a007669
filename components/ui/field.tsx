import type { ReactNode } from "react";

/** Label + control + inline error (or a hint), wired for screen readers. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
  className = "",
}: {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`space-y-1 ${className}`} data-field={id}>
      <label htmlFor={id} className="block text-tremor-default font-medium text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-tremor-label text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-tremor-label text-tremor-content dark:text-dark-tremor-content">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
