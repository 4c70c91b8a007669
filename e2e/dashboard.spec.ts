import { readFileSync } from "node:fs";
import { createOrganization, createProject, expect, shot, signUp, test, uniqueEmail } from "./support";

/**
 * A newcomer's first look: load a week of sample data in one click, then every page of the
 * dashboard with what a user does there. Screenshots of each page go to e2e/artifacts.
 */
test("sample data brings every dashboard page to life; ranges, live mode, filters, details, resolve, search and CSV work", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, uniqueEmail("newcomer"), "Nina Newcomer");
  await createOrganization(page, "Sample Shop");
  const projectPath = await createProject(page, "Storefront");

  // One click generates a week of telemetry through the ingest path; the overview fills in.
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await page.getByRole("button", { name: "Load sample data" }).click();
  await expect(page.getByTestId("kpi-Invocations")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("top-issues").getByRole("link").first()).toBeVisible();
  await expect(page.getByTestId("recent-deployments")).toBeVisible();
  await shot(page, "20-overview-24h");

  // The range lives in the URL and changes the figures; a week holds more than a day.
  const invocations = async () => Number((await page.getByTestId("kpi-Invocations").locator("p").nth(1).textContent())!.replace(/\D/g, ""));
  const day = await invocations();
  expect(day).toBeGreaterThan(0);
  await page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "7d" }).click();
  await expect(page).toHaveURL(/[?&]range=7d/);
  await expect.poll(invocations).toBeGreaterThan(day);
  await expect(page.getByText("Everything this project sent, last 7d.")).toBeVisible();
  await expect(page.getByTestId("kpi-Invocations").getByTestId("kpi-change")).toBeVisible();
  await shot(page, "21-overview-7d");

  // Live mode: a visible indicator, kept in the URL, refreshed from the API.
  await page.getByTestId("live-toggle").click();
  await expect(page).toHaveURL(/live=1/);
  await expect(page.getByRole("status").filter({ hasText: /every 15 s|Refreshing/ })).toBeVisible();
  await page.getByTestId("live-toggle").click();
  await expect(page).not.toHaveURL(/live=1/);

  // A custom window from the picker.
  await page.getByRole("button", { name: "Custom" }).click();
  const to = new Date();
  const from = new Date(to.getTime() - 2 * 86_400_000);
  const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await page.getByLabel("From", { exact: true }).fill(local(from));
  await page.getByLabel("To", { exact: true }).fill(local(to));
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/from=\d+&to=\d+/);
  await expect(page.getByText(/Everything this project sent, \d{4}-\d\d-\d\d \d\d:\d\d – /)).toBeVisible();

  // Deployments: charts, a filter kept in the URL, a deployment's detail.
  await page.goto(`${projectPath}/deployments?range=7d`);
  await expect(page.getByTestId("deployment-row").first()).toBeVisible();
  await shot(page, "22-deployments");
  await page.getByLabel("Status").selectOption("failed");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=failed/);
  const failed = page.getByTestId("deployment-row");
  await expect(failed.first()).toBeVisible();
  for (const row of await failed.all()) await expect(row).toContainText("failed");
  await failed.first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("failed").first()).toBeVisible();
  await shot(page, "23-deployment-detail");

  // Functions: sortable table, a function's own page, CSV of what the table shows.
  await page.goto(`${projectPath}/functions?range=7d`);
  const rows = page.getByTestId("metric-row");
  await expect(rows.first()).toBeVisible();
  await shot(page, "24-functions");
  const rowCount = await rows.count();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv-download").click()]);
  expect(download.suggestedFilename()).toBe("functions.csv");
  const csv = readFileSync((await download.path())!, "utf8").trim().split("\r\n");
  expect(csv[0]).toBe("Function,Invocations,Error rate,p50,p95,p99,Cold starts");
  expect(csv).toHaveLength(rowCount + 1);
  await page.getByRole("link", { name: "p95", exact: true }).click();
  await expect(page).toHaveURL(/sort=p95/);
  const slowest = (await rows.first().getByRole("link").textContent())!;
  await rows.first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: slowest, level: 1 })).toBeVisible();
  await expect(page.getByTestId("kpi-Invocations")).toBeVisible();
  await shot(page, "25-function-detail");

  // Requests and one route.
  await page.goto(`${projectPath}/requests?range=7d`);
  await expect(rows.first()).toBeVisible();
  await shot(page, "26-requests");
  const route = (await rows.first().getByRole("link").textContent())!;
  await rows.first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: route, level: 1 })).toBeVisible();
  await shot(page, "27-route-detail");

  // Errors: open the busiest issue, resolve it, and it leaves the unresolved list.
  await page.goto(`${projectPath}/errors?range=7d&sort=events`);
  const issues = page.getByTestId("issue-row");
  await expect(issues.first()).toBeVisible();
  const before = await issues.count();
  await shot(page, "28-errors");
  const title = (await issues.first().getByRole("link").textContent())!;
  await issues.first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await shot(page, "29-issue-detail");
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByTestId("issue-status")).toHaveText("resolved");
  await page.goto(`${projectPath}/errors?range=7d&sort=events`);
  await expect(issues).toHaveCount(before - 1);
  await expect(issues.filter({ hasText: title })).toHaveCount(0);

  // Logs: full-text search, then the live tail.
  await page.goto(`${projectPath}/logs?range=7d`);
  await expect(page.getByTestId("log-line").first()).toBeVisible();
  await page.getByLabel("Search logs").fill('"payment declined"');
  await page.getByLabel("Search logs").press("Enter");
  await expect(page).toHaveURL(/q=%22payment\+declined%22|q=%22payment%20declined%22/);
  const found = page.getByTestId("log-line");
  await expect(found.first()).toBeVisible();
  for (const line of (await found.all()).slice(0, 20)) await expect(line).toContainText(/payment declined/i);
  await page.getByTestId("tail-toggle").click();
  await expect(page.getByTestId("tail-status")).toContainText("Following new lines");
  await shot(page, "30-logs-search");

  // Vitals: a p75 per vital and the per-route table.
  await page.goto(`${projectPath}/vitals?range=7d`);
  await expect(page.getByTestId("vital-LCP")).toContainText(/Good|Needs improvement|Poor/);
  await expect(page.getByTestId("vitals-row").first()).toBeVisible();
  await shot(page, "31-vitals");
});
