/** What a failed database call says about itself, whichever driver (pg or PGlite) threw it. */

/** The SQLSTATE of a database error, wherever the driver (or Drizzle's wrapper) nests it. */
export function sqlStateOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Did the database refuse the data itself, rather than fail to be there? Data exceptions
 * (class 22: a value out of range, an unstorable character), integrity violations (23: a
 * CHECK, a NOT NULL) and program limits (54: an index row too large) fail the same way on
 * every retry, so the statement's data — not the storage — is at fault. Connection loss,
 * shutdowns, lack of resources, deadlocks and serialization failures are transient.
 */
export function isRefusedData(err: unknown): boolean {
  const state = sqlStateOf(err);
  return state !== undefined && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
}
