import { randomBytes, randomInt } from "node:crypto";
import { mkdirSync } from "node:fs";
import { test as base, expect, type Page } from "@playwright/test";

/**
 * Each test is its own client: a distinct X-Forwarded-For keeps the per-IP sign-in budget
 * of one test from being spent by another (they all really come from 127.0.0.1).
 */
export const test = base.extend({
  extraHTTPHeaders: async ({}, use) => {
    await use({ "x-forwarded-for": `198.51.100.${randomInt(1, 254)}` });
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
