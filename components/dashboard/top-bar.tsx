import Link from "next/link";
import { signOutAction } from "@/lib/actions/auth";
import type { OrganizationWithRole } from "@/lib/tenancy/organizations";
import { InboxBell } from "@/components/inbox/inbox-bell";
import { Dropdown, DropdownLink, DropdownSeparator } from "./dropdown";

/**
 * Logo, organization switcher, the notifications bell and the user's menu; shown on every
 * dashboard page. The bell's first page is prefetched by the layout (PrefetchedInbox).
 */
export function TopBar({ orgs, current, email }: { orgs: OrganizationWithRole[]; current: OrganizationWithRole; email: string | null }) {
  return (
    <header className="sticky top-0 z-30 border-b border-tremor-border bg-tremor-background/90 backdrop-blur dark:border-dark-tremor-border dark:bg-dark-tremor-background/90">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4">
        <Link href={`/${current.slug}`} className="whitespace-nowrap font-bold tracking-tight text-tremor-brand">
          ◉ Vigil
        </Link>
        <span className="text-tremor-content-subtle">/</span>
        <Dropdown label={<span className="max-w-32 truncate sm:max-w-64">{current.name}</span>} testId="org-switcher">
          <p className="px-3 py-1 text-tremor-label text-tremor-content dark:text-dark-tremor-content">Organizations</p>
          {orgs.map((org) => (
            <DropdownLink key={org.id} href={`/${org.slug}`} active={org.id === current.id}>
              {org.name} <span className="text-tremor-label text-tremor-content-subtle">· {org.role}</span>
            </DropdownLink>
          ))}
          <DropdownSeparator />
          <DropdownLink href="/orgs/new">+ New organization</DropdownLink>
        </Dropdown>
        <div className="ml-auto flex items-center gap-2">
          <InboxBell />
          <Dropdown label={<span className="max-w-24 truncate sm:max-w-40">{email ?? "Account"}</span>} testId="user-menu">
            <DropdownLink href={`/${current.slug}/settings`}>Organization settings</DropdownLink>
            <DropdownSeparator />
            <form action={signOutAction}>
              <button type="submit" className="block w-full rounded-tremor-small px-3 py-1.5 text-left text-tremor-default hover:bg-tremor-background-subtle dark:hover:bg-dark-tremor-background-subtle">
                Sign out
              </button>
            </form>
          </Dropdown>
        </div>
      </div>
    </header>
  );
}
