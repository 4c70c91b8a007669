"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";

const PRESETS = ["1h", "6h", "24h", "7d", "30d"] as const;

/** The current URL with some parameters replaced (undefined removes); paging restarts. */
function useHrefWith() {
  const pathname = usePathname();
  const search = useSearchParams();
  return (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    next.delete("cursor");
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    const qs = next.toString();
    return qs ? `${pathname}?${qs}` : pathname;
  };
}

const toLocalInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/**
 * The time-range picker (presets and custom bounds) and the live toggle. All state lives in
 * the URL, so a copied link reproduces the view; navigation re-renders the page on the
 * server, which prefetches the new window.
 */
export function TimeControls({ updatedAt, fetching }: { updatedAt?: number; fetching?: boolean }) {
  const search = useSearchParams();
  const router = useRouter();
  const hrefWith = useHrefWith();
  const custom = Boolean(search.get("from"));
  const current = custom ? null : (search.get("range") ?? "24h");
  const live = search.get("live") === "1" && !custom;
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function applyCustom(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = Date.parse(String(form.get("from")));
    const to = Date.parse(String(form.get("to")));
    if (!Number.isFinite(from) || !Number.isFinite(to)) return setError("Enter both a start and an end.");
    if (to <= from) return setError("The end must be after the start.");
    if (to - from > 400 * 86_400_000) return setError("A window spans at most 400 days.");
    setError(null);
    setEditing(false);
    router.push(hrefWith({ range: undefined, live: undefined, from: String(from), to: String(to) }));
  }

  const pill = (active: boolean) =>
    `rounded-tremor-small px-2.5 py-1 text-tremor-default ${
      active ? "bg-tremor-brand text-white" : "text-tremor-content hover:bg-tremor-background-subtle dark:text-dark-tremor-content dark:hover:bg-dark-tremor-background-subtle"
    }`;

  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <div className="flex flex-wrap items-center gap-2">
        <nav aria-label="Time range" className="inline-flex rounded-tremor-default border border-tremor-border p-0.5 dark:border-dark-tremor-border">
          {PRESETS.map((range) => (
            <Link key={range} href={hrefWith({ range, from: undefined, to: undefined })} aria-current={range === current ? "true" : undefined} className={pill(range === current)}>
              {range}
            </Link>
          ))}
          <button type="button" onClick={() => setEditing((v) => !v)} aria-expanded={editing} aria-current={custom ? "true" : undefined} className={pill(custom)}>
            Custom
          </button>
        </nav>
        {custom ? (
          <span className="text-tremor-label text-tremor-content dark:text-dark-tremor-content" title="Live mode needs a range that ends now">
            Fixed window
          </span>
        ) : (
          <Link
            href={hrefWith({ live: live ? undefined : "1" })}
            aria-pressed={live}
            data-testid="live-toggle"
            className={`inline-flex items-center gap-1.5 rounded-tremor-default border px-2.5 py-1 text-tremor-default ${
              live ? "border-emerald-500 text-emerald-700 dark:text-emerald-400" : "border-tremor-border text-tremor-content dark:border-dark-tremor-border dark:text-dark-tremor-content"
            }`}
          >
            <span className={`h-2 w-2 rounded-full ${live ? "animate-pulse bg-emerald-500" : "bg-tremor-content-subtle"}`} aria-hidden />
            {live ? "Live" : "Go live"}
          </Link>
        )}
      </div>
      {live && updatedAt ? (
        <p className="text-tremor-label text-tremor-content dark:text-dark-tremor-content" role="status" aria-live="polite">
          {fetching ? "Refreshing…" : `Updated ${new Date(updatedAt).toLocaleTimeString()} · every 15 s`}
        </p>
      ) : null}
      {editing ? (
        <form onSubmit={applyCustom} className="flex flex-wrap items-end gap-2 rounded-tremor-default border border-tremor-border p-2 dark:border-dark-tremor-border" aria-label="Custom time range">
          <label className="flex flex-col text-tremor-label text-tremor-content dark:text-dark-tremor-content">
            From
            <input type="datetime-local" name="from" required defaultValue={toLocalInput(Date.now() - 86_400_000)} className="rounded border border-tremor-border bg-transparent px-2 py-1 text-tremor-default dark:border-dark-tremor-border" />
          </label>
          <label className="flex flex-col text-tremor-label text-tremor-content dark:text-dark-tremor-content">
            To
            <input type="datetime-local" name="to" required defaultValue={toLocalInput(Date.now())} className="rounded border border-tremor-border bg-transparent px-2 py-1 text-tremor-default dark:border-dark-tremor-border" />
          </label>
          <button type="submit" className="rounded-tremor-default bg-tremor-brand px-3 py-1.5 text-tremor-default text-white">Apply</button>
          {error ? <p role="alert" className="w-full text-tremor-label text-red-600 dark:text-red-400">{error}</p> : null}
        </form>
      ) : null}
    </div>
  );
}
