import { createOrganization, createProject, expect, shot, signUp, test, uniqueEmail } from "./support";

test("an owner invites a viewer, who sees the project but cannot create keys", async ({ page, newContext, problems }) => {
  await signUp(page, uniqueEmail("owner"), "Olga Owner");
  const orgSlug = await createOrganization(page, "Viewer Test Co");
  const projectPath = await createProject(page, "Checkout");
  await page.goto(`${projectPath}/settings`);
  const projectId = (await page.getByTestId("project-id").textContent())!;

  await page.goto(`/${orgSlug}/settings/members`);
  await page.getByLabel("E-mail (optional, for your records)").fill("viewer@example.test");
  await page.getByRole("button", { name: "member" }).click(); // the role picker
  await page.getByRole("option", { name: "viewer" }).click();
  await expect(page.getByText("Viewer — reads dashboards only")).toBeVisible();
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!;
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{32}$/);
  await expect(page.getByRole("cell", { name: "viewer@example.test" })).toBeVisible();
  await shot(page, "10-members-invite");

  // The invitee opens the link, creates an account, accepts.
  const viewerContext = await newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.8" } });
  const viewer = await viewerContext.newPage();
  await viewer.goto(new URL(link).pathname);
  await expect(viewer.getByRole("heading", { name: "Join Viewer Test Co" })).toBeVisible();
  await shot(viewer, "11-invite-landing");
  await viewer.getByRole("link", { name: "Create an account" }).click();
  await viewer.waitForURL(/\/sign-up\?callbackUrl=/);
  await signUp(viewer, uniqueEmail("viewer"), "Victor Viewer", new URL(viewer.url()).pathname + new URL(viewer.url()).search);
  await expect(viewer.getByRole("heading", { name: "Join Viewer Test Co" })).toBeVisible();
  await viewer.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewer.getByRole("heading", { name: "Viewer Test Co", level: 1 })).toBeVisible();
  await expect(viewer.getByText("you are viewer")).toBeVisible();

  // The viewer sees the project and its pages…
  await viewer.getByRole("link", { name: /Checkout/ }).click();
  await expect(viewer.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  // …but no way to create keys, and the server refuses if they try anyway.
  await viewer.goto(`${projectPath}/settings/keys`);
  await expect(viewer.getByTestId("keys-read-only")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Create key" })).toHaveCount(0);
  await shot(viewer, "12-viewer-keys");
  const refused = await viewer.request.post(`/api/v1/projects/${projectId}/api-keys`, {
    data: { name: "sneaky", scopes: ["ingest"] },
    headers: { origin: new URL(viewer.url()).origin },
  });
  expect(refused.status()).toBe(403);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
  // Nor can they see the audit log.
  problems.allowHttpError(404, `/${orgSlug}/settings/audit`, "the viewer opens the audit log to be refused");
  expect((await viewer.goto(`/${orgSlug}/settings/audit`))?.status()).toBe(404);

  // The used link cannot be used again.
  await viewer.goto(new URL(link).pathname);
  await expect(viewer.getByRole("heading", { name: "This invitation can’t be used" })).toBeVisible();

  // The owner sees the new member and the join in the audit log.
  await page.goto(`/${orgSlug}/settings/members`);
  await expect(page.getByText("Victor Viewer")).toBeVisible();
  await page.goto(`/${orgSlug}/settings/audit`);
  await expect(page.getByText("member.joined")).toBeVisible();
  await viewerContext.close();
});
