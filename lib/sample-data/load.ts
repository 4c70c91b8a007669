import { z } from "zod";
import { hasTelemetry } from "@/lib/analytics/overview";
import { driverOf, type Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { ConflictError } from "@/lib/errors";
import { foldRollups, ingestBatch } from "@/lib/ingest/ingest";
import type { EventType } from "@/lib/ingest/schema";
import { assertCan } from "@/lib/tenancy/permissions";
import { generateSampleBatches } from "./generator";

/**
 * Sample data is for empty projects only. Mixed into real telemetry it would distort every
 * figure (and could fire the team's alert rules), and it cannot be told apart afterwards.
 */
export class ProjectHasTelemetryError extends ConflictError {
  constructor() {
    super("This project already has telemetry, so sample data was not added. Create a new project to explore it.");
  }
}

export const loadSampleDataOptions = z.object({
  /** End of the generated week; defaults to the time of the call. */
  now: z.date().optional(),
  days: z.number().positive().max(7).default(7),
  /** ~4,000 a day gives ~28k events a week: seconds to load, enough for every chart. */
  eventsPerDay: z.number().int().positive().max(20_000).default(4_000),
  seed: z.number().int().nonnegative().default(1),
});

export interface SampleDataSummary {
  /** events generated and sent through ingest */
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  byType: Record<EventType, number>;
  from: string;
  to: string;
}

/** Batches in flight: enough for the group committer to fill a transaction, bounded memory. */
const IN_FLIGHT = { pglite: 1, postgres: 12 } as const;

/**
 * Loads a generated week of telemetry into an empty project through the real ingest path
 * (`ingestBatch`: validation, normalisation, grouping, rollups), so what the dashboards
 * show is exactly what real events of that shape would show. Throws
 * `ProjectHasTelemetryError` when the project already has data.
 */
export async function loadSampleData(db: Db, projectId: string, options: z.input<typeof loadSampleDataOptions> = {}): Promise<SampleDataSummary> {
  const o = loadSampleDataOptions.parse(options);
  if (await hasTelemetry(db, projectId)) throw new ProjectHasTelemetryError();
  const now = (o.now ?? new Date()).getTime();
  const summary: SampleDataSummary = {
    sent: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    byType: { deployment: 0, invocation: 0, request: 0, error: 0, log: 0, vital: 0 },
    from: new Date(now - o.days * 86_400_000).toISOString(),
    to: new Date(now).toISOString(),
  };
  const inFlight = new Set<Promise<void>>();
  try {
    for (const events of generateSampleBatches({ now, days: o.days, eventsPerDay: o.eventsPerDay, seed: o.seed })) {
      for (const e of events) summary.byType[e.type] += 1;
      summary.sent += events.length;
      const write = ingestBatch(db, projectId, { events }).then((result) => {
        summary.accepted += result.accepted;
        summary.duplicates += result.duplicates;
        summary.rejected += result.rejected.length;
      });
      const tracked: Promise<void> = write.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= IN_FLIGHT[driverOf(db)]) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    // The dashboard this redirects to reads rollups: fold the last batches before it does.
    await foldRollups(db, projectId);
  } catch (err) {
    // Let the other writes settle before reporting, so none is left to reject unheard.
    await Promise.allSettled(inFlight);
    throw err;
  }
  return summary;
}

/** The permission check of the "Load sample data" action: adding data is managing the project. */
export async function loadSampleDataAsMember(
  db: Db,
  access: { project: { id: string }; role: Role },
  options: z.input<typeof loadSampleDataOptions> = {},
): Promise<SampleDataSummary> {
  assertCan(access.role, "manageProjects");
  return loadSampleData(db, access.project.id, options);
}
