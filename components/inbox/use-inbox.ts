"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { InboxPage } from "@/lib/alerts/inbox";
import { markedRead, type InboxData, type InboxTarget } from "./inbox-cache";
import { INBOX_KEY, INBOX_PAGE_SIZE } from "./inbox-key";

/** How often the bell asks for news while the tab is visible (it also asks when the tab regains focus). */
export const INBOX_POLL_MS = 30_000;


/** A problem+json answer, kept as the sentence the bell shows. */
async function problemOf(res: Response): Promise<Error> {
  const problem = (await res.json().catch(() => null)) as { title?: string; detail?: string } | null;
  return new Error(problem?.detail ?? problem?.title ?? `The server answered ${res.status}`);
}

async function fetchInboxPage(cursor: string | null): Promise<InboxPage> {
  const qs = new URLSearchParams({ limit: String(INBOX_PAGE_SIZE) });
  if (cursor) qs.set("cursor", cursor);
  const res = await fetch(`/api/v1/inbox?${qs}`, { headers: { accept: "application/json" } });
  if (!res.ok) throw await problemOf(res);
  return (await res.json()) as InboxPage;
}

async function postRead(target: InboxTarget): Promise<{ marked: number; unread: number }> {
  // keepalive: marking the item the user clicked must survive the navigation the click starts.
  const res = await fetch("/api/v1/inbox/read", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(target),
    keepalive: true,
  });
  if (!res.ok) throw await problemOf(res);
  return (await res.json()) as { marked: number; unread: number };
}

/**
 * GET /api/v1/inbox as pages behind a cursor (newest first), hydrated from the top bar's
 * prefetch. Every page carries the unread count across all notifications; the first
 * page's is the freshest. Polls every 30 s and on focus; a refetch re-reads each loaded
 * page from the start, so a page never skips what a newer notification pushed down.
 */
export function useInbox() {
  return useInfiniteQuery({
    queryKey: INBOX_KEY,
    queryFn: ({ pageParam }) => fetchInboxPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: INBOX_POLL_MS,
    refetchOnWindowFocus: true,
    // Below the poll interval, so coming back to the tab asks again unless it just did.
    staleTime: 10_000,
  });
}

/**
 * POST /api/v1/inbox/read: shows the items read at once (optimistically), takes the
 * server's unread count when it answers, and puts everything back if it fails.
 */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: postRead,
    onMutate: async (target) => {
      await client.cancelQueries({ queryKey: INBOX_KEY });
      const previous = client.getQueryData<InboxData>(INBOX_KEY);
      client.setQueryData<InboxData>(INBOX_KEY, markedRead(previous, target));
      return { previous };
    },
    onSuccess: ({ unread }) => {
      client.setQueryData<InboxData>(INBOX_KEY, (data) => data && { ...data, pages: data.pages.map((p) => ({ ...p, unread })) });
    },
    onError: (_error, _target, context) => {
      if (context?.previous) client.setQueryData(INBOX_KEY, context.previous);
    },
  });
}

/** Back to the first page (when the panel closes): polling then re-reads one page, not every page once loaded. */
export function useTrimInbox() {
  const client = useQueryClient();
  return () =>
    client.setQueryData<InboxData>(INBOX_KEY, (data) => (data && data.pages.length > 1 ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } : data));
}
