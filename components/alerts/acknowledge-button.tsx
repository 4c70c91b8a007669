"use client";

import { Button } from "@tremor/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest, projectApi } from "./api";
import { useRefreshAlerts } from "./queries";

/**
 * Acknowledges a firing incident (members and above): renotification stops and the
 * timeline says who. `after` says what shows the change: the Alerts page refetches its
 * lists, the incident page (rendered on the server) refreshes.
 */
export function AcknowledgeButton({ projectId, incidentId, after }: { projectId: string; incidentId: string; after: "refetch" | "refresh-page" }) {
  const router = useRouter();
  const refreshAlerts = useRefreshAlerts(projectId);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function acknowledge() {
    setPending(true);
    setError(null);
    try {
      await apiRequest(projectApi(projectId, `alerts/${encodeURIComponent(incidentId)}/acknowledge`), { method: "POST" });
      await refreshAlerts();
      if (after === "refresh-page") router.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not acknowledge the incident.");
      // It may have resolved meanwhile (409): show what it is now.
      await refreshAlerts();
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="xs" variant="secondary" loading={pending} loadingText="Acknowledging…" onClick={acknowledge}>
        Acknowledge
      </Button>
      {error ? (
        <span role="alert" className="text-tremor-label text-red-600 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </div>
  );
}
