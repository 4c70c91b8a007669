import { cloneElement, isValidElement, type ReactNode } from "react";

/**
 * Label + control + inline error (or a hint), wired for screen readers: the control (a
 * single element child) is described by the message below it and marked invalid while
 * there is an error, unless it says otherwise itself.
 */
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
      {describe(children, error ? `${id}-error` : hint ? `${id}-hint` : undefined, Boolean(error))}
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

function describe(children: ReactNode, messageId: string | undefined, invalid: boolean): ReactNode {
  if (!messageId || !isValidElement<Record<string, unknown>>(children)) return children;
  const own = children.props;
  return cloneElement(children, {
    "aria-describedby": own["aria-describedby"] ?? messageId,
    "aria-invalid": own["aria-invalid"] ?? (invalid ? true : undefined),
  });
}
