import { randomBytes } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as channelRoute from "@/app/api/v1/projects/[projectId]/channels/[channelId]/route";
import * as channelsRoute from "@/app/api/v1/projects/[projectId]/channels/route";
import * as deliveriesRoute from "@/app/api/v1/projects/[projectId]/channels/[channelId]/deliveries/route";
import * as redeliverRoute from "@/app/api/v1/projects/[projectId]/channels/[channelId]/deliveries/[deliveryId]/redeliver/route";
import * as rotateRoute from "@/app/api/v1/projects/[projectId]/channels/[channelId]/rotate-secret/route";
import * as testRoute from "@/app/api/v1/projects/[projectId]/channels/[channelId]/test/route";
import * as incidentRoute from "@/app/api/v1/projects/[projectId]/alerts/[incidentId]/route";
import * as incidentsRoute from "@/app/api/v1/projects/[projectId]/alerts/route";
import * as rulesRoute from "@/app/api/v1/projects/[projectId]/alert-rules/route";
import * as inboxRoute from "@/app/api/v1/inbox/route";
import { evaluateDueRules } from "@/lib/alerts/tick";
import { queryRows } from "@/lib/db/rows";
import { alertRules, deliveries, type User } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import { setAddressPolicyForTests } from "@/lib/notify/address-policy";
import { dispatchDue, RETRY_DELAYS_MS } from "@/lib/notify/dispatch";
import { jobNamed } from "@/lib/jobs/registry";
import { getSecrets } from "@/lib/secrets";
import { useKeys } from "@/lib/secret-box";
import { acceptInvitation, createInvitation } from "@/lib/tenancy/invitations";
import { useTestDatabase } from "./support/db";
import { actorOf, createTenant, createUser, sessionCookie } from "./support/factories";
import { call } from "./support/http";
import { withLogs } from "./support/logs";
import { startReceiver, startSmtpServer } from "./support/receivers";

const db = useTestDatabase();
const MIN = 60_000;
const base = () => Math.floor(Date.now() / MIN) * MIN - 60 * MIN;

// The receivers listen on 127.0.0.1: allowed here as an operator would for self-hosting.
// tests/ssrf.test.ts proves the refusal with nothing allowed.
beforeAll(() => setAddressPolicyForTests("127.0.0.1/32"));
afterAll(() => setAddressPolicyForTests(env.NOTIFY_ALLOW_PRIVATE));
// Ticks and dispatches work on every project of the database: each test leaves nothing
// due behind for the next (rules off, deliveries settled).
afterEach(async () => {
  await db().update(alertRules).set({ enabled: false });
  await db().update(deliveries).set({ status: "failed" }).where(inArray(deliveries.status, ["pending", "sending"]));
});

async function as(user: User) {
  return { cookie: await sessionCookie(user) };
}

function api(projectId: string, headers: Record<string, string>) {
  const p = `/api/v1/projects/${projectId}`;
  const c = (channelId: string) => ({ projectId, channelId });
  return {
    createChannel: (body: unknown) => call(channelsRoute.POST, { path: `${p}/channels`, params: { projectId }, method: "POST", headers, body }),
    channels: () => call(channelsRoute.GET, { path: `${p}/channels`, params: { projectId }, headers }),
    channel: (id: string) => call(channelRoute.GET, { path: `${p}/channels/${id}`, params: c(id), headers }),
    patchChannel: (id: string, body: unknown) => call(channelRoute.PATCH, { path: `${p}/channels/${id}`, params: c(id), method: "PATCH", headers, body }),
    deleteChannel: (id: string) => call(channelRoute.DELETE, { path: `${p}/channels/${id}`, params: c(id), method: "DELETE", headers }),
    test: (id: string) => call(testRoute.POST, { path: `${p}/channels/${id}/test`, params: c(id), method: "POST", headers }),
    rotate: (id: string) => call(rotateRoute.POST, { path: `${p}/channels/${id}/rotate-secret`, params: c(id), method: "POST", headers }),
    deliveries: (id: string) => call(deliveriesRoute.GET, { path: `${p}/channels/${id}/deliveries`, params: c(id), headers }),
    redeliver: (id: string, deliveryId: string) =>
      call(redeliverRoute.POST, { path: `${p}/channels/${id}/deliveries/${deliveryId}/redeliver`, params: { ...c(id), deliveryId }, method: "POST", headers }),
    createRule: (body: unknown) => call(rulesRoute.POST, { path: `${p}/alert-rules`, params: { projectId }, method: "POST", headers, body }),
    incidents: () => call(incidentsRoute.GET, { path: `${p}/alerts`, params: { projectId }, headers }),
    incident: (incidentId: string) => call(incidentRoute.GET, { path: `${p}/alerts/${incidentId}`, params: { projectId, incidentId }, headers }),
  };
}

const request = (t: number, status: number) => ({ type: "request", method: "GET", route: "/api/cart", statusCode: status, durationMs: 50, timestamp: t });

/** A tenant with a rule on `channelIds` that fires at t0 (and resolves at t0 + 3 min if `recover`). */
async function firingRule(channelIds: (owner: ReturnType<typeof api>) => Promise<string[]>, options: { recover?: boolean; rules?: number } = {}) {
  const tenant = await createTenant(db());
  const owner = api(tenant.project.id, await as(tenant.user));
  const ids = await channelIds(owner);
  const t0 = base();
  for (let i = 0; i < (options.rules ?? 1); i++) {
    const res = await owner.createRule({ name: `API 5xx ${i + 1}`, metric: "request_error_rate", threshold: 5, windowMinutes: 1, pendingMinutes: 0, minSamples: 0, noData: "ok", channelIds: ids });
    expect(res.status).toBe(201);
  }
  await ingestBatch(db(), tenant.project.id, { events: [request(t0 - 30_000, 500), request(t0 - 20_000, 200)] });
  await foldRollups(db());
  await evaluateDueRules(db(), { now: new Date(t0 + 1000) });
  const recover = async () => {
    await evaluateDueRules(db(), { now: new Date(t0 + 3 * MIN) });
  };
  return { ...tenant, owner, t0, recover };
}

async function webhookChannel(owner: ReturnType<typeof api>, url: string) {
  const res = await owner.createChannel({ type: "webhook", name: "Ops webhook", url });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; secret: string };
}

describe("webhooks", () => {
  it("a rule that fires and recovers sends alert.firing then alert.resolved, signed as Standard Webhooks; the timeline shows each delivery", async () => {
    const receiver = await startReceiver();
    let channel = { id: "", secret: "" };
    const { owner, t0, recover } = await firingRule(async (o) => {
      channel = await webhookChannel(o, `${receiver.url}/hooks/vigil`);
      return [channel.id];
    });
    expect(channel.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await dispatchDue(db(), { now: new Date(t0 + 2000) });
    await recover();
    await dispatchDue(db(), { now: new Date(t0 + 3 * MIN + 2000) });

    expect(receiver.requests.map((r) => JSON.parse(r.body).type)).toEqual(["alert.firing", "alert.resolved"]);
    const wh = new Webhook(channel.secret);
    for (const r of receiver.requests) {
      expect(r.path).toBe("/hooks/vigil");
      expect(r.headers["content-type"]).toBe("application/json");
      const verified = wh.verify(r.body, { "webhook-id": r.headers["webhook-id"], "webhook-timestamp": r.headers["webhook-timestamp"], "webhook-signature": r.headers["webhook-signature"] }) as {
        data: Record<string, unknown>;
      };
      expect(verified.data).toMatchObject({ rule: { name: "API 5xx 1", severity: "high" }, project: { name: "Web" }, threshold: 5, url: expect.stringContaining("/alerts/inc_") });
    }
    const firing = JSON.parse(receiver.requests[0].body);
    expect(firing.data.value).toBe(50);
    expect(firing.data.incident).toMatchObject({ id: expect.stringMatching(/^inc_/), status: "firing" });
    // A forged body does not verify.
    expect(() => wh.verify(receiver.requests[0].body.replace("50", "51"), receiver.requests[0].headers)).toThrow();

    const [incident] = (await (await owner.incidents()).json()).data;
    const detail = await (await owner.incident(incident.id)).json();
    expect(detail.timeline.map((e: { kind: string; detail: { channel?: string } }) => `${e.kind}${e.detail.channel ? `:${e.detail.channel}` : ""}`)).toEqual([
      "opened",
      "notified:Ops webhook",
      "resolved",
      "notified:Ops webhook",
    ]);
    await receiver.close();
  });

  it("500, 500, 200: three attempts with the same webhook-id, on the retry schedule (time advanced, not waited out)", async () => {
    const receiver = await startReceiver({ answers: [{ status: 500 }, { status: 500, headers: { "retry-after": "2" } }] });
    let channelId = "";
    const { owner, t0 } = await firingRule(async (o) => [(channelId = (await webhookChannel(o, receiver.url)).id)]);
    const at = (ms: number) => new Date(t0 + 1000 + ms);
    await dispatchDue(db(), { now: at(0) });
    const [first] = (await (await owner.deliveries(channelId)).json()).data;
    expect(first).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500" });
    const wait = Date.parse(first.nextAttemptAt) - at(0).getTime();
    expect(wait).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[0] * 0.9);
    expect(wait).toBeLessThanOrEqual(RETRY_DELAYS_MS[0] * 1.1);
    // Not yet due: nothing is sent.
    expect((await dispatchDue(db(), { now: at(1000) })).claimed).toBe(0);
    await dispatchDue(db(), { now: at(wait) });
    const [second] = (await (await owner.deliveries(channelId)).json()).data;
    // Retry-After: 2 honoured (it is shorter than the next step).
    expect(Date.parse(second.nextAttemptAt) - at(wait).getTime()).toBe(2000);
    await dispatchDue(db(), { now: at(wait + 2000) });
    const [third] = (await (await owner.deliveries(channelId)).json()).data;
    expect(third).toMatchObject({ status: "delivered", attempts: 3 });
    expect(third.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
    expect(new Set(receiver.requests.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(receiver.requests).toHaveLength(3);
    await receiver.close();
  });

  it("410 disables the channel and tells the project's admins in their inbox and by e-mail (members do not see it)", async () => {
    const receiver = await startReceiver({ otherwise: { status: 410, body: "gone" } });
    const smtp = await startSmtpServer();
    let channelId = "";
    const { owner, t0, user, org } = await firingRule(async (o) => [(channelId = (await webhookChannel(o, receiver.url)).id)]);
    const member = await createUser(db());
    const { token } = await createInvitation(db(), { org: { id: org.id, role: "owner" }, actor: actorOf(user), input: { role: "member" } });
    await acceptInvitation(db(), { token, actor: actorOf(member) });
    expect(await dispatchDue(db(), { now: new Date(t0 + 2000), smtpUrl: smtp.url })).toMatchObject({ channelsDisabled: 1 });
    expect(smtp.messages.map((m) => [m.subject, m.envelopeTo])).toEqual([['Channel "Ops webhook" was disabled — Web', [user.email]]]);
    expect(await (await owner.channel(channelId)).json()).toMatchObject({ enabled: false, disabledReason: expect.stringContaining("410") });
    const [delivery] = (await (await owner.deliveries(channelId)).json()).data;
    expect(delivery.status).toBe("failed");
    const titles = async (u: User) => (await (await call(inboxRoute.GET, { path: "/api/v1/inbox", params: {}, headers: await as(u) })).json()).data.map((n: { title: string }) => n.title);
    expect((await titles(user)).some((t: string) => t.includes('Channel "Ops webhook" was disabled'))).toBe(true);
    expect((await titles(member)).some((t: string) => t.includes("was disabled"))).toBe(false);
    const [incident] = (await (await owner.incidents()).json()).data;
    const kinds = (await (await owner.incident(incident.id)).json()).timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toContain("delivery_failed");
    await receiver.close();
    await smtp.close();
  });

  it("a receiver that never answers is cut at the timeout and retried; a huge answer is logged to 1 KiB; a redirect is not followed", async () => {
    const slow = await startReceiver({ otherwise: "hang" });
    const huge = await startReceiver({ otherwise: { status: 200, body: "x".repeat(5_000_000) } });
    const elsewhere = await startReceiver();
    const redirect = await startReceiver({ otherwise: { status: 302, headers: { location: `${elsewhere.url}/landing` } } });
    const ids: Record<string, string> = {};
    const { owner, t0 } = await firingRule(async (o) => {
      for (const [name, r] of Object.entries({ slow, huge, redirect })) ids[name] = (await webhookChannel(o, r.url)).id;
      return Object.values(ids);
    });
    const started = Date.now();
    await dispatchDue(db(), { now: new Date(t0 + 2000), fetch: { timeoutMs: 500 } });
    expect(Date.now() - started).toBeLessThan(8_000);
    const last = async (name: string) => (await (await owner.deliveries(ids[name])).json()).data[0];
    expect(await last("slow")).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("No complete answer within 500 ms") });
    const big = await last("huge");
    expect(big.status).toBe("delivered");
    expect(big.log[0].answer.length).toBe(1024);
    expect(await last("redirect")).toMatchObject({ status: "pending", lastError: expect.stringContaining("not followed") });
    expect(elsewhere.requests).toHaveLength(0);
    for (const r of [slow, huge, elsewhere, redirect]) await r.close();
  });

  it("rotation: for 24 h both signatures are sent and both verify; the new secret is shown once", async () => {
    const receiver = await startReceiver();
    const tenant = await createTenant(db());
    const owner = api(tenant.project.id, await as(tenant.user));
    const channel = await webhookChannel(owner, receiver.url);
    const rotated = await (await owner.rotate(channel.id)).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(channel.secret);
    expect(rotated.previousSecretUntil).toEqual(expect.any(String));
    expect(await (await owner.channel(channel.id)).json()).not.toHaveProperty("secret");
    const sent = await (await owner.test(channel.id)).json();
    expect(sent).toMatchObject({ status: "delivered", type: "alert.test" });
    const [r] = receiver.requests;
    expect(r.headers["webhook-signature"].split(" ")).toHaveLength(2);
    for (const secret of [channel.secret, rotated.secret]) expect(() => new Webhook(secret).verify(r.body, r.headers)).not.toThrow();
    await receiver.close();
  });

  it("Send test answers the attempt inline; a failed delivery is redelivered with the same webhook-id", async () => {
    const receiver = await startReceiver({ answers: [{ status: 503, body: "maintenance" }] });
    const tenant = await createTenant(db());
    const owner = api(tenant.project.id, await as(tenant.user));
    const channel = await webhookChannel(owner, receiver.url);
    const tested = await (await owner.test(channel.id)).json();
    expect(tested).toMatchObject({ status: "pending", attempts: 1, log: [{ statusCode: 503, answer: "maintenance", latencyMs: expect.any(Number) }] });
    const again = await (await owner.redeliver(channel.id, tested.id)).json();
    expect(again).toMatchObject({ id: tested.id, status: "delivered" });
    expect(receiver.requests.map((r) => r.headers["webhook-id"])).toEqual([tested.id, tested.id]);
    await receiver.close();
  });
});

describe("Slack", () => {
  it("one Block Kit message per evaluation, with a text fallback, severity colour, value against threshold and a link", async () => {
    const receiver = await startReceiver();
    const { t0 } = await firingRule(
      async (o) => {
        const res = await o.createChannel({ type: "slack", name: "#alerts", url: `${receiver.url}/services/T000/B000/XXXXXXXX` });
        const body = await res.json();
        expect(body.config.url).not.toContain("XXXXXXXX");
        return [body.id];
      },
      { rules: 2 },
    );
    await dispatchDue(db(), { now: new Date(t0 + 2000) });
    expect(receiver.requests).toHaveLength(1);
    const message = JSON.parse(receiver.requests[0].body);
    expect(receiver.requests[0].path).toBe("/services/T000/B000/XXXXXXXX");
    expect(message.text).toContain("2 firing");
    expect(message.blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text" } });
    expect(message.attachments).toHaveLength(2);
    for (const a of message.attachments) {
      expect(a.color).toMatch(/^#[0-9a-f]{6}$/);
      const section = a.blocks[0];
      expect(section.type).toBe("section");
      expect(section.text.type).toBe("mrkdwn");
      expect(section.text.text).toContain("[FIRING · high]");
      expect(section.text.text).toContain("Now 50%");
      expect(section.text.text).toContain("above 5%");
      expect(section.text.text.length).toBeLessThanOrEqual(3000);
    }
    await receiver.close();
  });

  it("Slack's 404 channel_not_found disables the channel", async () => {
    const receiver = await startReceiver({ otherwise: { status: 404, body: "channel_not_found" } });
    let channelId = "";
    const { owner, t0 } = await firingRule(async (o) => [(channelId = (await (await o.createChannel({ type: "slack", name: "#gone", url: `${receiver.url}/services/x` })).json()).id)]);
    await dispatchDue(db(), { now: new Date(t0 + 2000) });
    expect(await (await owner.channel(channelId)).json()).toMatchObject({ enabled: false });
    await receiver.close();
  });
});

describe("e-mail", () => {
  it("a real SMTP server gets the notice: subject, recipients, HTML and text with the incident link", async () => {
    const smtp = await startSmtpServer();
    const { t0 } = await firingRule(async (o) => [(await (await o.createChannel({ type: "email", name: "On-call", recipients: { addresses: ["oncall@example.test", "cto@example.test"] } })).json()).id]);
    await dispatchDue(db(), { now: new Date(t0 + 2000), smtpUrl: smtp.url, mailFrom: "Vigil <alerts@vigil.test>" });
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail.subject).toBe("[FIRING · high] API 5xx 1 — Web");
    expect(mail.envelopeTo.sort()).toEqual(["cto@example.test", "oncall@example.test"]);
    expect(mail.from?.text).toContain("alerts@vigil.test");
    expect(mail.text).toContain("Now 50%");
    expect(mail.html).toContain("Open the incident in Vigil");
    expect(String(mail.html)).toMatch(/href="[^"]*\/alerts\/inc_/);
    await smtp.close();
  });

  it("all members of the organization; an unreachable SMTP server leads to retries, and no SMTP_URL says so in the log", async () => {
    const smtp = await startSmtpServer();
    const port = smtp.port;
    await smtp.close();
    let channelId = "";
    const { owner, t0, user } = await firingRule(async (o) => [(channelId = (await (await o.createChannel({ type: "email", name: "Everyone", recipients: { allMembers: true } })).json()).id)]);
    await dispatchDue(db(), { now: new Date(t0 + 2000), smtpUrl: `smtp://127.0.0.1:${port}` });
    const [down] = (await (await owner.deliveries(channelId)).json()).data;
    expect(down).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("SMTP") });
    await dispatchDue(db(), { now: new Date(Date.parse(down.nextAttemptAt)), smtpUrl: null });
    const [unset] = (await (await owner.deliveries(channelId)).json()).data;
    expect(unset).toMatchObject({ attempts: 2, lastError: expect.stringContaining("SMTP_URL") });
    const live = await startSmtpServer();
    await dispatchDue(db(), { now: new Date(Date.parse(unset.nextAttemptAt)), smtpUrl: live.url });
    expect(live.messages.map((m) => m.envelopeTo)).toEqual([[user.email]]);
    await live.close();
  });
});

describe("dispatch concurrency", () => {
  it("two dispatchers never send the same delivery twice; a dead dispatcher's leased rows go out once the lease expires", async () => {
    const receiver = await startReceiver();
    const { project, t0 } = await firingRule(async (o) => [(await webhookChannel(o, receiver.url)).id], { rules: 6 });
    const [a, b] = await Promise.all([dispatchDue(db(), { now: new Date(t0 + 2000) }), dispatchDue(db(), { now: new Date(t0 + 2000) })]);
    expect(a.claimed + b.claimed).toBe(6);
    expect(receiver.requests).toHaveLength(6);
    expect(new Set(receiver.requests.map((r) => r.headers["webhook-id"])).size).toBe(6);

    // A dispatcher that claimed a row and died: the row waits for its lease, then goes out.
    const [row] = await db().select().from(deliveries).where(eq(deliveries.projectId, project.id)).limit(1);
    const leaseUntil = new Date(t0 + 120_000);
    await db().update(deliveries).set({ status: "sending", leaseOwner: "dead", leaseUntil }).where(eq(deliveries.id, row.id));
    expect((await dispatchDue(db(), { now: new Date(t0 + 60_000), ids: [row.id] })).claimed).toBe(0);
    expect((await dispatchDue(db(), { now: new Date(leaseUntil.getTime() + 1000), ids: [row.id] })).delivered).toBe(1);
    expect(receiver.requests.filter((r) => r.headers["webhook-id"] === row.id)).toHaveLength(2);
    await receiver.close();
  });
});

describe("channels API and tenancy", () => {
  it("admins manage; members read without secrets; another project's channels are 404 and no rule may use them; secrets are sealed at rest and not logged", async () => {
    const receiver = await startReceiver();
    const a = await createTenant(db());
    const b = await createTenant(db());
    const ownerA = api(a.project.id, await as(a.user));
    const { logs } = await withLogs(async () => {
      const hook = await webhookChannel(ownerA, receiver.url);
      const slack = await (await ownerA.createChannel({ type: "slack", name: "#ops", url: `${receiver.url}/services/T1/B2/very-secret-token` })).json();
      const member = await createUser(db());
      const { token } = await createInvitation(db(), { org: { id: a.org.id, role: "owner" }, actor: actorOf(a.user), input: { role: "member" } });
      await acceptInvitation(db(), { token, actor: actorOf(member) });
      const asMember = api(a.project.id, await as(member));
      const listed = await (await asMember.channels()).json();
      expect(listed.data.map((c: { type: string }) => c.type).sort()).toEqual(["inbox", "slack", "webhook"]);
      expect(JSON.stringify(listed)).not.toContain("whsec_");
      expect(JSON.stringify(listed)).not.toContain("very-secret-token");
      expect((await asMember.createChannel({ type: "webhook", name: "x", url: receiver.url })).status).toBe(403);
      expect((await asMember.rotate(hook.id)).status).toBe(403);
      expect((await asMember.test(hook.id)).status).toBe(403);

      const asB = api(b.project.id, await as(b.user));
      expect((await asB.channel(hook.id)).status).toBe(404);
      expect((await asB.deliveries(hook.id)).status).toBe(404);
      expect((await asB.patchChannel(hook.id, { name: "mine" })).status).toBe(404);
      expect((await api(a.project.id, await as(b.user)).channels()).status).toBe(404);
      const stolen = await asB.createRule({ name: "x", metric: "error_count", threshold: 1, channelIds: [hook.id] });
      expect(stolen.status).toBe(400);

      // The table as an attacker with a copy of the database would read it.
      const [{ dump }] = await queryRows<{ dump: string }>(db(), sql`select string_agg(row_to_json(c)::text, ' ') as dump from channels c where project_id = ${a.project.id}`);
      expect(dump).not.toContain(hook.secret.slice(6, 30));
      expect(dump).not.toContain("very-secret-token");
      const inbox = (await (await ownerA.channels()).json()).data.find((c: { type: string }) => c.type === "inbox");
      expect((await ownerA.deleteChannel(inbox.id)).status).toBe(409);
      expect((await ownerA.deleteChannel(slack.id)).status).toBe(204);
    });
    expect(JSON.stringify(logs)).not.toContain("whsec_");
    expect(JSON.stringify(logs)).not.toContain("very-secret-token");
    await receiver.close();
  });

  it("URLs are checked when saved: schemes, credentials, odd IP spellings and private addresses get clear messages", async () => {
    setAddressPolicyForTests(undefined);
    try {
      const tenant = await createTenant(db());
      const owner = api(tenant.project.id, await as(tenant.user));
      for (const url of ["ftp://example.com/x", "https://user:pass@example.com/", "http://2130706433/", "http://0x7f.1/", "http://127.0.0.1:9/", "http://169.254.169.254/latest", "not a url"]) {
        const res = await owner.createChannel({ type: "webhook", name: "x", url });
        expect(res.status, url).toBe(400);
        const body = await res.json();
        expect(body.errors[0].pointer, url).toBe("/url");
        expect(body.errors[0].message.length, url).toBeGreaterThan(10);
      }
    } finally {
      setAddressPolicyForTests("127.0.0.1/32");
    }
  });
});

describe("ENCRYPTION_KEY rotation", () => {
  it("secrets sealed under the former key still work, and the retention job seals them under the new one", async () => {
    const receiver = await startReceiver();
    const former = randomBytes(32).toString("base64");
    const next = randomBytes(32).toString("base64");
    try {
      useKeys(former);
      const tenant = await createTenant(db());
      const owner = api(tenant.project.id, await as(tenant.user));
      const channel = await webhookChannel(owner, receiver.url);
      useKeys(next, [former]);
      expect((await (await owner.test(channel.id)).json()).status).toBe("delivered");
      // Earlier tests' channels were sealed under a key this rotation does not know: they are
      // reported (and logged), the rest are sealed again.
      const { value: summary, logs } = await withLogs(() => jobNamed("retention")!.run(db(), { now: new Date() }));
      expect(summary.secrets).toMatchObject({ resealed: 1 });
      expect(logs.filter((l) => l.level === "error").length).toBe((summary.secrets as { unreadable: number }).unreadable);
      useKeys(next);
      expect((await (await owner.test(channel.id)).json()).status).toBe("delivered");
      expect(() => new Webhook(channel.secret).verify(receiver.requests[1].body, receiver.requests[1].headers)).not.toThrow();
    } finally {
      useKeys(getSecrets().encryptionKey);
      await receiver.close();
    }
  });
});
