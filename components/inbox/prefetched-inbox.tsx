import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { InboxPage } from "@/lib/alerts/inbox";
import { INBOX_KEY } from "./inbox-key";

/**
 * Hands the inbox's first page, read on the server, to the bell's infinite query: the count
 * is there on the first paint, with no request from the browser. Stored as GET
 * /api/v1/inbox answers it (a JSON round trip: dates become strings), one page, no cursor.
 */
export function PrefetchedInbox({ page, children }: { page: InboxPage; children: ReactNode }) {
  const client = new QueryClient();
  client.setQueryData(INBOX_KEY, { pages: [JSON.parse(JSON.stringify(page)) as InboxPage], pageParams: [null] });
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
