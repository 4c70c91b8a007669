import type { Metadata } from "next";
import { dataPage } from "@/app/(dashboard)/[org]/[project]/(sections)/section-page";
import { LogsView, type LogFilters } from "@/components/logs/logs-view";
import { Prefetched } from "@/components/query/prefetched";
import { LOGS_CURSOR, logsQuery, searchLogs } from "@/lib/analytics/logs";
import { getOverview } from "@/lib/analytics/overview";
import { windowOf, windowParams } from "@/lib/analytics/window";
import { cursorFromUrl } from "@/lib/pagination";

export const metadata: Metadata = { title: "Logs" };

export default dataPage("logs", async ({ project, db, searchParams: sp }) => {
  const window = windowParams(sp);
  // A hand-edited URL with bad filter values shows everything, and a bad cursor the first
  // page, rather than an error page.
  const cursor = cursorFromUrl(LOGS_CURSOR, sp.cursor);
  const filters: LogFilters = logsQuery.safeParse({ q: sp.q || undefined, level: sp.level || undefined, cursor }).success
    ? { q: sp.q || undefined, level: sp.level || undefined, cursor }
    : {};
  const params = { ...window, ...filters, limit: "100" };
  return (
    <Prefetched
      projectId={project.id}
      views={[
        { view: "overview", params: window, load: () => getOverview(db, project.id, windowOf(window)) },
        { view: "logs", params, load: () => searchLogs(db, project.id, logsQuery.parse(params)) },
      ]}
    >
      <LogsView projectId={project.id} window={window} filters={filters} />
    </Prefetched>
  );
});
