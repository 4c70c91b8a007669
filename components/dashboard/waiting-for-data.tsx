"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

const Pause = createContext<{ paused: boolean; setPaused: (paused: boolean) => void }>({ paused: false, setPaused: () => {} });

/** Around an empty state: lets work on it (loading sample data) hold WaitingForData's refreshes. */
export function WaitingScope({ children }: { children: ReactNode }) {
  const [paused, setPaused] = useState(false);
  const value = useMemo(() => ({ paused, setPaused }), [paused]);
  return <Pause.Provider value={value}>{children}</Pause.Provider>;
}

/**
 * Holds the refreshes while `pause` is true: loading sample data stores its first events
 * long before it is done, and the page must not turn into a half-loaded dashboard under
 * the button that shows its progress.
 */
export function usePauseWaiting(pause: boolean): void {
  const { setPaused } = useContext(Pause);
  useEffect(() => setPaused(pause), [pause, setPaused]);
}

/**
 * Says the empty state is waiting, and re-renders the page every few seconds (while the tab
 * is visible) until the first event arrives: the page turns into its data by itself, with
 * no reload, right after the user sends their first request.
 */
export function WaitingForData({ everyMs = 5000 }: { everyMs?: number }) {
  const router = useRouter();
  const { paused } = useContext(Pause);
  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs, paused]);
  return (
    <p role="status" className="mt-1 flex items-center gap-2 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
      <span className="inline-block h-2 w-2 animate-pulse rounded-full bg-tremor-brand" aria-hidden />
      Waiting for the first event — this page updates by itself.
    </p>
  );
}
