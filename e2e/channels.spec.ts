import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { startReceiver, startSmtpServer } from "../tests/support/receivers";
import { startAppServer, type AppServer } from "./servers";
import { createOrganization, createProject, createIngestKey, expect, shot as fullPageShot, signUp, test, uniqueEmail } from "./support";

/**
 * Notifications as an admin sets them up, in Chromium: a signed webhook added in Settings →
 * Channels (its secret shown once), a test sent and its result read inline, the webhook
 * picked in a rule's form, the rule fired by real telemetry and the cron route, the delivery
 * read back in the channel's log, and an e-mail channel whose test reaches an SMTP server.
 *
 * The receivers are real and local: a node:http server and an smtp-server, both on
 * 127.0.0.1, which the app's server may reach because NOTIFY_ALLOW_PRIVATE allows
 * 127.0.0.1/32 (as self-hosters do). The server runs with the scheduler off and a known
 * CRON_SECRET, like e2e/alerts.spec.ts, so the test chooses the minute a rule is judged.
 */

const CRON_SECRET = `e2e-cron-${randomBytes(12).toString("hex")}`;
const MINUTE = 60_000;
const ROUTE = "/api/e2e-payments";
const RULE = "Payments 5xx rate";
const HOOK = "Ops webhook";
const MAIL = "On-call e-mail";

let server: AppServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  receiver = await startReceiver({ otherwise: { status: 200, headers: { "content-type": "application/json" }, body: '{"received":true}' } });
  smtp = await startSmtpServer();
  const port = Number(process.env.E2E_PORT ?? 3100) + 1;
  server = await startAppServer("npm start", port, {
    CRON_SECRET,
    IN_PROCESS_SCHEDULER: "off",
    NOTIFY_ALLOW_PRIVATE: "127.0.0.1/32",
    SMTP_URL: smtp.url,
    MAIL_FROM: "Vigil <alerts@vigil.test>",
  });
});

test.afterAll(async () => {
  await server?.stop();
  await receiver?.close();
  await smtp?.close();
});

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullPageShot(page, name);
}

async function runAlertsCron(request: APIRequestContext) {
  const res = await request.get(`${server.url}/api/cron/alerts`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
  expect(res.status()).toBe(200);
  return (await res.json()) as { minute: string; transitions: number };
}

/** A moment early enough in its minute that the ingest and the cron call judging it share the minute. */
async function waitForMinute(page: Page) {
  for (;;) {
    const now = Date.now();
    if (now % MINUTE < 40_000) return Math.floor(now / MINUTE) * MINUTE;
    await page.waitForTimeout(MINUTE - (now % MINUTE) + 200);
  }
}

/** The body of the receiver's requests of one event type, verified as a receiver would with `standardwebhooks`. */
function verifiedEvents(secret: string, type: string) {
  const wh = new Webhook(secret);
  return receiver.requests
    .filter((r) => r.path === "/hooks/vigil")
    .map((r) => ({ headers: r.headers, event: wh.verify(r.body, r.headers) as { type: string; data: Record<string, unknown> } }))
    .filter((r) => r.event.type === type);
}

test("an admin adds a signed webhook, tests it, lets a rule fire through it and reads the delivery; an e-mail channel reaches the SMTP server", async ({ newContext, problems }) => {
  test.setTimeout(300_000);
  const context = await newContext({ baseURL: server.url });
  const page = await context.newPage();
  await signUp(page, uniqueEmail("channels"), "Ada Admin");
  await createOrganization(page, "Notify Co");
  const projectPath = await createProject(page, "Payments");
  const { projectId, key } = await createIngestKey(page, projectPath, "channels e2e");

  // Settings → Channels: the built-in inbox is there from the start, and cannot be deleted.
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Channels" }).click();
  const inbox = page.locator('[data-testid="channel-row"][data-channel-type="inbox"]');
  await expect(inbox).toContainText("In-app inbox");
  await expect(inbox.getByTestId("channel-state")).toHaveText("enabled");
  await expect(inbox.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(inbox.getByRole("button", { name: "Edit" })).toHaveCount(0);

  // A private address the operator did not allow is refused beside the field.
  problems.allowHttpError(400, `/api/v1/projects/${projectId}/channels`, "a target the address policy refuses is answered 400 on purpose");
  await page.getByRole("button", { name: "Add channel" }).click();
  await page.getByLabel("Type").selectOption("webhook");
  await page.getByLabel("Name").fill(HOOK);
  await page.getByLabel("Endpoint URL").fill("http://10.0.0.1/hooks/vigil");
  await page.getByRole("button", { name: "Add channel" }).click();
  const urlField = page.locator('[data-field="new-channel-url"]');
  await expect(urlField.getByRole("alert")).toContainText("private");
  await expect(page.getByLabel("Endpoint URL")).toHaveAttribute("aria-invalid", "true");

  // The local receiver, allowed by NOTIFY_ALLOW_PRIVATE: the channel is added and its secret shown once.
  await page.getByLabel("Endpoint URL").fill(`${receiver.url}/hooks/vigil`);
  await page.getByRole("button", { name: "Add channel" }).click();
  const secretDialog = page.getByRole("dialog", { name: `Signing secret of ${HOOK}` });
  await expect(secretDialog.getByTestId("channel-secret-value")).toHaveText(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await expect(secretDialog).toContainText("This is the only time it is shown");
  await expect(secretDialog).toContainText('import { Webhook } from "standardwebhooks"');
  await expect(secretDialog.getByRole("button", { name: "Copy" }).first()).toBeVisible();
  const secret = (await secretDialog.getByTestId("channel-secret-value").textContent())!;
  await shot(page, "80-channel-secret");
  await secretDialog.getByRole("button", { name: "I have saved it" }).click();
  await expect(secretDialog).toHaveCount(0);

  const hook = page.locator(`[data-testid="channel-row"][data-channel-name="${HOOK}"]`);
  await expect(hook.getByTestId("channel-type")).toHaveText("Webhook");
  await expect(hook.getByTestId("channel-target")).toHaveText(`${receiver.url}/hooks/vigil`);
  // Never again: not after a reload, not in the page.
  await page.reload();
  await expect(hook).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  // Send test: the attempt inline, and a request at the receiver whose signature verifies.
  await hook.getByRole("button", { name: "Send test" }).click();
  const result = hook.getByTestId("test-result");
  await expect(result).toContainText("Test delivered");
  await expect(result.getByTestId("attempt")).toContainText(/HTTP 200 in [\d,]+ ms/);
  await expect(result.getByTestId("attempt-answer")).toHaveText('{"received":true}');
  const tests = verifiedEvents(secret, "alert.test");
  expect(tests).toHaveLength(1);
  expect(tests[0].headers["webhook-id"]).toMatch(/^dlv_/);
  await shot(page, "81-channel-test-result");

  // The rule form lists the channels; the inbox is picked already, the webhook is added.
  await page.goto(`${projectPath}/alerts/rules/new`);
  await expect(page.getByRole("checkbox", { name: "In-app inbox" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: HOOK })).not.toBeChecked();
  await page.getByRole("checkbox", { name: HOOK }).check();
  await expect(page.getByTestId("channels-summary")).toContainText("Notifies 2 channels.");
  await page.getByLabel("Name").fill(RULE);
  await page.getByLabel("Metric").selectOption("request_error_rate");
  await page.getByLabel(/^Route/).fill(ROUTE);
  await page.getByLabel(/^Threshold/).fill("50");
  await page.getByLabel("Window (minutes)").fill("1");
  await page.getByLabel("Pending (minutes)").fill("0");
  await page.getByLabel("Minimum samples").fill("1");
  await page.getByLabel("A window with no events").selectOption("ok");
  await page.getByLabel("Severity").selectOption("critical");
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page).toHaveURL(new RegExp(`${projectPath}/alerts$`));
  const ruleRow = page.locator(`[data-testid="rule-row"][data-rule-name="${RULE}"]`);
  await expect(ruleRow).toBeVisible();
  // The stored rule keeps both channels: its form shows them picked.
  await ruleRow.getByRole("link", { name: RULE }).click();
  await expect(page.getByRole("checkbox", { name: HOOK })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "In-app inbox" })).toBeChecked();

  // Telemetry that breaches it, then the cron judges the minute and sends at once.
  const breachMinute = await waitForMinute(page);
  const events = Array.from({ length: 6 }, (_, i) => ({ type: "request", method: "POST", route: ROUTE, statusCode: 503, durationMs: 90 + i, timestamp: breachMinute - 30_000 + i * 100 }));
  const ingested = await page.request.post(`${server.url}/api/v1/ingest`, { headers: { authorization: `Bearer ${key}` }, data: { events } });
  expect(ingested.status()).toBe(202);
  const fired = await runAlertsCron(page.request);
  expect(fired.transitions).toBeGreaterThanOrEqual(1);
  await expect.poll(() => verifiedEvents(secret, "alert.firing").length, { timeout: 20_000 }).toBe(1);
  const firing = verifiedEvents(secret, "alert.firing")[0];
  expect((firing.event.data.rule as { name: string }).name).toBe(RULE);
  expect(firing.headers["webhook-signature"]).toMatch(/^v1,/);

  // The channel's delivery log: the firing notice, delivered on its first attempt, and the test.
  await page.goto(`${projectPath}/settings/channels`);
  await hook.getByRole("link", { name: "Deliveries" }).click();
  await expect(page.getByRole("heading", { name: HOOK, level: 1 })).toBeVisible();
  const firingDelivery = page.locator('[data-testid="delivery"][data-delivery-type="alert.firing"]');
  await expect(firingDelivery.getByTestId("delivery-status")).toHaveText("delivered");
  await expect(firingDelivery.getByTestId("delivery-attempts")).toContainText("1 attempt ·");
  await expect(firingDelivery.getByTestId("attempt")).toContainText(/HTTP 200 in [\d,]+ ms/);
  await expect(page.locator('[data-testid="delivery"][data-delivery-type="alert.test"]').getByTestId("delivery-status")).toHaveText("delivered");
  // The webhook-id a receiver dedupes on is the delivery's id.
  await expect(firingDelivery).toHaveAttribute("data-delivery-id", firing.headers["webhook-id"]);
  await shot(page, "82-channel-deliveries");

  // The incident's timeline names the webhook and how it went.
  await firingDelivery.getByRole("link", { name: "Incident" }).click();
  await expect(page.getByRole("heading", { name: RULE, level: 1 })).toBeVisible();
  const timeline = page.getByTestId("timeline-entry");
  await expect(timeline.filter({ hasText: `webhook “${HOOK}”` })).toContainText(`To webhook “${HOOK}” — HTTP 200`);
  await expect(timeline.filter({ hasText: "in-app inbox" })).toContainText("To the in-app inbox");
  await shot(page, "83-incident-timeline-channels");

  // Rotation: a new secret, shown once, with the 24-hour overlap said.
  await page.goto(`${projectPath}/settings/channels`);
  await hook.getByRole("button", { name: "Rotate secret" }).click();
  await page.getByRole("alertdialog", { name: `Rotate the secret of ${HOOK}` }).getByRole("button", { name: "Rotate secret" }).click();
  const rotated = page.getByRole("dialog", { name: `Signing secret of ${HOOK}` });
  await expect(rotated.getByTestId("channel-secret-value")).toHaveText(/^whsec_/);
  await expect(rotated.getByTestId("channel-secret-value")).not.toHaveText(secret);
  await expect(rotated.getByTestId("rotation-overlap")).toContainText("every delivery carries both signatures");
  await rotated.getByRole("button", { name: "I have saved it" }).click();
  await expect(hook).toContainText("both signatures are sent until");

  // A receiver that answers 410 Gone: the test fails, the channel is disabled and says why.
  receiver.answer({ status: 410, body: "gone" });
  await hook.getByRole("button", { name: "Send test" }).click();
  await expect(result).toContainText("Test failed");
  await expect(result.getByTestId("attempt")).toContainText(/HTTP 410 in [\d,]+ ms/);
  await expect(hook.getByTestId("channel-state")).toHaveText("disabled");
  await expect(hook.getByTestId("disabled-reason")).toHaveText("Disabled: The target answered 410: it is gone");
  // Enabled again, the failed test is redelivered from the log with the same webhook-id.
  await hook.getByRole("button", { name: "Enable" }).click();
  await expect(hook.getByTestId("channel-state")).toHaveText("enabled");
  await expect(hook.getByTestId("disabled-reason")).toHaveCount(0);
  await hook.getByRole("link", { name: "Deliveries" }).click();
  const failed = page.locator('[data-testid="delivery"][data-delivery-status="failed"]');
  await expect(failed.getByTestId("attempt")).toContainText("HTTP 410");
  const failedId = (await failed.getAttribute("data-delivery-id"))!;
  await shot(page, "85-channel-failed-delivery");
  await failed.getByRole("button", { name: "Redeliver" }).click();
  const redelivered = page.locator(`[data-testid="delivery"][data-delivery-id="${failedId}"]`);
  await expect(redelivered.getByTestId("delivery-status")).toHaveText("delivered");
  await expect(redelivered.getByTestId("attempt")).toHaveCount(2);
  await expect(redelivered.getByTestId("delivery-attempts")).toContainText("2 attempts (redelivered) ·");
  await expect(redelivered.getByRole("button", { name: "Redeliver" })).toHaveCount(0);
  expect(receiver.requests.filter((r) => r.headers["webhook-id"] === failedId)).toHaveLength(2);
  await page.getByRole("link", { name: "← Channels" }).click();

  // An e-mail channel: its test reaches the SMTP server.
  await page.getByRole("button", { name: "Add channel" }).click();
  await page.getByLabel("Type").selectOption("email");
  await expect(page.getByTestId("smtp-missing")).toHaveCount(0);
  await page.getByLabel("Name").fill(MAIL);
  await page.getByLabel("Recipient addresses").fill("oncall@example.test\nnot-an-address");
  await page.getByRole("button", { name: "Add channel" }).click();
  await expect(page.locator('[data-field="new-channel-addresses"]').getByRole("alert")).toHaveText("not-an-address: Not an e-mail address");
  await page.getByLabel("Recipient addresses").fill("oncall@example.test");
  await page.getByRole("button", { name: "Add channel" }).click();
  const mail = page.locator(`[data-testid="channel-row"][data-channel-name="${MAIL}"]`);
  await expect(mail.getByTestId("channel-target")).toHaveText("oncall@example.test");
  await expect(mail.getByTestId("channel-problem")).toHaveCount(0);
  await mail.getByRole("button", { name: "Send test" }).click();
  await expect(mail.getByTestId("test-result")).toContainText("Test delivered");
  await expect(mail.getByTestId("attempt")).toContainText(/Sent in [\d,]+ ms/);
  // (The admins were e-mailed too when the webhook was disabled: only this channel's message counts here.)
  const toOncall = () => smtp.messages.filter((m) => m.envelopeTo.includes("oncall@example.test"));
  await expect.poll(() => toOncall().length, { timeout: 10_000 }).toBe(1);
  expect(toOncall()[0].subject).toBe(`[TEST] Vigil can reach "${MAIL}" — Payments`);
  expect(toOncall()[0].envelopeTo).toEqual(["oncall@example.test"]);
  await shot(page, "84-channels-list");

  // A Slack-compatible receiver: the URL is the secret, so the list shows it masked; a test posts Block Kit.
  await page.getByRole("button", { name: "Add channel" }).click();
  await page.getByLabel("Type").selectOption("slack");
  await page.getByLabel("Name").fill("#alerts");
  await page.getByLabel("Incoming-webhook URL").fill(`${receiver.url}/services/T0001/B0002/secretpart`);
  await page.getByRole("button", { name: "Add channel" }).click();
  const slack = page.locator('[data-testid="channel-row"][data-channel-name="#alerts"]');
  await expect(slack.getByTestId("channel-target")).toHaveText(`${receiver.url}/services/T0001/B0…/se…`);
  await expect(page.getByTestId("channel-secret")).toHaveCount(0);
  expect(await page.content()).not.toContain("secretpart");
  await slack.getByRole("button", { name: "Send test" }).click();
  await expect(slack.getByTestId("test-result")).toContainText("Test delivered");
  const slackPost = receiver.requests.find((r) => r.path === "/services/T0001/B0002/secretpart");
  expect(JSON.parse(slackPost!.body)).toMatchObject({ text: expect.stringContaining("[TEST]"), blocks: expect.any(Array) });

  // Edited in place: a second recipient.
  await mail.getByRole("button", { name: "Edit" }).click();
  const editForm = mail.getByRole("form", { name: `Edit ${MAIL}` });
  await editForm.getByLabel("Recipient addresses").fill("oncall@example.test\nlead@example.test");
  await editForm.getByRole("button", { name: "Save channel" }).click();
  await expect(editForm).toHaveCount(0);
  await expect(mail.getByTestId("channel-target")).toHaveText("oncall@example.test, lead@example.test");

  // Disable, then delete with confirmation.
  await mail.getByRole("button", { name: "Disable" }).click();
  await expect(mail.getByTestId("channel-state")).toHaveText("disabled");
  await mail.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog", { name: `Delete ${MAIL}` }).getByRole("button", { name: "Delete channel" }).click();
  await expect(mail).toHaveCount(0);

  // A channel deleted while a rule form has it picked: the API's /channelIds/<i> problem shows beside the channels, naming it.
  problems.allowHttpError(400, `/api/v1/projects/${projectId}/alert-rules`, "a rule naming a deleted channel is refused on purpose");
  problems.allowHttpError(400, `/api/v1/projects/${projectId}/alert-rules/preview`, "the preview of an incomplete rule may answer 400");
  await page.getByRole("button", { name: "Add channel" }).click();
  await page.getByLabel("Name").fill("Short-lived hook");
  await page.getByLabel("Endpoint URL").fill(`${receiver.url}/hooks/short`);
  await page.getByRole("button", { name: "Add channel" }).click();
  await page.getByRole("dialog", { name: "Signing secret of Short-lived hook" }).getByRole("button", { name: "I have saved it" }).click();
  await page.goto(`${projectPath}/alerts/rules/new`);
  await page.getByRole("checkbox", { name: "Short-lived hook" }).check();
  const other = await context.newPage();
  await other.goto(`${projectPath}/settings/channels`);
  const shortLived = other.locator('[data-testid="channel-row"][data-channel-name="Short-lived hook"]');
  await shortLived.getByRole("button", { name: "Delete" }).click();
  await other.getByRole("alertdialog", { name: "Delete Short-lived hook" }).getByRole("button", { name: "Delete channel" }).click();
  await expect(shortLived).toHaveCount(0);
  await other.close();
  await page.getByLabel("Name").fill("Orphaned rule");
  await page.getByLabel(/^Threshold/).fill("1");
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.locator('[data-field="channelIds"]').getByRole("alert")).toHaveText("Short-lived hook: No such channel in this project");
  await expect(page.getByTestId("form-error")).toContainText("One field needs a change");
  await shot(page, "86-rule-form-channels-error");

  // A missing channel is a 404 page with a 404 status.
  const missing = `${projectPath}/settings/channels/chn_missing`;
  problems.allowHttpError(404, missing, "a channel that does not exist is refused on purpose");
  expect((await page.goto(missing))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();

  // A viewer reads the channels and where they point: no secret, no buttons.
  await page.goto(`/${projectPath.split("/")[1]}/settings/members`);
  await page.getByRole("button", { name: "member" }).click(); // the role picker
  await page.getByRole("option", { name: "viewer" }).click();
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!;
  const viewerContext = await newContext({ baseURL: server.url });
  const viewer = await viewerContext.newPage();
  await viewer.goto(new URL(link).pathname);
  await viewer.getByRole("link", { name: "Create an account" }).click();
  await viewer.waitForURL(/\/sign-up\?callbackUrl=/);
  await signUp(viewer, uniqueEmail("channels-viewer"), "Vera Viewer", new URL(viewer.url()).pathname + new URL(viewer.url()).search);
  await viewer.getByRole("button", { name: "Accept invitation" }).click();
  // The invitation page names the organization too: wait until accepting has led away from it.
  await viewer.waitForURL((url) => !url.pathname.startsWith("/invite/"));
  await expect(viewer.getByRole("heading", { name: "Notify Co", level: 1 })).toBeVisible();
  await viewer.goto(`${projectPath}/settings/channels`);
  const viewerHook = viewer.locator(`[data-testid="channel-row"][data-channel-name="${HOOK}"]`);
  await expect(viewerHook.getByTestId("channel-target")).toHaveText(`${receiver.url}/hooks/vigil`);
  await expect(viewer.getByTestId("channels-read-only")).toBeVisible();
  for (const name of ["Add channel", "Send test", "Edit", "Disable", "Rotate secret", "Delete"]) await expect(viewer.getByRole("button", { name })).toHaveCount(0);
  await viewerHook.getByRole("link", { name: "Deliveries" }).click();
  await expect(viewer.locator('[data-testid="delivery"][data-delivery-type="alert.firing"]')).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Redeliver" })).toHaveCount(0);
  expect(await viewer.content()).not.toContain("whsec_");
  await shot(viewer, "87-channel-deliveries-viewer");

  // The list on a phone, in dark mode.
  await viewer.setViewportSize({ width: 390, height: 844 });
  await viewer.emulateMedia({ colorScheme: "dark" });
  await viewer.goto(`${projectPath}/settings/channels`);
  await expect(viewerHook).toBeVisible();
  await shot(viewer, "88-channels-phone-dark");
});
