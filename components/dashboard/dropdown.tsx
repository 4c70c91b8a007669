import Link from "next/link";
import type { ReactNode } from "react";

/** A menu of links that works without JavaScript (details/summary). */
export function Dropdown({ label, testId, children }: { label: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <details className="group relative" data-testid={testId}>
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded-tremor-small px-2 py-1 text-tremor-default font-medium hover:bg-tremor-background-subtle dark:hover:bg-dark-tremor-background-subtle">
        {label}
        <span aria-hidden className="text-tremor-content-subtle transition group-open:rotate-180">▾</span>
      </summary>
      <div className="absolute left-0 z-20 mt-1 min-w-56 rounded-tremor-default border border-tremor-border bg-tremor-background p-1 shadow-tremor-dropdown dark:border-dark-tremor-border dark:bg-dark-tremor-background">
        {children}
      </div>
    </details>
  );
}

export function DropdownLink({ href, active, children }: { href: string; active?: boolean; children: ReactNode }) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`block rounded-tremor-small px-3 py-1.5 text-tremor-default hover:bg-tremor-background-subtle dark:hover:bg-dark-tremor-background-subtle ${active ? "font-semibold text-tremor-brand" : ""}`}
    >
      {children}
    </Link>
  );
}

export function DropdownSeparator() {
  return <hr className="my-1 border-tremor-border dark:border-dark-tremor-border" />;
}
