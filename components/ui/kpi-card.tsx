import { Card } from "@tremor/react";

/**
 * A KPI with its change against the previous window of equal length. `better` says which
 * direction is good news, so "+40% errors" reads red and "+40% requests" reads neutral.
 */
export function KpiCard({
  label,
  value,
  current,
  previous,
  better = "neutral",
  detail,
}: {
  label: string;
  value: string;
  current?: number | null;
  previous?: number | null;
  better?: "up" | "down" | "neutral";
  detail?: string;
}) {
  return (
    <Card className="p-4" data-testid={`kpi-${label}`}>
      <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong">{value}</p>
      {current !== undefined ? <Change current={current} previous={previous ?? null} better={better} /> : null}
      {detail ? <p className="mt-1 text-tremor-label text-tremor-content dark:text-dark-tremor-content">{detail}</p> : null}
    </Card>
  );
}

/** "▲ 12% vs previous window", green or red by which direction is good news. */
export function Change({ current, previous, better = "down" }: { current: number | null; previous: number | null; better?: "up" | "down" | "neutral" }) {
  const muted = "text-tremor-content dark:text-dark-tremor-content";
  let text: string;
  let tone = muted;
  if (current === null || previous === null) text = "no data in the previous window";
  else if (previous === 0) text = current === 0 ? "no change vs previous window" : "up from 0 in the previous window";
  else {
    const change = (current - previous) / Math.abs(previous);
    if (Math.abs(change) < 0.005) text = "no change vs previous window";
    else {
      const pct = Math.abs(change) >= 10 ? `${Math.round(change)}×` : `${(Math.abs(change) * 100).toFixed(Math.abs(change) < 0.1 ? 1 : 0)}%`;
      text = `${change > 0 ? "▲" : "▼"} ${pct} vs previous window`;
      if (better !== "neutral") {
        const good = (change > 0) === (better === "up");
        tone = good ? "text-emerald-600 dark:text-emerald-400" : "text-red-600 dark:text-red-400";
      }
    }
  }
  return (
    <p className={`mt-1 text-tremor-label ${tone}`} data-testid="kpi-change">
      {text}
    </p>
  );
}
