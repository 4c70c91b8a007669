import { KpiCard } from "@/components/ui/kpi-card";
import type { KindSummary } from "@/lib/analytics/compare";
import { rate } from "@/lib/rate";
import { formatCount, formatMs, formatRate } from "./format";

/** KPI cards of a functions or requests view, each against the previous window. */
export function SummaryKpis({ kind, summary: s, previous: p }: { kind: "invocation" | "request"; summary: KindSummary; previous: KindSummary }) {
  const p95 = <KpiCard label="p95" value={formatMs(s.p95)} current={s.p95} previous={p.p95} better="down" detail={`p50 ${formatMs(s.p50)} · p99 ${formatMs(s.p99)}`} />;
  if (kind === "invocation") {
    return (
      <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <KpiCard label="Invocations" value={formatCount(s.count)} current={s.count} previous={p.count} />
        <KpiCard label="Error rate" value={formatRate(rate(s.errors, s.count))} current={rate(s.errors, s.count)} previous={rate(p.errors, p.count)} better="down" detail={`${formatCount(s.errors)} failed`} />
        {p95}
        <KpiCard label="Cold starts" value={formatRate(rate(s.coldStarts, s.count))} current={rate(s.coldStarts, s.count)} previous={rate(p.coldStarts, p.count)} better="down" />
      </div>
    );
  }
  return (
    <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <KpiCard label="Requests" value={formatCount(s.count)} current={s.count} previous={p.count} />
      <KpiCard label="5xx rate" value={formatRate(rate(s.errors, s.count))} current={rate(s.errors, s.count)} previous={rate(p.errors, p.count)} better="down" />
      <KpiCard label="4xx rate" value={formatRate(rate(s.clientErrors, s.count))} current={rate(s.clientErrors, s.count)} previous={rate(p.clientErrors, p.count)} better="down" />
      {p95}
    </div>
  );
}
