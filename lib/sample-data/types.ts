import type { z } from "zod";
import type { eventSchema } from "@/lib/ingest/schema";

/** One event exactly as a client sends it to `POST /api/v1/ingest` (API.md's ingest shape). */
export type SampleEvent = z.input<typeof eventSchema>;
