import type { Metadata } from "next";
import { dataPage } from "@/components/dashboard/awaiting-data";
import { OverviewView } from "@/components/overview/overview-view";
import { getOverview } from "@/lib/analytics/overview";
import { rangeParam, resolveWindow } from "@/lib/analytics/window";

export const metadata: Metadata = { title: "Overview" };

export default dataPage("overview", async ({ org, project, db, searchParams }) => {
  const range = rangeParam(searchParams.range);
  const overview = await getOverview(db, project.id, resolveWindow({ range }));
  return <OverviewView overview={overview} range={range} basePath={`/${org.slug}/${project.slug}`} />;
});
