import type { VitalShares } from "@/lib/analytics/web-vitals";
import { RATING_FILL, RATING_LABELS, RATING_TEXT } from "./format";

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The good / needs-improvement / poor split of the samples, as one stacked bar with its figures. */
export function ShareBar({ shares }: { shares: VitalShares | null }) {
  if (!shares) return <div className="h-2 rounded-full bg-tremor-background-subtle dark:bg-dark-tremor-background-subtle" aria-label="No samples" />;
  const parts = [
    { rating: "good", share: shares.good },
    { rating: "needs-improvement", share: shares.needsImprovement },
    { rating: "poor", share: shares.poor },
  ] as const;
  const label = parts.map((p) => `${RATING_LABELS[p.rating]} ${percent(p.share)}`).join(", ");
  return (
    <div>
      <div className="flex h-2 overflow-hidden rounded-full bg-tremor-background-subtle dark:bg-dark-tremor-background-subtle" role="img" aria-label={label} title={label}>
        {parts.map((p) => (p.share > 0 ? <div key={p.rating} className={RATING_FILL[p.rating]} style={{ width: `${p.share * 100}%` }} /> : null))}
      </div>
      <div className="mt-1 flex justify-between text-tremor-label tabular-nums">
        {parts.map((p) => (
          <span key={p.rating} className={RATING_TEXT[p.rating]}>
            {percent(p.share)}
          </span>
        ))}
      </div>
    </div>
  );
}
