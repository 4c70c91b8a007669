"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { projectViewKey, type ViewName, type ViewParams } from "./view-key";

/** How often live mode refetches. */
export const LIVE_INTERVAL_MS = 15_000;

/** A problem+json answer from the read API, kept as the message the page shows. */
export class ViewError extends Error {}

async function fetchView<T>(projectId: string, view: ViewName, params: ViewParams): Promise<T> {
  const qs = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  const res = await fetch(`/api/v1/projects/${encodeURIComponent(projectId)}/${view}?${qs}`, { headers: { accept: "application/json" } });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as { title?: string; detail?: string } | null;
    throw new ViewError(problem?.detail ?? problem?.title ?? `The server answered ${res.status}`);
  }
  return (await res.json()) as T;
}

/** Whether the page's URL asks for live mode (`?live=1`); only relative ranges can be live. */
export function useLiveMode(): boolean {
  const search = useSearchParams();
  return search.get("live") === "1" && !search.get("from");
}

/**
 * A read-API view of a project, hydrated from the server's prefetch under the same key;
 * in live mode it refetches every 15 s and keeps showing the previous figures meanwhile.
 */
export function useProjectView<T>(projectId: string, view: ViewName, params: ViewParams) {
  const live = useLiveMode();
  return useQuery({
    queryKey: projectViewKey(projectId, view, params),
    queryFn: () => fetchView<T>(projectId, view, params),
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
    placeholderData: keepPreviousData,
  });
}
