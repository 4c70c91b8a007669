import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { startAppServer, type AppServer } from "./servers";
import { createOrganization, createProject, createIngestKey, expect, shot as fullPageShot, signUp, test, uniqueEmail } from "./support";

/**
 * The alerting loop as a user lives it, in Chromium: a new project gets the recommended
 * rules in one click and a custom rule through the form (with its live preview and an
 * inline validation error), real telemetry through the ingest API breaches the rule, the
 * `alerts` cron route opens an incident, the user acknowledges it, healthy telemetry
 * resolves it.
 *
 * The suite's server runs the in-process scheduler, which evaluates rules on its own every
 * 15 s; here the minute a rule is judged must be the one the test chose. So this spec runs
 * its own server of the built app (a fresh database of the run's kind) with the scheduler
 * off and a known CRON_SECRET: only the cron route evaluates, as on Vercel.
 */

const CRON_SECRET = `e2e-cron-${randomBytes(12).toString("hex")}`;
const MINUTE = 60_000;
const RULE = "Checkout 5xx rate";
const ROUTE = "/api/e2e-checkout";

let server: AppServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const port = Number(process.env.E2E_PORT ?? 3100) + 1;
  server = await startAppServer("npm start", port, { CRON_SECRET, IN_PROCESS_SCHEDULER: "off" });
});

test.afterAll(async () => {
  await server?.stop();
});

/** A full-page screenshot from the top: sticky parts (the top bar, the preview) then sit where users see them. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullPageShot(page, name);
}

/** Runs the alerts job as Vercel's cron would; answers its summary. */
async function runAlertsCron(request: APIRequestContext) {
  const res = await request.get(`${server.url}/api/cron/alerts`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
  expect(res.status()).toBe(200);
  return (await res.json()) as { minute: string; rulesEvaluated: number; transitions: number };
}

/**
 * Waits until the clock is at least `after` and early enough in its minute that what the
 * test sends next and the cron call that judges it fall in the same minute.
 */
async function waitForMinute(page: Page, after = 0) {
  for (;;) {
    const now = Date.now();
    if (now >= after && now % MINUTE < 40_000) return Math.floor(now / MINUTE) * MINUTE;
    await page.waitForTimeout(Math.max(500, Math.min(5_000, after - now, MINUTE - (now % MINUTE) + 200)));
  }
}

function requests(at: number, status: number, n: number) {
  return Array.from({ length: n }, (_, i) => ({ type: "request", method: "POST", route: ROUTE, statusCode: status, durationMs: 120 + i, timestamp: at + i * 100 }));
}

test("a new project is watched in a minute: presets, a custom rule with its preview, an incident that fires, is acknowledged and resolves", async ({ newContext, problems }) => {
  test.setTimeout(420_000);
  const context = await newContext({ baseURL: server.url });
  const page = await context.newPage();
  const email = uniqueEmail("alerts");
  await signUp(page, email, "Ada Alert");
  await createOrganization(page, "Alert Co");
  const projectPath = await createProject(page, "Shop");
  // An ingest key, as a user creates one.
  const { projectId, key } = await createIngestKey(page, projectPath, "alerts e2e");

  // A project with no telemetry and no rules: the Alerts page offers the recommended rules.
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Alerts" }).click();
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await expect(page.getByTestId("preset")).toHaveCount(8);
  await expect(page.getByTestId("no-telemetry-note")).toBeVisible();
  await shot(page, "60-alerts-empty");

  // Sample data, so the preview has a week to replay.
  await page.goto(projectPath);
  await page.getByRole("button", { name: "Load sample data" }).click();
  await expect(page.getByTestId("kpi-Invocations")).toBeVisible({ timeout: 120_000 });

  // One click adds a preset; it is listed at once, not yet evaluated.
  await page.goto(`${projectPath}/alerts`);
  await page.getByRole("button", { name: "Add API 5xx rate > 2%" }).click();
  const presetRow = page.locator('[data-testid="rule-row"][data-rule-name="API 5xx rate > 2%"]');
  await expect(presetRow).toBeVisible();
  await expect(presetRow).toContainText("API 5xx rate > 2% over 10 min");
  await expect(presetRow).toContainText("not evaluated yet");
  await expect(presetRow.getByTestId("rule-state")).toHaveText("waiting");
  await expect(page.getByTestId("more-presets")).toContainText("Recommended rules not added yet (7)");
  await shot(page, "61-alerts-preset-added");

  // A custom rule through the form: the preview replays it over the sample week.
  await page.getByRole("link", { name: "Create rule" }).click();
  await expect(page.getByRole("heading", { name: "New alert rule", level: 1 })).toBeVisible();
  await expect(page.getByTestId("preview-incomplete")).toContainText("Set the threshold");
  await page.getByLabel("Name").fill(RULE);
  await page.getByLabel("Metric").selectOption("request_error_rate");
  // Only what this metric allows: no aggregation choice but rate, no level or vital filter.
  await expect(page.getByLabel("Aggregation")).toHaveValue("rate");
  await expect(page.getByLabel("Aggregation").locator("option")).toHaveCount(1);
  await expect(page.getByLabel(/^Level/)).toHaveCount(0);
  await expect(page.getByLabel("Minimum samples")).toHaveValue("20"); // the API's default for a rate, shown
  await page.getByLabel(/^Threshold/).fill("2");
  const preview = page.getByTestId("rule-preview");
  await expect(preview.getByTestId("chart-threshold-line")).toBeVisible();
  await expect(preview.getByTestId("chart-value-line").first()).toBeAttached();
  await expect(preview.getByTestId("would-fire")).toHaveText(/^This rule would (not )?have fired( once| twice| \d+ times)? in the last 24 hours\.$/);
  // The sample week's few requests a minute are below the default 20 samples; with 1 it fires on its 5xx bursts.
  await page.getByLabel("Minimum samples").fill("1");
  await preview.getByRole("button", { name: "7d" }).click();
  await expect(preview.getByTestId("would-fire")).toHaveText(/^This rule would have fired (once|twice|\d+ times) in the last 7 days\.$/);
  await expect(preview.getByTestId("chart-span").first()).toBeAttached();
  await shot(page, "62-rule-form-preview");

  // A resolve threshold on the firing side: the API's pointer puts the message beside the field.
  problems.allowHttpError(400, `/api/v1/projects/${projectId}/alert-rules/preview`, "the preview of an invalid rule answers 400 on purpose");
  problems.allowHttpError(400, `/api/v1/projects/${projectId}/alert-rules`, "saving an invalid rule is refused on purpose");
  await page.getByLabel(/^Resolve threshold/).fill("10");
  const resolveField = page.locator('[data-field="rule-resolve-threshold"]');
  await expect(resolveField.getByRole("alert")).toContainText("use a value ≤ 2");
  await expect(page.getByTestId("preview-incomplete")).toContainText("resolves at or below the threshold");
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByTestId("form-error")).toContainText("One field needs a change");
  await expect(resolveField.getByRole("alert")).toContainText("use a value ≤ 2");
  await expect(page.getByLabel(/^Resolve threshold/)).toHaveAttribute("aria-invalid", "true");
  await shot(page, "63-rule-form-inline-error");

  // The rule the rest of the test fires: one route, judged on the last minute, fires at once.
  await page.getByLabel(/^Resolve threshold/).fill("");
  await expect(resolveField.getByRole("alert")).toHaveCount(0);
  await page.getByLabel(/^Route/).fill(ROUTE);
  await page.getByLabel(/^Threshold/).fill("50");
  await page.getByLabel("Window (minutes)").fill("1");
  await page.getByLabel("Pending (minutes)").fill("0");
  await page.getByLabel("Minimum samples").fill("1");
  await page.getByLabel("A window with no events").selectOption("ok");
  await page.getByLabel("Severity").selectOption("critical");
  await expect(preview.getByTestId("would-fire")).toHaveText("This rule would not have fired in the last 7 days.");
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page).toHaveURL(new RegExp(`${projectPath}/alerts`));
  const ruleRow = page.locator(`[data-testid="rule-row"][data-rule-name="${RULE}"]`);
  await expect(ruleRow).toContainText("API 5xx rate > 50% over 1 min");
  await expect(ruleRow).toContainText(`route: ${ROUTE}`);

  // Telemetry that breaches it, sent through the ingest API half a minute ago (a closed minute),
  // then the cron route judges that minute.
  const ingest = async (events: unknown[]) => {
    const res = await page.request.post(`${server.url}/api/v1/ingest`, { headers: { authorization: `Bearer ${key}` }, data: { events } });
    expect(res.status()).toBe(202);
  };
  const breachMinute = await waitForMinute(page);
  await ingest(requests(breachMinute - 30_000, 503, 8));
  const fired = await runAlertsCron(page.request);
  expect(fired.minute).toBe(new Date(breachMinute).toISOString());
  expect(fired.transitions).toBeGreaterThanOrEqual(1);

  await page.reload();
  const incident = page.getByTestId("firing-incident").filter({ hasText: RULE });
  await expect(incident).toBeVisible();
  await expect(incident.getByTestId("severity")).toHaveText("critical");
  await expect(incident.getByTestId("incident-value")).toHaveText("Now 100% · fires above 50%");
  await expect(ruleRow.getByTestId("rule-state")).toHaveText("firing");
  await expect(ruleRow.getByTestId("rule-value")).toHaveText("100%");
  await shot(page, "64-alerts-firing");

  // The incident: its numbers, its timeline, the chart with the threshold, and the rule.
  await incident.getByRole("link", { name: RULE }).click();
  await expect(page.getByRole("heading", { name: RULE, level: 1 })).toBeVisible();
  await expect(page.getByTestId("incident-status")).toHaveText("firing");
  await expect(page.getByTestId("incident-value")).toContainText("100%");
  const timeline = page.getByTestId("timeline-entry");
  await expect(timeline.filter({ hasText: "Opened" })).toContainText("Value 100% against above 50%, from 8 samples");
  await expect(timeline.filter({ hasText: "Notification sent" })).toContainText("To the in-app inbox");
  await expect(page.getByTestId("chart-threshold-line")).toBeVisible();
  await expect(page.getByTestId("chart-span")).toBeVisible();
  await expect(page.getByTestId("incident-rule").getByRole("link", { name: RULE })).toBeVisible();
  const incidentUrl = page.url();

  // Acknowledged by name: the page and the timeline say who.
  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByTestId("incident-acknowledged")).toContainText(`by ${email}`);
  await expect(timeline.filter({ hasText: "Acknowledged" })).toContainText(`By ${email}`);
  await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await shot(page, "65-incident-acknowledged");

  // Healthy telemetry in a later minute; the next judgement resolves the incident.
  const healthyMinute = await waitForMinute(page, breachMinute + MINUTE);
  await ingest(requests(healthyMinute - 30_000, 200, 8));
  const resolved = await runAlertsCron(page.request);
  expect(resolved.transitions).toBeGreaterThanOrEqual(1);
  await page.goto(incidentUrl);
  await expect(page.getByTestId("incident-status")).toHaveText("resolved");
  await expect(timeline.filter({ hasText: /^Resolved/ }).last()).toContainText("Value back to 0%");
  await expect(timeline.filter({ hasText: "Resolution sent" })).toBeVisible();
  await shot(page, "66-incident-resolved");

  await page.goto(`${projectPath}/alerts`);
  await expect(page.getByTestId("firing-incident").filter({ hasText: RULE })).toHaveCount(0);
  await expect(ruleRow.getByTestId("rule-state")).toHaveText("ok");
  await page.getByTestId("resolved-incidents").locator("summary").click();
  await expect(page.getByTestId("resolved-incident").filter({ hasText: RULE })).toBeVisible();
  await shot(page, "67-alerts-resolved");

  // The rules' own controls: mute for an hour and unmute, disable and enable, edit, delete.
  await presetRow.getByRole("button", { name: "Mute ▾" }).click();
  await page.getByRole("dialog", { name: "Mute API 5xx rate > 2%" }).getByRole("button", { name: "For 1 hour" }).click();
  await expect(presetRow.getByTestId("muted-badge")).toContainText("muted until");
  await shot(page, "68-rule-muted");
  await presetRow.getByRole("button", { name: "Unmute" }).click();
  await expect(presetRow.getByTestId("muted-badge")).toHaveCount(0);
  // Until a chosen time (the browser's local time; the badge says it in UTC).
  await presetRow.getByRole("button", { name: "Mute ▾" }).click();
  const muteDialog = page.getByRole("dialog", { name: "Mute API 5xx rate > 2%" });
  await muteDialog.getByLabel("Until (your local time)").fill("2030-06-01T12:00");
  await muteDialog.getByRole("button", { name: "Mute until then" }).click();
  const until = await page.evaluate(() => new Date("2030-06-01T12:00").toISOString().slice(0, 16).replace("T", " "));
  await expect(presetRow.getByTestId("muted-badge")).toHaveText(`muted until ${until} UTC`);
  await presetRow.getByRole("button", { name: "Unmute" }).click();
  await expect(presetRow.getByTestId("muted-badge")).toHaveCount(0);
  await presetRow.getByRole("switch", { name: "Enabled: API 5xx rate > 2%" }).click();
  await expect(presetRow.getByTestId("rule-state")).toHaveText("disabled");
  await presetRow.getByRole("switch", { name: "Enabled: API 5xx rate > 2%" }).click();
  await expect(presetRow.getByTestId("rule-state")).not.toHaveText("disabled");

  await presetRow.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("heading", { name: "API 5xx rate > 2%", level: 1 })).toBeVisible();
  await expect(page.getByLabel(/^Threshold/)).toHaveValue("2");
  await page.getByLabel(/^Threshold/).fill("3");
  await page.getByLabel("Name").fill("API 5xx rate > 3%");
  await page.getByRole("button", { name: "Save changes" }).click();
  const edited = page.locator('[data-testid="rule-row"][data-rule-name="API 5xx rate > 3%"]');
  await expect(edited).toContainText("API 5xx rate > 3% over 10 min");

  await ruleRow.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("alertdialog", { name: `Delete ${RULE}` })).toContainText("its past incidents stay readable");
  await shot(page, "69-rule-delete-confirm");
  await page.getByRole("button", { name: "Delete rule" }).click();
  await expect(ruleRow).toHaveCount(0);

  // The incident outlives its rule, and says so.
  await page.goto(incidentUrl);
  await expect(page.getByTestId("incident-rule")).toContainText(`“${RULE}” has been deleted`);
  await shot(page, "70-incident-rule-deleted");

  // A missing incident or rule is a 404 page with a 404 status.
  for (const missing of [`${projectPath}/alerts/inc_missing`, `${projectPath}/alerts/rules/rul_missing`]) {
    problems.allowHttpError(404, missing, "an incident or rule that does not exist is refused on purpose");
    expect((await page.goto(missing))?.status(), missing).toBe(404);
    await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  }
});

test("a viewer sees the rules and their preview, read-only; the page reads on a phone in dark mode", async ({ newContext }) => {
  test.setTimeout(240_000);
  const context = await newContext({ baseURL: server.url });
  const page = await context.newPage();
  await signUp(page, uniqueEmail("alerts-owner"), "Otto Owner");
  const orgSlug = await createOrganization(page, "Watched Co");
  const projectPath = await createProject(page, "Checkout");

  // All eight recommended rules in one click.
  await page.goto(`${projectPath}/alerts`);
  await page.getByRole("button", { name: "Add all recommended rules" }).click();
  await expect(page.getByTestId("rule-row")).toHaveCount(8);
  await expect(page.getByTestId("empty-state")).toHaveCount(0);
  await expect(page.getByTestId("more-presets")).toHaveCount(0);
  await shot(page, "71-alerts-all-presets");

  // A viewer joins through an invitation link.
  await page.goto(`/${orgSlug}/settings/members`);
  await page.getByRole("button", { name: "member" }).click(); // the role picker
  await page.getByRole("option", { name: "viewer" }).click();
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!;
  const viewerContext = await newContext({ baseURL: server.url });
  const viewer = await viewerContext.newPage();
  await viewer.goto(new URL(link).pathname);
  await viewer.getByRole("link", { name: "Create an account" }).click();
  await viewer.waitForURL(/\/sign-up\?callbackUrl=/);
  await signUp(viewer, uniqueEmail("alerts-viewer"), "Vera Viewer", new URL(viewer.url()).pathname + new URL(viewer.url()).search);
  await viewer.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewer.getByRole("heading", { name: "Watched Co", level: 1 })).toBeVisible();

  // Everything is there to read; nothing to press.
  await viewer.goto(`${projectPath}/alerts`);
  await expect(viewer.getByTestId("rule-row")).toHaveCount(8);
  await expect(viewer.getByTestId("read-only-note")).toContainText("You have viewer access");
  await expect(viewer.getByRole("link", { name: "Create rule" })).toHaveCount(0);
  for (const name of [/^Mute/, "Edit", "Delete", "Acknowledge"]) await expect(viewer.getByRole("button", { name })).toHaveCount(0);
  await expect(viewer.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await expect(viewer.getByRole("switch")).toHaveCount(0);
  await shot(viewer, "72-alerts-viewer");

  // A rule opens read-only, its preview still computed.
  await viewer.getByRole("link", { name: "Function p95 duration > 1 s" }).click();
  await expect(viewer.getByRole("heading", { name: "Function p95 duration > 1 s", level: 1 })).toBeVisible();
  await expect(viewer.getByLabel("Name")).toBeDisabled();
  await expect(viewer.getByLabel(/^Threshold/)).toHaveValue("1000");
  await expect(viewer.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(viewer.getByTestId("would-fire")).toHaveText("This rule would not have fired in the last 24 hours.");
  await shot(viewer, "73-rule-viewer");

  // On a phone, in dark mode.
  await viewer.setViewportSize({ width: 390, height: 844 });
  await viewer.emulateMedia({ colorScheme: "dark" });
  await viewer.goto(`${projectPath}/alerts`);
  await expect(viewer.getByTestId("rule-row")).toHaveCount(8);
  await shot(viewer, "74-alerts-phone-dark");
});
