import { Badge } from "@tremor/react";

const COLORS: Record<string, string> = { succeeded: "emerald", failed: "rose", canceled: "gray", building: "amber", started: "blue" };

export function DeploymentStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={COLORS[status] ?? "gray"} data-testid="deployment-status">
      {status}
    </Badge>
  );
}
