import type { ReactNode } from "react";
import { TopBar } from "@/components/dashboard/top-bar";
import { INBOX_PAGE_SIZE } from "@/components/inbox/inbox-key";
import { PrefetchedInbox } from "@/components/inbox/prefetched-inbox";
import { QueryProvider } from "@/components/query/query-provider";
import { getInbox } from "@/lib/alerts/inbox";
import { requireOrg } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { listOrganizationsForUser } from "@/lib/tenancy/organizations";

/**
 * Every page of an organization: the top bar over the page. One query client for the
 * organization's pages, so the bell keeps its state (and its polling) across navigations.
 */
export default async function OrganizationLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const { user, org } = await requireOrg(orgSlug);
  const db = await getDb();
  const [orgs, inbox] = await Promise.all([listOrganizationsForUser(db, user.userId), getInbox(db, user.userId, { limit: INBOX_PAGE_SIZE })]);
  return (
    <QueryProvider>
      <PrefetchedInbox page={inbox}>
        <TopBar orgs={orgs} current={org} email={user.email} />
      </PrefetchedInbox>
      {children}
    </QueryProvider>
  );
}
