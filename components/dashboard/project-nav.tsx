"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export const PROJECT_SECTIONS = [
  { segment: "", label: "Overview" },
  { segment: "deployments", label: "Deployments" },
  { segment: "functions", label: "Functions" },
  { segment: "requests", label: "Requests" },
  { segment: "errors", label: "Errors" },
  { segment: "logs", label: "Logs" },
  { segment: "vitals", label: "Vitals" },
  { segment: "alerts", label: "Alerts" },
  { segment: "settings", label: "Settings" },
] as const;

/** The project's sections: a sidebar on wide screens, a scrolling strip on phones. */
export function ProjectNav({ base }: { base: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Project" className="flex gap-1 overflow-x-auto md:flex-col md:overflow-visible">
      {PROJECT_SECTIONS.map(({ segment, label }) => {
        const href = segment ? `${base}/${segment}` : base;
        const active = segment ? pathname === href || pathname.startsWith(`${href}/`) : pathname === base;
        return (
          <Link
            key={label}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`whitespace-nowrap rounded-tremor-small px-3 py-2 text-tremor-default ${
              active
                ? "bg-tremor-brand-faint font-medium text-tremor-brand dark:bg-dark-tremor-brand-faint dark:text-dark-tremor-brand-emphasis"
                : "text-tremor-content-emphasis hover:bg-tremor-background-subtle dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-subtle"
            }`}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
