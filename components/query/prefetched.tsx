import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { projectViewKey, type ViewName, type ViewParams } from "./view-key";

export interface ViewPrefetch {
  view: ViewName;
  params: ViewParams;
  /** The same lib/analytics call the API route makes for these params. */
  load: () => Promise<unknown>;
}

/**
 * Runs a page's read queries on the server (concurrently) and hands the results to the
 * client cache, shaped exactly as the API answers them (JSON round trip: dates become ISO
 * strings), so the client's later refetches replace like with like.
 */
export async function Prefetched({ projectId, views, children }: { projectId: string; views: ViewPrefetch[]; children: ReactNode }) {
  const client = new QueryClient();
  await Promise.all(
    views.map(async ({ view, params, load }) => {
      client.setQueryData(projectViewKey(projectId, view, params), JSON.parse(JSON.stringify(await load())));
    }),
  );
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
