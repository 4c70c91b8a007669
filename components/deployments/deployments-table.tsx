import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@tremor/react";
import Link from "next/link";
import type { DeploymentItem } from "@/lib/analytics/deployments";
import { deploymentHref, formatDuration, formatWhen, shortSha } from "./format";
import { DeploymentStatusBadge } from "./status-badge";

/** One row per deployment, newest first as the API answers; the commit links to its detail page. */
export function DeploymentsTable({ items, basePath }: { items: DeploymentItem[]; basePath: string }) {
  return (
    <Table>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Commit</TableHeaderCell>
          <TableHeaderCell>Branch</TableHeaderCell>
          <TableHeaderCell>Environment</TableHeaderCell>
          <TableHeaderCell>Framework</TableHeaderCell>
          <TableHeaderCell>Started</TableHeaderCell>
          <TableHeaderCell className="text-right">Duration</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map((d) => (
          <TableRow key={d.deploymentId} data-testid="deployment-row">
            <TableCell>
              <DeploymentStatusBadge status={d.status} />
            </TableCell>
            <TableCell className="max-w-md">
              <Link href={deploymentHref(basePath, d.deploymentId)} className="block truncate hover:underline">
                <code className="mr-2 text-tremor-label text-tremor-content dark:text-dark-tremor-content">{shortSha(d.commitSha)}</code>
                <span className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">{d.commitMessage ?? d.deploymentId}</span>
              </Link>
            </TableCell>
            <TableCell className="max-w-[12rem] truncate">{d.branch ?? "—"}</TableCell>
            <TableCell>{d.environment}</TableCell>
            <TableCell>{d.framework ?? "—"}</TableCell>
            <TableCell className="whitespace-nowrap">{formatWhen(d.startedAt)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatDuration(d.durationMs)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
