import { createOrganization, createProject, expect, shot, signUp, test, uniqueEmail } from "./support";

test("a new user signs up, creates an org, a project and a key; sees it once; revokes it; a stranger gets 404", async ({ page, newContext, problems, baseURL }) => {
  const email = uniqueEmail("owner");
  await signUp(page, email, "Olivia Owner");
  const orgSlug = await createOrganization(page, "Acme Monitoring");
  await shot(page, "01-org-empty");
  await expect(page.getByText("No projects yet")).toBeVisible();

  // A name too short is answered beside the name input, with what was typed kept.
  await page.getByLabel("Project name").fill("x");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("At least 2 characters")).toBeVisible();
  await expect(page.getByLabel("Project name")).toHaveValue("x");
  await expect(page.getByLabel("Project name")).toHaveAccessibleDescription(/At least 2 characters/);
  await shot(page, "01-project-name-too-short");

  const projectPath = await createProject(page, "Storefront");
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await expect(page.getByText("curl -X POST")).toBeVisible();
  // Rendered right after the create action's redirect: the example names the host the browser uses.
  await expect(page.getByText("curl -X POST")).toContainText(`${new URL(baseURL!).origin}/api/v1/ingest`);
  await shot(page, "02-overview-empty");

  // Every section of the project exists and explains itself.
  for (const section of ["deployments", "functions", "requests", "errors", "logs", "vitals", "alerts"]) {
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: new RegExp(section, "i") }).click();
    await expect(page).toHaveURL(new RegExp(`${projectPath}/${section}$`));
    await expect(page.getByTestId("empty-state")).toBeVisible();
    await shot(page, `03-${section}-empty`);
  }

  await page.goto(`${projectPath}/settings`);
  const projectId = (await page.getByTestId("project-id").textContent())!;
  await page.goto(`${projectPath}/settings/keys`);
  await expect(page.getByText("No API keys yet")).toBeVisible();
  // Bad input is answered inline (the server's 400 is the answer; the browser logs it).
  problems.allowHttpError(400, `/api/v1/projects/${projectId}/api-keys`, "a key without a name is refused on purpose");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Name is required")).toBeVisible();

  await page.getByLabel("Name").fill("production server");
  await page.getByRole("button", { name: "Create key" }).click();
  const keyValue = page.getByTestId("new-key-value");
  await expect(keyValue).toHaveText(/^vgl_[0-9A-Za-z]{38}$/);
  const key = (await keyValue.textContent())!;
  await shot(page, "04-key-created");

  const beforeRevoke = await page.request.get(`/api/v1/projects/${projectId}`, { headers: { authorization: `Bearer ${key}` } });
  expect(beforeRevoke.status()).toBe(403); // a valid ingest-only key: recognised, but not allowed to read
  // The key sends telemetry through the real proxy and route.
  const ingest = await page.request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${key}` },
    data: {
      events: [
        { type: "log", level: "info", message: "hello from e2e" },
        { type: "log", level: "loud" },
        { type: "invocation", functionName: "api/checkout", durationMs: 182, status: "success" },
        {
          type: "error",
          name: "TypeError",
          message: "Cannot read properties of undefined (reading 'total')",
          stack: "TypeError: Cannot read properties of undefined (reading 'total')\n    at computeTotal (/var/task/app/api/checkout/route.js:42:13)\n    at POST (/var/task/node_modules/next/dist/server/route.js:7:1)",
          release: "2026.11.24",
        },
      ],
    },
  });
  expect(ingest.status()).toBe(202);
  expect(ingest.headers()["ratelimit-limit"]).toBe("1200");
  expect(await ingest.json()).toMatchObject({ accepted: 3, duplicates: 0, rejected: [{ index: 1 }] });

  await page.getByRole("button", { name: "I have saved it" }).click();
  const row = page.getByTestId(`key-row-${key.slice(0, 12)}`);
  await expect(row).toBeVisible();
  await expect(row).toContainText(`${key.slice(0, 12)}…`);
  await page.reload();
  await expect(page.getByTestId(`key-row-${key.slice(0, 12)}`)).toBeVisible();
  expect(await page.content()).not.toContain(key);
  await shot(page, "05-key-listed");

  await page.getByTestId(`key-row-${key.slice(0, 12)}`).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Confirm revoke" }).click();
  await expect(page.getByTestId(`key-row-${key.slice(0, 12)}`)).toContainText("revoked");
  const afterRevoke = await page.request.get(`/api/v1/projects/${projectId}`, { headers: { authorization: `Bearer ${key}` } });
  expect(afterRevoke.status()).toBe(401);
  expect(afterRevoke.headers()["content-type"]).toBe("application/problem+json");
  const ingestAfterRevoke = await page.request.post("/api/v1/ingest", { headers: { authorization: `Bearer ${key}` }, data: { events: [{ type: "log", level: "info", message: "x" }] } });
  expect(ingestAfterRevoke.status()).toBe(401);
  await shot(page, "06-key-revoked");

  // The Overview now shows what was sent, for the window in the URL.
  await page.goto(projectPath);
  // The figure itself, exactly: one invocation (not 10, not 100).
  await expect(page.getByTestId("kpi-Invocations").locator("p").nth(1)).toHaveText("1");
  await expect(page.getByTestId("kpi-Function p95")).toContainText("ms");
  await page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "7d" }).click();
  await expect(page).toHaveURL(/\?range=7d$/);
  await expect(page.getByText("Everything this project sent, last 7d.")).toBeVisible();
  await shot(page, "09-overview-data");

  // The error is an issue: open it, read its stack, resolve it.
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Errors" }).click();
  await expect(page.getByTestId("issue-row")).toHaveCount(1);
  await shot(page, "09-errors-list");
  await page.getByRole("link", { name: /TypeError: Cannot read properties of undefined/ }).click();
  await expect(page.getByTestId("stack-trace")).toContainText("computeTotal");
  await expect(page.getByTestId("stack-trace")).toContainText("in app");
  await shot(page, "09-issue-detail");
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByTestId("issue-status")).toHaveText("resolved");
  await page.goto(`${projectPath}/errors`);
  await expect(page.getByText("No unresolved issues in this window.")).toBeVisible();
  await page.getByRole("navigation", { name: "Status" }).getByRole("link", { name: "resolved", exact: true }).click();
  await expect(page.getByTestId("issue-row")).toHaveCount(1);

  // Functions and Requests tables, sortable by URL.
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Functions" }).click();
  await expect(page.getByTestId("metric-row")).toContainText("api/checkout");
  await expect(page.getByTestId("metric-row")).toContainText(/(?<!\d)182 ms/);
  await page.getByRole("link", { name: "p95" }).click();
  await expect(page).toHaveURL(/sort=p95/);
  await shot(page, "09-functions");
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Requests" }).click();
  await expect(page.getByText("No requests in this window; choose a longer range.")).toBeVisible();

  // Logs: full-text search, and the attributes behind a click.
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Logs" }).click();
  await page.getByLabel("Search logs").fill("hello");
  await page.getByLabel("Search logs").press("Enter");
  await expect(page).toHaveURL(/q=hello/);
  await expect(page.getByTestId("log-line")).toHaveCount(1);
  await expect(page.getByTestId("log-line")).toContainText("hello from e2e");
  await page.getByLabel("Search logs").fill("nothing-like-this");
  await page.getByLabel("Search logs").press("Enter");
  await expect(page.getByText("No log line matches “nothing-like-this”")).toBeVisible();
  await shot(page, "09-logs-search");

  // On a phone, in the system's dark mode, the project still reads and navigates.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(projectPath);
  await expect(page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Errors" })).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).not.toBe("rgb(249, 250, 251)");
  await shot(page, "09-overview-mobile-dark");
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: "light" });

  // The audit log recorded both.
  await page.goto(`/${orgSlug}/settings/audit`);
  await expect(page.getByText("api_key.created")).toBeVisible();
  await expect(page.getByText("api_key.revoked")).toBeVisible();
  await shot(page, "07-audit-log");

  // A second user sees none of it.
  const stranger = await newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" } });
  const strangerPage = await stranger.newPage();
  await signUp(strangerPage, uniqueEmail("stranger"), "Sam Stranger");
  await expect(strangerPage).toHaveURL(/\/orgs\/new$/);
  for (const path of [`/${orgSlug}`, projectPath, `${projectPath}/settings/keys`, `/${orgSlug}/settings/members`]) {
    problems.allowHttpError(404, path, "the stranger opens another tenant's pages to be refused");
    const response = await strangerPage.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(strangerPage.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  }
  await shot(strangerPage, "08-stranger-404");
  await stranger.close();
});
