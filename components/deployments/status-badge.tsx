import { Badge } from "@tremor/react";
import type { PaletteColor } from "@/components/ui/palette";

const COLORS: Record<string, PaletteColor> = { succeeded: "emerald", failed: "rose", canceled: "gray", building: "amber", started: "blue" };

export function DeploymentStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={COLORS[status] ?? "gray"} data-testid="deployment-status">
      {status}
    </Badge>
  );
}
