"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export interface LogRow {
  id: string;
  ts: string;
  level: string;
  message: string;
  environment: string;
  deploymentId: string | null;
  attributes: Record<string, string | number | boolean> | null;
}

const TAIL_INTERVAL_MS = 2_000;
/** Lines kept in the tail; older ones drop off the top of memory, not the database. */
const TAIL_MAX_LINES = 500;

/**
 * Live tail: while on, asks for lines newer than the newest one shown every 2 s (the same
 * `GET /logs` with `from`), newest first, deduplicated by id.
 */
export function useLogTail(projectId: string, filters: { q?: string; level?: string }, newestShown: string | undefined) {
  const [on, setOn] = useState(false);
  const [lines, setLines] = useState<LogRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const since = useRef<number>(0);

  useEffect(() => {
    if (!on) return;
    let stopped = false;
    const tick = async () => {
      const qs = new URLSearchParams({ from: String(since.current), limit: "200" });
      if (filters.q) qs.set("q", filters.q);
      if (filters.level) qs.set("level", filters.level);
      try {
        const res = await fetch(`/api/v1/projects/${encodeURIComponent(projectId)}/logs?${qs}`);
        if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { title?: string } | null)?.title ?? `HTTP ${res.status}`);
        const { data } = (await res.json()) as { data: LogRow[] };
        if (stopped) return;
        setError(null);
        if (data.length > 0) {
          since.current = Math.max(since.current, Date.parse(data[0].ts));
          setLines((old) => {
            const seen = new Set(old.map((l) => l.id));
            return [...data.filter((l) => !seen.has(l.id)), ...old].slice(0, TAIL_MAX_LINES);
          });
        }
      } catch (e) {
        if (!stopped) setError(e instanceof Error ? e.message : String(e));
      }
    };
    const timer = setInterval(tick, TAIL_INTERVAL_MS);
    void tick();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [on, projectId, filters.q, filters.level]);

  const toggle = useCallback(() => {
    setOn((was) => {
      if (!was) {
        // Start from the newest line on screen, so nothing between the page and the tail is missed
        // (lines at that same instant come back and are dropped as already shown).
        since.current = newestShown ? Date.parse(newestShown) : Date.now() - 60_000;
        setLines([]);
      }
      return !was;
    });
  }, [newestShown]);

  return { on, toggle, lines, error };
}
