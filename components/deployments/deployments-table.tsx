import { TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@tremor/react";
import { ScrollTable } from "@/components/ui/scroll-table";
import Link from "next/link";
import type { DeploymentItem } from "@/lib/analytics/deployments";
import { deploymentHref, formatDuration, formatWhen, shortSha } from "./format";
import { DeploymentStatusBadge } from "./status-badge";

/**
 * One row per deployment, newest first as the API answers; the commit links to its detail page.
 * Kept narrow enough for the card at common widths (long messages and branches truncate, the
 * framework sits under the environment); when it is still wider, it scrolls inside the card.
 */
export function DeploymentsTable({ items, basePath }: { items: DeploymentItem[]; basePath: string }) {
  return (
    <ScrollTable label="Deployments">
      <TableHead>
        <TableRow>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Commit</TableHeaderCell>
          <TableHeaderCell>Branch</TableHeaderCell>
          <TableHeaderCell>Environment</TableHeaderCell>
          <TableHeaderCell>Started (UTC)</TableHeaderCell>
          <TableHeaderCell className="text-right">Duration</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map((d) => (
          <TableRow key={d.deploymentId} data-testid="deployment-row">
            <TableCell>
              <DeploymentStatusBadge status={d.status} />
            </TableCell>
            <TableCell className="max-w-[16rem]">
              <Link href={deploymentHref(basePath, d.deploymentId)} title={d.commitMessage ?? undefined} className="block truncate hover:underline">
                <code className="mr-2 text-tremor-label text-tremor-content dark:text-dark-tremor-content">{shortSha(d.commitSha)}</code>
                <span className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{d.commitMessage ?? d.deploymentId}</span>
              </Link>
            </TableCell>
            <TableCell className="max-w-[10rem] truncate" title={d.branch ?? undefined}>
              {d.branch ?? "—"}
            </TableCell>
            <TableCell>
              {d.environment}
              {d.framework ? (
                <span className="block text-tremor-label text-tremor-content-subtle dark:text-dark-tremor-content-subtle" title="Framework">
                  {d.framework}
                </span>
              ) : null}
            </TableCell>
            <TableCell className="whitespace-nowrap">{formatWhen(d.startedAt, false)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatDuration(d.durationMs)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </ScrollTable>
  );
}
