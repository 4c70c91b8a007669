import { Badge } from "@tremor/react";
import type { AlertState, Severity } from "@/lib/db/schema";
import { SEVERITY_COLORS, STATE_COLORS } from "./format";

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <Badge color={SEVERITY_COLORS[severity]} data-testid="severity">
      {severity}
    </Badge>
  );
}

/** A rule's state; a disabled rule is not judged, and a new one not yet, so they say that instead. */
export function StateBadge({ state, enabled = true, evaluated = true }: { state: AlertState; enabled?: boolean; evaluated?: boolean }) {
  if (!enabled || !evaluated) {
    return (
      <Badge color="gray" data-testid="rule-state" title={enabled ? "Judged from the next closed minute on" : "Not evaluated while disabled"}>
        {enabled ? "waiting" : "disabled"}
      </Badge>
    );
  }
  return (
    <Badge color={STATE_COLORS[state]} data-testid="rule-state">
      {state}
    </Badge>
  );
}
