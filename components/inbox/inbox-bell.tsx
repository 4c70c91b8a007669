"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import type { InboxItem } from "@/lib/alerts/inbox";
import { noticeHeadline } from "@/lib/alerts/notices";
import { timeAgo } from "@/lib/format/relative-time";
import { severityColors } from "@/components/ui/severity";
import { unreadBadge } from "./inbox-cache";
import { useInbox, useMarkRead, useTrimInbox } from "./use-inbox";

/**
 * The bell of the top bar: the signed-in user's unread notifications across every project
 * of their organizations, and a panel listing them. Closes on Escape (focus goes back to
 * the bell) and on a click outside.
 */
export function InboxBell() {
  const [open, setOpen] = useState(false);
  const inbox = useInbox();
  const trim = useTrimInbox();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const unread = inbox.data?.pages[0]?.unread ?? 0;

  const close = (returnFocus: boolean) => {
    setOpen(false);
    trim();
    if (returnFocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") close(true);
    };
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) close(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
    // Re-subscribed when the panel opens or closes; `close` reads nothing that changes meanwhile.
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-haspopup="dialog"
        data-testid="inbox-bell"
        onClick={() => (open ? close(false) : setOpen(true))}
        className="relative flex h-8 w-8 items-center justify-center rounded-tremor-small text-tremor-content-emphasis hover:bg-tremor-background-subtle focus-visible:outline focus-visible:outline-2 focus-visible:outline-tremor-brand dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-subtle"
      >
        <BellIcon />
        {unread > 0 ? (
          <span
            aria-hidden
            data-testid="inbox-count"
            className="absolute -right-1 -top-1 min-w-[1.25rem] rounded-full bg-red-600 px-1 text-center text-[11px] font-semibold leading-5 tabular-nums text-white ring-2 ring-tremor-background dark:ring-dark-tremor-background"
          >
            {unreadBadge(unread)}
          </span>
        ) : null}
      </button>
      {open ? <InboxPanel id={panelId} onNavigate={() => close(false)} /> : null}
    </div>
  );
}

function InboxPanel({ id, onNavigate }: { id: string; onNavigate: () => void }) {
  const inbox = useInbox();
  const markRead = useMarkRead();
  const panel = useRef<HTMLDivElement>(null);
  const items = inbox.data?.pages.flatMap((p) => p.data);
  const unread = inbox.data?.pages[0]?.unread ?? 0;
  const now = Date.now();

  // Keyboard users land in the panel; Tab moves through its links and buttons.
  useEffect(() => panel.current?.focus(), []);

  const muted = "text-tremor-content dark:text-dark-tremor-content";
  let body;
  if (!items) {
    body = inbox.error ? (
      <div role="alert" className="px-4 py-6 text-center text-tremor-default">
        <p className="font-medium text-red-700 dark:text-red-400">Could not load notifications</p>
        <p className={`mt-1 ${muted}`}>{inbox.error.message}</p>
        <button type="button" onClick={() => inbox.refetch()} className="mt-3 rounded-tremor-default border border-tremor-border px-3 py-1 dark:border-dark-tremor-border">
          Try again
        </button>
      </div>
    ) : (
      <ul aria-busy="true" aria-label="Loading notifications" className="space-y-3 px-4 py-4">
        {[0, 1, 2].map((i) => (
          <li key={i} className="h-12 animate-pulse rounded-tremor-small bg-tremor-background-subtle dark:bg-dark-tremor-background-subtle" />
        ))}
      </ul>
    );
  } else if (items.length === 0) {
    body = (
      <div className="px-6 py-8 text-center" data-testid="inbox-empty">
        <BellIcon className="mx-auto h-6 w-6 text-tremor-content-subtle" />
        <p className="mt-2 font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">No notifications yet</p>
        <p className={`mt-1 text-tremor-default ${muted}`}>Alerts you set up on a project&rsquo;s Alerts page show up here.</p>
      </div>
    );
  } else {
    body = (
      <ul className="divide-y divide-tremor-border dark:divide-dark-tremor-border">
        {items.map((item) => (
          <InboxRow
            key={item.id}
            item={item}
            now={now}
            onOpen={() => {
              if (!item.read) markRead.mutate({ ids: [item.id] });
              onNavigate();
            }}
          />
        ))}
      </ul>
    );
  }

  return (
    <div
      ref={panel}
      id={id}
      role="dialog"
      aria-label="Notifications"
      tabIndex={-1}
      data-testid="inbox-panel"
      // On a phone the bell sits left of the user menu: the panel spans the screen instead of hanging off its left edge.
      className="fixed inset-x-3 top-16 z-40 flex max-h-[min(36rem,calc(100vh-5rem))] flex-col sm:absolute sm:inset-x-auto sm:right-0 sm:top-full sm:mt-2 sm:w-[26rem] overflow-hidden rounded-tremor-default border border-tremor-border bg-tremor-background shadow-tremor-dropdown outline-none dark:border-dark-tremor-border dark:bg-dark-tremor-background"
    >
      <div className="flex items-center justify-between gap-3 border-b border-tremor-border px-4 py-2.5 dark:border-dark-tremor-border">
        <h2 className="font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">
          Notifications
          {unread > 0 ? <span className={`ml-2 text-tremor-default font-normal ${muted}`}>{unread} unread</span> : null}
        </h2>
        <button
          type="button"
          disabled={unread === 0 || markRead.isPending}
          onClick={() => markRead.mutate({ all: true })}
          className="rounded-tremor-small px-2 py-1 text-tremor-default font-medium text-tremor-brand hover:bg-tremor-brand-faint disabled:cursor-default disabled:text-tremor-content-subtle disabled:hover:bg-transparent dark:hover:bg-dark-tremor-brand-faint"
        >
          Mark all read
        </button>
      </div>
      {markRead.error ? (
        <p role="alert" className="border-b border-tremor-border bg-red-50 px-4 py-2 text-tremor-label text-red-700 dark:border-dark-tremor-border dark:bg-red-950/40 dark:text-red-400">
          Could not mark as read: {markRead.error.message}
        </p>
      ) : null}
      {items && inbox.isRefetchError ? (
        <p role="status" className={`border-b border-tremor-border px-4 py-2 text-tremor-label dark:border-dark-tremor-border ${muted}`}>
          Could not refresh: {inbox.error?.message}. Showing what was loaded before.
        </p>
      ) : null}
      <div className="min-h-0 flex-1 overflow-y-auto">
        {body}
        {inbox.hasNextPage ? (
          <div className="border-t border-tremor-border p-2 text-center dark:border-dark-tremor-border">
            <button
              type="button"
              disabled={inbox.isFetchingNextPage}
              onClick={() => inbox.fetchNextPage()}
              className="w-full rounded-tremor-small px-3 py-1.5 text-tremor-default font-medium text-tremor-brand hover:bg-tremor-brand-faint disabled:text-tremor-content-subtle dark:hover:bg-dark-tremor-brand-faint"
            >
              {inbox.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
            {inbox.isFetchNextPageError ? <p role="alert" className="mt-1 text-tremor-label text-red-700 dark:text-red-400">Could not load more: {inbox.error?.message}</p> : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

const STATUS_WORDS: Record<string, string> = { "alert.firing": "Firing", "alert.renotify": "Still firing", "alert.resolved": "Resolved", "alert.test": "Test" };

/** One notification: severity colour, what happened, where and when; bold with a dot while unread. */
function InboxRow({ item, now, onOpen }: { item: InboxItem; now: number; onOpen: () => void }) {
  const colors = severityColors(item.severity);
  const resolved = item.type === "alert.resolved";
  const status = [STATUS_WORDS[item.type], item.severity].filter(Boolean).join(" · ");
  return (
    <li data-testid="inbox-item" data-read={item.read ? "true" : "false"}>
      <Link
        href={item.href}
        onClick={onOpen}
        className={`flex gap-3 border-l-4 px-4 py-3 hover:bg-tremor-background-muted focus-visible:bg-tremor-background-muted focus-visible:outline-none dark:hover:bg-dark-tremor-background-muted dark:focus-visible:bg-dark-tremor-background-muted ${colors.bar} ${item.read ? "" : "bg-tremor-brand-faint/40 dark:bg-dark-tremor-brand-faint/20"}`}
      >
        <span className="min-w-0 flex-1">
          {status ? (
            <span className={`block text-tremor-label font-semibold uppercase tracking-wide ${resolved ? "text-emerald-700 dark:text-emerald-400" : colors.text}`}>
              {resolved ? "✓ " : ""}
              {status}
            </span>
          ) : null}
          <span className={`block truncate text-tremor-default text-tremor-content-strong dark:text-dark-tremor-content-strong ${item.read ? "" : "font-semibold"}`}>
            {noticeHeadline(item.title, item.project.name)}
          </span>
          <span className="mt-0.5 block text-tremor-label text-tremor-content dark:text-dark-tremor-content">{item.body}</span>
          <span className="mt-1 block text-tremor-label text-tremor-content-subtle">
            {item.project.name} · <time dateTime={item.createdAt} title={new Date(item.createdAt).toLocaleString()}>{timeAgo(item.createdAt, now)}</time>
          </span>
        </span>
        {item.read ? null : (
          <span className="mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full bg-tremor-brand" data-testid="unread-dot">
            <span className="sr-only">Unread</span>
          </span>
        )}
      </Link>
    </li>
  );
}

function BellIcon({ className = "h-5 w-5" }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" className={className}>
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
