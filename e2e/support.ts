import { randomBytes, randomInt } from "node:crypto";
import { mkdirSync } from "node:fs";
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

/**
 * What a user would notice going wrong in the browser, on every page of every context a test
 * opens: console errors, uncaught exceptions, requests that fail, and answers of 500 and up.
 * A test that provokes one on purpose allows exactly that, with its reason (`problems.allow`).
 */
export class BrowserProblems {
  private readonly seen: string[] = [];
  private readonly allowed: { pattern: RegExp; why: string }[] = [
    // Always expected: a request the browser itself abandons because the page navigated away
    // or React/Next cancelled it (a prefetch, a superseded RSC fetch). Nothing failed.
    { pattern: /^requestfailed .* net::ERR_ABORTED$/, why: "abandoned by a navigation" },
  ];

  /** Watches every page of `context`, the ones open now and the ones it opens later. */
  watch(context: BrowserContext): void {
    for (const page of context.pages()) this.watchPage(page);
    context.on("page", (page) => this.watchPage(page));
  }

  /** Accepts problems matching `pattern` for the rest of this test; say why in `why`. */
  allow(pattern: RegExp, why: string): void {
    this.allowed.push({ pattern, why });
  }

  /**
   * Accepts the console error Chromium prints when `path` is answered with `status` (the test
   * provokes that answer on purpose: a refused page, a form the server rejects), for that
   * path only.
   */
  allowHttpError(status: number, path: string, why: string): void {
    const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    this.allow(new RegExp(`^console\\.error Failed to load resource: the server responded with a status of ${status} \\([^)]*\\) \\(at https?://[^/]+${escaped}\\)$`), why);
  }

  /** The problems seen that nothing allows. */
  unexpected(): string[] {
    return this.seen.filter((p) => !this.allowed.some((a) => a.pattern.test(p)));
  }

  private watchPage(page: Page): void {
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const { url } = message.location();
      this.seen.push(`console.error ${message.text()}${url ? ` (at ${url})` : ""}`);
    });
    page.on("pageerror", (error) => this.seen.push(`pageerror ${error.name}: ${error.message}`));
    page.on("requestfailed", (request) => this.seen.push(`requestfailed ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ""}`));
    page.on("response", (response) => {
      if (response.status() >= 500) this.seen.push(`response ${response.status()} ${response.request().method()} ${response.url()}`);
    });
  }
}

/**
 * Each test is its own client: a distinct X-Forwarded-For keeps the per-IP sign-in budget
 * of one test from being spent by another (they all really come from 127.0.0.1).
 *
 * Every spec uses this `test`: its `problems` fixture watches the default context, and
 * `newContext` (use it instead of `browser.newContext`) opens further clients watched too.
 * A test fails at its end if any page showed a problem nothing allows.
 */
export const test = base.extend<{ problems: BrowserProblems; newContext: Browser["newContext"] }>({
  extraHTTPHeaders: async ({}, use) => {
    await use({ "x-forwarded-for": `198.51.100.${randomInt(1, 254)}` });
  },
  problems: [
    async ({ context }, use) => {
      const problems = new BrowserProblems();
      problems.watch(context);
      await use(problems);
      expect(problems.unexpected(), "errors in the browser console, failed requests or 5xx answers").toEqual([]);
    },
    { auto: true },
  ],
  newContext: async ({ browser, problems }, use) => {
    const opened: BrowserContext[] = [];
    await use(async (options) => {
      const context = await browser.newContext(options);
      problems.watch(context);
      opened.push(context);
      return context;
    });
    // Closed here whatever happened, so nothing is left running after the test.
    for (const context of opened) await context.close();
  },
});
export { expect };

export const PASSWORD = "correct horse battery staple";

export function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(4).toString("hex")}@example.test`;
}

/** Saves a full-page screenshot under e2e/artifacts/ — look at them: they are what users see. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync("e2e/artifacts", { recursive: true });
  await page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage: true });
}

export async function signUp(page: Page, email: string, name = "Test User", path = "/sign-up"): Promise<void> {
  await page.goto(path);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

/** From /orgs/new: creates an organization and returns its URL slug. */
export async function createOrganization(page: Page, name: string): Promise<string> {
  await expect(page).toHaveURL(/\/orgs\/new$/);
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  return new URL(page.url()).pathname.split("/")[1];
}

/** From the organization page: creates a project and returns its path `/org/project`. */
export async function createProject(page: Page, name: string): Promise<string> {
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  return new URL(page.url()).pathname;
}

/**
 * The project's id (from its General settings) and a new API key with the default (ingest)
 * scope, created through Settings → API keys as a user does it.
 */
export async function createIngestKey(page: Page, projectPath: string, name: string): Promise<{ projectId: string; key: string }> {
  await page.goto(`${projectPath}/settings`);
  const projectId = (await page.getByTestId("project-id").textContent())!;
  await page.goto(`${projectPath}/settings/keys`);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-key-value")).toHaveText(/^vgl_/);
  return { projectId, key: (await page.getByTestId("new-key-value").textContent())! };
}
