"use client";

import { Button } from "@tremor/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { loadSampleDataAction } from "@/lib/actions/sample-data";
import { idle } from "@/lib/actions/action-result";
import { plural } from "@/lib/format/plural";
import { usePauseWaiting } from "./waiting-for-data";

/** The empty state's "Load sample data" button: pending while the week is generated, then the page shows it. */
export function LoadSampleData({ orgSlug, projectSlug }: { orgSlug: string; projectSlug: string }) {
  const [state, action, pending] = useActionState(loadSampleDataAction.bind(null, orgSlug, projectSlug), idle);
  const router = useRouter();
  // The page stays the empty state until the whole week is in (then the effect below refreshes it).
  usePauseWaiting(pending || state.status === "ok");
  useEffect(() => {
    // The action revalidates the project's pages; refreshing swaps the empty state for them.
    if (state.status === "ok") router.refresh();
  }, [state, router]);
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <Button type="submit" variant="secondary" loading={pending} loadingText="Generating a week of telemetry…" disabled={pending || state.status === "ok"}>
        Load sample data
      </Button>
      {state.status === "error" ? (
        <p role="alert" className="text-tremor-default text-red-600 dark:text-red-400">
          {state.message}
        </p>
      ) : null}
      {state.status === "ok" ? (
        <p role="status" className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
          Loaded {plural(state.data.accepted, "event")}. Opening the dashboard…
        </p>
      ) : null}
    </form>
  );
}
