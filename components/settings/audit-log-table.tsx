import { Badge, Card, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@tremor/react";
import { ScrollTable } from "@/components/ui/scroll-table";
import Link from "next/link";
import { AUDIT_LOG_CURSOR, listAuditLog } from "@/lib/audit/audit-log";
import { getDb } from "@/lib/db/client";
import { cursorFromUrl } from "@/lib/pagination";

function describe(metadata: Record<string, unknown>): string {
  return Object.entries(metadata)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`)
    .join(" · ");
}

/** Newest first, 50 a page, keyset-paginated through `?cursor=`. */
export async function AuditLogTable({ orgId, cursor, basePath }: { orgId: string; cursor?: string; basePath: string }) {
  const db = await getDb();
  const page = await listAuditLog(db, { orgId, limit: 50, cursor: cursorFromUrl(AUDIT_LOG_CURSOR, cursor) });
  return (
    <Card>
      <h2 className="mb-1 font-semibold">Audit log</h2>
      <p className="mb-4 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
        API key creation and revocation, membership and role changes, invitations and project changes, newest first.
      </p>
      {page.data.length === 0 ? (
        <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">Nothing recorded yet.</p>
      ) : (
        <ScrollTable label="Audit log">
          <TableHead>
            <TableRow>
              <TableHeaderCell>When (UTC)</TableHeaderCell>
              <TableHeaderCell>Who</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
              <TableHeaderCell>Details</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {page.data.map((entry) => (
              <TableRow key={entry.id}>
                <TableCell className="whitespace-nowrap">{entry.createdAt.toISOString().slice(0, 19).replace("T", " ")}</TableCell>
                <TableCell>{entry.actorEmail ?? "system"}</TableCell>
                <TableCell><Badge>{entry.action}</Badge></TableCell>
                <TableCell className="max-w-md whitespace-normal text-tremor-label">{describe(entry.metadata)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </ScrollTable>
      )}
      <div className="mt-4 flex gap-4 text-tremor-default">
        {cursor ? <Link className="text-tremor-brand hover:underline" href={basePath}>Newest</Link> : null}
        {page.nextCursor ? <Link className="text-tremor-brand hover:underline" href={`${basePath}?cursor=${page.nextCursor}`}>Older →</Link> : null}
      </div>
    </Card>
  );
}
