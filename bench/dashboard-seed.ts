/**
 * The in-process half of bench/dashboard.mjs, run with `node --import tsx` (TypeScript and
 * the `@/` paths of the app's lib, no build step). Seeding 10 million events over HTTP
 * would take most of an hour; here they go through the same `ingestBatch` (validation,
 * normalisation, grouping, rollups, group commit) without the HTTP layer.
 *
 *   setup: migrate DATABASE_URL, create (or, with BENCH_REUSE=1, find) the bench tenant:
 *          a user, an organization, a project to fill and an empty one, a read key for
 *          each and a session cookie; prints it.
 *   seed:  generates and ingests one slice of the sample window (BENCH_SEED_PARAMS, JSON).
 *
 * Messages to the parent are single lines starting with "@@ " (lib/log writes JSON lines
 * too; LOG_LEVEL=warn keeps those on stderr).
 */
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { createApiKey, createApiKeyInput } from "@/lib/api-keys/api-keys";
import { registerUser } from "@/lib/auth/users";
import { migrateHandle, openPostgres, type Db } from "@/lib/db/client";
import { organizations, projects, users } from "@/lib/db/schema";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import { generateSampleBatches, type SampleDataParams } from "@/lib/sample-data/generator";
import { getSecrets } from "@/lib/secrets";
import { createOrganization } from "@/lib/tenancy/organizations";
import { createProject } from "@/lib/tenancy/projects";

const EMAIL = "bench-dashboard@example.test";
/** Batches handed to the group committer at once: enough to fill its 5,000-event transactions. */
const IN_FLIGHT = 10;

function send(message: unknown): void {
  process.stdout.write(`@@ ${JSON.stringify(message)}\n`);
}

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required");
  return url;
}

async function setup(db: Db) {
  const reuse = process.env.BENCH_REUSE === "1";
  let [user] = reuse ? await db.select().from(users).where(eq(users.email, EMAIL)) : [];
  const actor = () => ({ userId: user.id, email: user.email });
  user ??= await registerUser(db, { email: EMAIL, password: "bench dashboard password", name: "Bench" });
  let [org] = reuse ? await db.select().from(organizations).where(eq(organizations.slug, "bench")) : [];
  org ??= await createOrganization(db, { actor: actor(), name: "Bench" });
  const project = async (name: string, slug: string) => {
    const [found] = reuse ? await db.select().from(projects).where(eq(projects.slug, slug)) : [];
    const p = found ?? (await createProject(db, { org: { id: org.id, role: "owner" }, actor: actor(), name }));
    const { key } = await createApiKey(db, { project: p, actor: actor(), input: createApiKeyInput.parse({ name: `bench ${Date.now()}`, scopes: ["read"] }) });
    return { id: p.id, slug: p.slug, readKey: key };
  };
  const full = await project("Shop", "shop");
  const empty = await project("Empty", "empty");
  // The cookie a browser holds after signing in: an Auth.js JWT under the server's secret.
  const cookieName = "authjs.session-token";
  const token = await encode({ token: { sub: user.id, email: user.email, name: user.name }, secret: getSecrets().authSecret, salt: cookieName });
  send({ tenant: { userId: user.id, orgSlug: org.slug, full, empty, cookie: { name: cookieName, value: token } } });
}

async function seed(db: Db, projectId: string, params: SampleDataParams) {
  let sent = 0;
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  let lastReport = Date.now();
  const inFlight = new Set<Promise<void>>();
  for (const events of generateSampleBatches(params)) {
    sent += events.length;
    const write = ingestBatch(db, projectId, { events }).then((r) => {
      accepted += r.accepted;
      duplicates += r.duplicates;
      rejected += r.rejected.length;
    });
    const tracked: Promise<void> = write.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    if (Date.now() - lastReport > 2000) {
      send({ progress: { sent, accepted } });
      lastReport = Date.now();
    }
  }
  await Promise.all(inFlight);
  await foldRollups(db, projectId);
  send({ done: { sent, accepted, duplicates, rejected } });
}

async function main() {
  const mode = process.argv[2];
  const url = databaseUrl();
  const handle = await openPostgres(url, 8, "vigil-bench-seed");
  try {
    if (mode === "setup") {
      await migrateHandle(handle, url);
      await setup(handle.db);
    } else if (mode === "seed") {
      const { projectId, ...params } = JSON.parse(process.env.BENCH_SEED_PARAMS ?? "{}") as SampleDataParams & { projectId: string };
      await seed(handle.db, projectId, params);
    } else {
      throw new Error(`unknown mode ${mode}; expected setup or seed`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
