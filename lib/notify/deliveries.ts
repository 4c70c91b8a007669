import { and, asc, desc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { deliveries, deliveryAttempts, inboxNotifications, projects, type Project } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { decodeCursor, encodeCursor, type Page } from "@/lib/pagination";
import { isStorableText } from "@/lib/text";
import { channelRow } from "./channels";
import { dispatchDue, type DispatchOptions } from "./dispatch";

/** A delivery as the channel page shows it: where it stands and every attempt. */
export interface DeliveryView {
  id: string;
  type: string;
  incidentId: string | null;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  lastError: string | null;
  log: { at: string; statusCode: number | null; latencyMs: number; error: string | null; answer: string | null }[];
}

const CURSOR_KIND = "deliveries";

async function views(db: Db, rows: (typeof deliveries.$inferSelect)[]): Promise<DeliveryView[]> {
  const attempts = rows.length
    ? await db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.deliveryId, rows.map((r) => r.id))).orderBy(asc(deliveryAttempts.at), asc(deliveryAttempts.id))
    : [];
  return rows.map((d) => ({
    id: d.id,
    type: d.type,
    incidentId: d.incidentId,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === "pending" || d.status === "sending" ? d.nextAttemptAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    lastError: d.lastError,
    log: attempts
      .filter((a) => a.deliveryId === d.id)
      .map((a) => ({ at: a.at.toISOString(), statusCode: a.statusCode, latencyMs: a.latencyMs, error: a.error, answer: a.answer })),
  }));
}

export async function listDeliveries(db: Db, projectId: string, channelId: string, q: { limit: number; cursor?: string }): Promise<Page<DeliveryView>> {
  const channel = await channelRow(db, projectId, channelId);
  const conditions: (SQL | undefined)[] = [eq(deliveries.channelId, channel.id)];
  if (q.cursor) {
    const c = decodeCursor(CURSOR_KIND, q.cursor);
    const t = new Date(c.t);
    if (Number.isNaN(t.getTime())) throw new ValidationError([{ pointer: "query.cursor", message: "Invalid cursor" }]);
    conditions.push(or(lt(deliveries.createdAt, t), and(eq(deliveries.createdAt, t), lt(deliveries.id, c.id))));
  }
  const rows = await db
    .select()
    .from(deliveries)
    .where(and(...conditions))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(q.limit + 1);
  const data = await views(db, rows.slice(0, q.limit));
  const last = rows.length > q.limit ? data.at(-1) : undefined;
  return { data, nextCursor: last ? encodeCursor(CURSOR_KIND, { t: last.createdAt, id: last.id }) : null };
}

async function deliveryView(db: Db, id: string): Promise<DeliveryView> {
  const rows = await db.select().from(deliveries).where(eq(deliveries.id, id));
  return (await views(db, rows))[0];
}

/** `alert.test` to the channel now; answers the delivery with its attempt. */
export async function sendTest(db: Db, params: { project: Pick<Project, "id" | "orgId">; channelId: string; now?: Date; dispatch?: DispatchOptions }): Promise<DeliveryView> {
  const now = params.now ?? new Date();
  const channel = await channelRow(db, params.project.id, params.channelId);
  const [project] = await db.select({ name: projects.name }).from(projects).where(eq(projects.id, params.project.id));
  const message = { title: `[TEST] Vigil can reach "${channel.name}" — ${project.name}`, body: "A test notification: when a rule that uses this channel fires, its notices arrive here." };
  const payload = {
    type: "alert.test",
    timestamp: now.toISOString(),
    data: { rule: null, incident: null, project: { id: params.project.id, name: project.name }, value: null, threshold: null, url: null, message },
  };
  const id = newId("dlv");
  const inbox = channel.type === "inbox";
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.insert(deliveries).values({
      id,
      projectId: params.project.id,
      channelId: channel.id,
      type: "alert.test",
      payload,
      status: inbox ? "delivered" : "pending",
      attempts: inbox ? 1 : 0,
      nextAttemptAt: now,
      createdAt: now,
      deliveredAt: inbox ? now : null,
    });
    if (inbox) {
      await t.insert(inboxNotifications).values({ id: newId("ntf"), orgId: params.project.orgId, projectId: params.project.id, type: "alert.test", severity: "low", title: message.title, body: message.body, createdAt: now });
      await t.insert(deliveryAttempts).values({ id: newId("att"), deliveryId: id, projectId: params.project.id, at: now, statusCode: null, latencyMs: 0, error: null, answer: "written to the members' inbox" });
    }
  });
  if (!inbox) await dispatchDue(db, { ...params.dispatch, now, ids: [id] });
  return deliveryView(db, id);
}

/** Sends a delivery again now, with the same `webhook-id`; its retry schedule starts over. */
export async function redeliver(db: Db, params: { project: Pick<Project, "id">; channelId: string; deliveryId: string; now?: Date; dispatch?: DispatchOptions }): Promise<DeliveryView> {
  const now = params.now ?? new Date();
  const channel = await channelRow(db, params.project.id, params.channelId);
  if (!isStorableText(params.deliveryId)) throw new NotFoundError("delivery");
  const [row] = await db.select().from(deliveries).where(and(eq(deliveries.channelId, channel.id), eq(deliveries.id, params.deliveryId)));
  if (!row) throw new NotFoundError("delivery");
  if (channel.type === "inbox") throw new ConflictError("Inbox notices are delivered when they are written; there is nothing to send again.");
  if (row.status === "sending") throw new ConflictError("This delivery is being sent right now.");
  await db.update(deliveries).set({ status: "pending", attempts: 0, nextAttemptAt: now, leaseOwner: null, leaseUntil: null }).where(eq(deliveries.id, row.id));
  await dispatchDue(db, { ...params.dispatch, now, ids: [row.id] });
  return deliveryView(db, row.id);
}
