/**
 * Query parameters of the Alerts page's lists, shared by the server prefetch and the
 * client hooks (a plain module: a page cannot read constants out of a client module).
 */

/** Firing incidents: all of them, as far as one page reaches. */
export const FIRING_PARAMS = { status: "firing", limit: "100" } as const;
/** Resolved incidents: the latest few; older ones page in on demand. */
export const RESOLVED_PARAMS = { status: "resolved", limit: "10" } as const;
