/** Query params the Overview page uses besides its window (shared by the server prefetch and the client). */
export const TOP_ISSUES_PARAMS = { status: "unresolved", sort: "events", limit: "5" };

/** The Overview's "recent deployments": the newest five in the page's window. */
export const RECENT_DEPLOYMENTS_PARAMS = { limit: "5" };
