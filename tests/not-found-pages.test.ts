import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { issues } from "@/lib/db/schema";
import { ingestBatch } from "@/lib/ingest/ingest";
import type { User } from "@/lib/db/schema";
import { useTestDatabase } from "./support/db";
import { createTenant, sessionCookie } from "./support/factories";
import { useNextServer } from "./support/next-server";

const db = useTestDatabase();
// The built app as `next start` serves it: the status line a browser receives, which a
// page can only set before its answer starts streaming.
const server = useNextServer();

/** A signed-in member opening a dashboard URL, as the browser's first request for it. */
async function open(user: User, path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${server()}${path}`, { headers: { cookie: await sessionCookie(user) }, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

/** A project with one issue and one deployment, and the URLs of their pages. */
async function projectWithData() {
  const tenant = await createTenant(db());
  const now = Date.now();
  await ingestBatch(db(), tenant.project.id, {
    events: [
      { type: "error", name: "TypeError", message: "cart is undefined", timestamp: now - 2000 },
      { type: "deployment", deploymentId: "dpl_checkout", status: "succeeded", branch: "main", timestamp: now - 1000 },
    ],
  });
  const [issue] = await db().select({ id: issues.id }).from(issues).where(eq(issues.projectId, tenant.project.id));
  const base = `/${tenant.org.slug}/${tenant.project.slug}`;
  return { ...tenant, base, issuePath: `${base}/errors/${issue.id}`, deploymentPath: `${base}/deployments/dpl_checkout` };
}

describe("a link to an issue or a deployment that is not there answers HTTP 404", () => {
  it("the pages of ones that exist answer 200 with the object", async () => {
    const { user, issuePath, deploymentPath } = await projectWithData();
    const issue = await open(user, issuePath);
    expect(issue.status).toBe(200);
    expect(issue.html).toContain("cart is undefined");
    const deployment = await open(user, deploymentPath);
    expect(deployment.status).toBe(200);
    expect(deployment.html).toContain("dpl_checkout");
  });

  it("an unknown issue id, a malformed one, and another project's issue are the 404 page with status 404", async () => {
    const { user, base } = await projectWithData();
    const other = await projectWithData();
    for (const path of [`${base}/errors/${randomUUID()}`, `${base}/errors/not-an-id`, `${base}/errors/${other.issuePath.split("/").pop()}`]) {
      const page = await open(user, path);
      expect(page.status, path).toBe(404);
      expect(page.html, path).toContain("Nothing here");
    }
  });

  it("an unknown deployment and another project's deployment are the 404 page with status 404", async () => {
    const { user, base } = await projectWithData();
    const other = await createTenant(db());
    await ingestBatch(db(), other.project.id, { events: [{ type: "deployment", deploymentId: "dpl_elsewhere", status: "building", timestamp: Date.now() - 1000 }] });
    for (const path of [`${base}/deployments/dpl_unknown`, `${base}/deployments/dpl_elsewhere`]) {
      const page = await open(user, path);
      expect(page.status, path).toBe(404);
      expect(page.html, path).toContain("Nothing here");
    }
  });

  it("the sections of a project still answer 200 (their loading skeleton streams first)", async () => {
    const { user, base } = await projectWithData();
    for (const path of [base, `${base}/errors`, `${base}/deployments`]) expect((await open(user, path)).status, path).toBe(200);
  });
});
