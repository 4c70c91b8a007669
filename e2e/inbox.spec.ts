import type { Page } from "@playwright/test";
import { runJob } from "./cron";
import { createOrganization, createProject, createIngestKey, expect, shot, signUp, test, uniqueEmail } from "./support";

/**
 * Being told: a rule fires on real telemetry, the bell in the top bar counts it without a
 * reload, the project's Overview shows what is firing, and the panel lists, opens and
 * clears the notifications. Screenshots of the empty panel, the banner and the full panel
 * go to e2e/artifacts.
 */

const SECOND = 1_000;

/** Creates rules through the API from the page, as the app's own pages call it (session cookie, same origin). */
async function createRules(page: Page, projectId: string, rules: Record<string, unknown>[]): Promise<number[]> {
  return page.evaluate(
    async ({ projectId, rules }) =>
      Promise.all(
        rules.map(async (rule) => {
          const res = await fetch(`/api/v1/projects/${projectId}/alert-rules`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) });
          return res.status;
        }),
      ),
    { projectId, rules },
  );
}

test("a rule fires: the bell counts it on its own, the Overview shows the banner, the panel opens the incident and marks all read", async ({ page, problems }) => {
  test.setTimeout(300_000);
  await signUp(page, uniqueEmail("oncall"), "Olive Oncall");
  const orgSlug = await createOrganization(page, "Pager Co");

  // Nothing yet: a bell without a count, and a panel that says where notifications come from.
  const bell = page.getByRole("button", { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName("Notifications");
  await expect(page.getByTestId("inbox-count")).toHaveCount(0);
  await bell.click();
  const panel = page.getByRole("dialog", { name: "Notifications" });
  await expect(panel.getByText("No notifications yet")).toBeVisible();
  await expect(panel.getByText("Alerts you set up on a project’s Alerts page show up here.")).toBeVisible();
  await expect(panel.getByRole("button", { name: "Mark all read" })).toBeDisabled();
  await shot(page, "40-inbox-empty");
  // Escape closes it and gives the focus back to the bell; so does a click elsewhere.
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(bell).toBeFocused();
  await bell.click();
  await expect(panel).toBeVisible();
  await page.getByRole("heading", { level: 1 }).click();
  await expect(panel).toBeHidden();

  const projectPath = await createProject(page, "Storefront");
  const { projectId, key } = await createIngestKey(page, projectPath, "ingest");

  // Rules on the 5xx rate: a critical one, a medium one, and twenty low ones — more than the
  // panel's first page. New rules tell the project's inbox.
  const watch = { metric: "request_error_rate", threshold: 5, windowMinutes: 5, pendingMinutes: 0, minSamples: 0 };
  const rules = [
    { ...watch, name: "Checkout 5xx", severity: "critical" },
    { ...watch, name: "API errors", severity: "medium", comparator: ">=" },
    ...Array.from({ length: 20 }, (_, i) => ({ ...watch, name: `Route watch ${i + 1}`, severity: "low" })),
  ];
  expect(await createRules(page, projectId, rules)).toEqual(rules.map(() => 201));

  // A failing minute: the tick judges the last closed minute, so the events are 30–90 s old.
  const now = Date.now();
  const events = Array.from({ length: 20 }, (_, i) => ({ type: "request", method: "POST", route: "/api/checkout", statusCode: 503, durationMs: 120, timestamp: now - 90 * SECOND + i * 3 * SECOND }));
  const ingest = await page.request.post("/api/v1/ingest", { headers: { authorization: `Bearer ${key}` }, data: { events } });
  expect(await ingest.json()).toMatchObject({ accepted: 20 });

  // The alerts job, as Vercel's cron calls it, until every rule has fired: a rule is judged
  // once per minute, so a minute the in-process scheduler judged before the events arrived
  // waits for the next one.
  await expect
    .poll(
      async () => {
        await runJob(page.request, "alerts");
        const firing = await (await page.request.get(`/api/v1/projects/${projectId}/alerts?status=firing`)).json();
        return firing.data.length;
      },
      { timeout: 150_000, intervals: [1_000, 5_000, 10_000] },
    )
    .toBe(22);

  // The bell counts them without a reload (it polls every 30 s).
  await expect(page.getByTestId("inbox-count")).toHaveText("22", { timeout: 45_000 });
  await expect(bell).toHaveAccessibleName("Notifications, 22 unread");

  // The Overview says what is firing, in the worst severity's colour, worst first.
  await page.goto(projectPath);
  const banner = page.getByTestId("firing-banner");
  await expect(banner.getByRole("heading")).toHaveText(/^22 alerts firing/);
  await expect(banner).toHaveAttribute("data-severity", "critical");
  const incidents = banner.getByTestId("firing-incident");
  await expect(incidents).toHaveCount(3);
  await expect(incidents.first()).toContainText("critical");
  await expect(incidents.first()).toContainText("Checkout 5xx");
  await expect(incidents.first()).toContainText("100% — fires above 5%");
  await expect(incidents.nth(1)).toContainText("API errors");
  await expect(incidents.nth(1)).toContainText("100% — fires at or above 5%");
  await expect(incidents.nth(2)).toContainText(/low\s*Route watch/);
  await expect(banner).toContainText("and 19 more on the Alerts page");
  await expect(banner.getByRole("link", { name: "View alerts →" })).toHaveAttribute("href", `${projectPath}/alerts`);
  await expect(incidents.first().getByRole("link", { name: "Checkout 5xx" })).toHaveAttribute("href", new RegExp(`^${projectPath}/alerts/inc_`));
  await shot(page, "41-overview-firing-banner");

  // The panel: newest first, a page at a time, each with its severity, words, project, time
  // and an unread dot.
  await bell.click();
  const items = panel.getByTestId("inbox-item");
  await expect(items).toHaveCount(20);
  await shot(page, "42-inbox-panel");
  await panel.getByRole("button", { name: "Load more" }).click();
  await expect(items).toHaveCount(22);
  await expect(panel.getByRole("button", { name: "Load more" })).toHaveCount(0);
  await expect(panel.getByTestId("unread-dot")).toHaveCount(22);
  const checkout = items.filter({ hasText: "Checkout 5xx" });
  await expect(checkout).toContainText("Firing · critical");
  await expect(checkout).toContainText("Now 100%; fires when above 5%.");
  await expect(checkout).toContainText(/Storefront · (just now|\d+ min ago)/);
  await expect(items.filter({ hasText: "API errors" })).toContainText("Firing · medium");
  await expect(items.filter({ hasText: "Route watch 7" })).toContainText("Firing · low");

  // Opening one goes to its incident and marks it read.
  const href = (await checkout.getByRole("link").getAttribute("href"))!;
  expect(href).toMatch(new RegExp(`^/${orgSlug}/[^/]+/alerts/inc_`));
  await checkout.getByRole("link").click();
  await expect(page).toHaveURL(href);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto(projectPath);
  await expect(page.getByTestId("inbox-count")).toHaveText("21");
  await bell.click();
  await panel.getByRole("button", { name: "Load more" }).click();
  await expect(items.filter({ hasText: "Checkout 5xx" })).toHaveAttribute("data-read", "true");
  await expect(panel.getByTestId("unread-dot")).toHaveCount(21);

  // When the server cannot mark them (an outage, played here by answering 503), the count
  // comes back and the panel says why.
  const why = "the test answers 503 on purpose";
  problems.allow(/^response 503 POST https?:\/\/[^/]+\/api\/v1\/inbox\/read$/, why);
  problems.allowHttpError(503, "/api/v1/inbox/read", why);
  const outage = { status: 503, contentType: "application/problem+json", body: JSON.stringify({ title: "Service Unavailable", status: 503, detail: "Storage is unavailable." }) };
  await page.route("**/api/v1/inbox/read", (route) => route.fulfill(outage));
  await panel.getByRole("button", { name: "Mark all read" }).click();
  await expect(panel.getByRole("alert")).toHaveText("Could not mark as read: Storage is unavailable.");
  await expect(page.getByTestId("inbox-count")).toHaveText("21");
  await expect(panel.getByTestId("unread-dot")).toHaveCount(21);
  await page.unroute("**/api/v1/inbox/read");

  // Mark all read: the count leaves the bell, and stays gone after a reload.
  await panel.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByTestId("inbox-count")).toHaveCount(0);
  await expect(panel.getByTestId("unread-dot")).toHaveCount(0);
  await expect(panel.getByRole("alert")).toHaveCount(0);
  await expect(panel.getByRole("button", { name: "Mark all read" })).toBeDisabled();
  await expect(bell).toHaveAccessibleName("Notifications");
  await page.reload();
  await expect(page.getByTestId("firing-banner")).toBeVisible();
  await expect(page.getByTestId("inbox-count")).toHaveCount(0);

  // The bell is on every dashboard page, the organization's too; on a phone the panel spans the screen.
  await page.setViewportSize({ width: 390, height: 760 });
  await page.goto(`/${orgSlug}/settings`);
  await bell.click();
  await expect(panel.getByTestId("inbox-item")).toHaveCount(20);
  const box = (await panel.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  // The top bar fits the phone's width, bell and user menu included.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, "43-inbox-panel-phone");
});
