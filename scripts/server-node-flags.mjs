// Node flags of the production server, shared by `npm start` (scripts/start.mjs) and the
// benchmarks (bench/lib/server.mjs), so both measure and run the same thing.

/**
 * A larger young generation: an ingest request's events live until its group commits (tens
 * of milliseconds under load), so with V8's default 16 MB semi-spaces they survive a
 * scavenge or two and are copied and promoted. 64 MB lets them die young: garbage
 * collection fell from about a fifth of the server's CPU to under a tenth, and 500-event
 * batches went about 10% faster (docs/benchmarks.md). It costs up to 128 MB of address
 * space, committed only as the heap grows.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=64"];
