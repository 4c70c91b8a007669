"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** Tabs of a settings area; the active one follows the URL. */
export function SettingsTabs({ tabs }: { tabs: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="mb-6 flex gap-1 overflow-x-auto border-b border-tremor-border dark:border-dark-tremor-border">
      {tabs.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-tremor-default ${
              active
                ? "border-tremor-brand font-medium text-tremor-brand"
                : "border-transparent text-tremor-content hover:text-tremor-content-emphasis dark:text-dark-tremor-content"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
