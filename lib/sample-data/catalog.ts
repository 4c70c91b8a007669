/**
 * What the sample app looks like: a small web shop on Next.js with a handful of functions,
 * API routes and pages. Figures are chosen so every dashboard has something to say: one
 * function is slow, one route fails more than the others, one page has poor vitals.
 */

export interface FunctionProfile {
  name: string;
  /** share of invocation traffic */
  weight: number;
  /** warm duration, ms */
  medianMs: number;
  sigma: number;
  /** error + timeout share */
  errorRate: number;
  /** share of failures that are timeouts (the rest are errors) */
  timeoutShare: number;
  coldStartRate: number;
  memoryMb: number;
  /** recurring error kind raised when an invocation fails */
  errorKind: RecurringErrorKey;
}

/** Timeout of the slow function, ms: a timed-out invocation reports exactly this. */
export const FUNCTION_TIMEOUT_MS = 10_000;

export const FUNCTIONS: FunctionProfile[] = [
  { name: "api/checkout", weight: 14, medianMs: 180, sigma: 0.5, errorRate: 0.015, timeoutShare: 0, coldStartRate: 0.06, memoryMb: 180, errorKind: "checkoutTotals" },
  { name: "api/search", weight: 30, medianMs: 85, sigma: 0.55, errorRate: 0.006, timeoutShare: 0, coldStartRate: 0.05, memoryMb: 140, errorKind: "dbConnection" },
  { name: "api/auth/session", weight: 32, medianMs: 32, sigma: 0.4, errorRate: 0.005, timeoutShare: 0, coldStartRate: 0.05, memoryMb: 96, errorKind: "dbConnection" },
  { name: "api/images/resize", weight: 14, medianMs: 420, sigma: 0.45, errorRate: 0.01, timeoutShare: 0.1, coldStartRate: 0.09, memoryMb: 610, errorKind: "dbConnection" },
  // The slow one: p50 ≈ 1.8 s, p95 ≈ 6 s, and it hits its 10 s limit now and then.
  { name: "api/reports/export", weight: 3, medianMs: 1800, sigma: 0.73, errorRate: 0.03, timeoutShare: 0.7, coldStartRate: 0.1, memoryMb: 870, errorKind: "reportTimeout" },
  { name: "cron/sync-inventory", weight: 7, medianMs: 950, sigma: 0.35, errorRate: 0.02, timeoutShare: 0.2, coldStartRate: 0.08, memoryMb: 230, errorKind: "dbConnection" },
];

export const REGIONS = ["fra1", "iad1", "sfo1"] as const;
export const REGION_WEIGHTS = [5, 3, 2] as const;

export interface RouteProfile {
  method: "GET" | "POST" | "PUT" | "DELETE";
  route: string;
  weight: number;
  medianMs: number;
  sigma: number;
  clientErrorRate: number;
  /** 4xx codes this route answers, the first most often */
  clientErrors: number[];
  serverErrorRate: number;
  /** recurring error kind reported when the route answers 5xx */
  errorKind: RecurringErrorKey;
  /** a concrete path for the template */
  path: (id: string) => string;
}

export const ROUTES: RouteProfile[] = [
  { method: "GET", route: "/", weight: 16, medianMs: 45, sigma: 0.5, clientErrorRate: 0, clientErrors: [404], serverErrorRate: 0.001, errorKind: "dbConnection", path: () => "/" },
  { method: "GET", route: "/products/[slug]", weight: 22, medianMs: 70, sigma: 0.5, clientErrorRate: 0.03, clientErrors: [404], serverErrorRate: 0.002, errorKind: "dbConnection", path: (id) => `/products/${id}` },
  { method: "GET", route: "/api/products", weight: 12, medianMs: 38, sigma: 0.45, clientErrorRate: 0.005, clientErrors: [400], serverErrorRate: 0.003, errorKind: "dbConnection", path: () => "/api/products" },
  { method: "GET", route: "/api/products/[id]", weight: 10, medianMs: 24, sigma: 0.4, clientErrorRate: 0.04, clientErrors: [404], serverErrorRate: 0.002, errorKind: "dbConnection", path: (id) => `/api/products/${id}` },
  { method: "GET", route: "/api/search", weight: 11, medianMs: 110, sigma: 0.6, clientErrorRate: 0.01, clientErrors: [400], serverErrorRate: 0.008, errorKind: "dbConnection", path: () => "/api/search" },
  { method: "POST", route: "/api/cart", weight: 8, medianMs: 55, sigma: 0.45, clientErrorRate: 0.02, clientErrors: [422, 400], serverErrorRate: 0.004, errorKind: "dbConnection", path: () => "/api/cart" },
  { method: "DELETE", route: "/api/cart/[itemId]", weight: 2, medianMs: 40, sigma: 0.4, clientErrorRate: 0.03, clientErrors: [404], serverErrorRate: 0.002, errorKind: "dbConnection", path: (id) => `/api/cart/${id}` },
  { method: "POST", route: "/api/checkout", weight: 4, medianMs: 240, sigma: 0.5, clientErrorRate: 0.05, clientErrors: [402, 422], serverErrorRate: 0.02, errorKind: "checkoutTotals", path: () => "/api/checkout" },
  { method: "GET", route: "/api/orders/[id]", weight: 5, medianMs: 48, sigma: 0.45, clientErrorRate: 0.02, clientErrors: [404, 403], serverErrorRate: 0.003, errorKind: "dbConnection", path: (id) => `/api/orders/${id}` },
  { method: "POST", route: "/api/auth/session", weight: 7, medianMs: 60, sigma: 0.4, clientErrorRate: 0.08, clientErrors: [401, 429], serverErrorRate: 0.002, errorKind: "dbConnection", path: () => "/api/auth/session" },
  { method: "POST", route: "/api/webhooks/stripe", weight: 3, medianMs: 95, sigma: 0.5, clientErrorRate: 0.01, clientErrors: [400], serverErrorRate: 0.005, errorKind: "stripeRateLimit", path: () => "/api/webhooks/stripe" },
];

/** Median value (ms, CLS unitless) and spread of each vital per page: some good, some not. */
export interface PageProfile {
  route: string;
  weight: number;
  vitals: Record<"LCP" | "INP" | "CLS" | "FCP" | "TTFB", [median: number, sigma: number]>;
}

export const PAGES: PageProfile[] = [
  { route: "/", weight: 30, vitals: { LCP: [1500, 0.35], INP: [90, 0.5], CLS: [0.02, 0.8], FCP: [900, 0.35], TTFB: [280, 0.4] } },
  { route: "/products/[slug]", weight: 35, vitals: { LCP: [2100, 0.4], INP: [140, 0.5], CLS: [0.05, 0.8], FCP: [1200, 0.4], TTFB: [420, 0.45] } },
  // Search renders results client-side after a slow API call: LCP mostly needs improvement.
  { route: "/search", weight: 15, vitals: { LCP: [3100, 0.35], INP: [230, 0.5], CLS: [0.08, 0.7], FCP: [1500, 0.4], TTFB: [650, 0.5] } },
  // The cart shifts when recommendations load late.
  { route: "/cart", weight: 12, vitals: { LCP: [1900, 0.35], INP: [160, 0.5], CLS: [0.19, 0.5], FCP: [1000, 0.35], TTFB: [350, 0.4] } },
  // Checkout's payment widget blocks the main thread: INP is poor for many users.
  { route: "/checkout", weight: 8, vitals: { LCP: [2400, 0.35], INP: [480, 0.45], CLS: [0.04, 0.7], FCP: [1300, 0.35], TTFB: [520, 0.45] } },
];

export const VITAL_NAMES = ["LCP", "INP", "CLS", "FCP", "TTFB"] as const;
/** INP needs an interaction, TTFB and FCP come with every view: not every page view reports every vital. */
export const VITAL_WEIGHTS = [22, 14, 20, 22, 22] as const;

// ------------------------------------------------------------------------------- errors

export interface Frame {
  filename: string;
  function: string;
  lineno: number;
  colno: number;
  inApp: boolean;
}

const vendor = (filename: string, fn: string, lineno: number, colno: number): Frame => ({ filename, function: fn, lineno, colno, inApp: false });
const own = (filename: string, fn: string, lineno: number, colno: number): Frame => ({ filename, function: fn, lineno, colno, inApp: true });

/** Frames of a Next.js route handler on Vercel, outermost first (the order `frames` use). */
const routeRuntime = [
  vendor("/var/task/node_modules/next/dist/server/base-server.js", "NextNodeServer.handleRequest", 1480, 18),
  vendor("/var/task/node_modules/next/dist/server/route-modules/app-route/module.js", "AppRouteRouteModule.do", 302, 37),
];

export type RecurringErrorKey = "checkoutTotals" | "dbConnection" | "reportTimeout" | "chunkLoad" | "stripeRateLimit";

export interface RecurringError {
  name: string;
  level: "fatal" | "error" | "warning" | "info";
  /** a message variant; ids differ per occurrence, the group stays one */
  message: (id: string, n: number) => string;
  /** structured frames, or a browser stack string */
  frames?: Frame[];
  stack?: (n: number) => string;
  fingerprint?: string[];
  functionName?: string;
  route?: string;
}

export const RECURRING_ERRORS: Record<RecurringErrorKey, RecurringError> = {
  checkoutTotals: {
    name: "TypeError",
    level: "error",
    message: () => "Cannot read properties of undefined (reading 'price')",
    frames: [
      ...routeRuntime,
      own("/var/task/app/api/checkout/route.ts", "POST", 41, 22),
      own("/var/task/lib/checkout/totals.ts", "computeTotals", 18, 14),
      own("/var/task/lib/checkout/totals.ts", "lineTotal", 7, 30),
    ],
    functionName: "api/checkout",
    route: "/api/checkout",
  },
  dbConnection: {
    name: "Error",
    level: "error",
    // Two wordings from the driver, one bug: the in-app frames group them.
    message: (_id, n) => (n % 3 === 0 ? "Connection terminated due to connection timeout" : "Connection terminated unexpectedly"),
    frames: [
      ...routeRuntime,
      own("/var/task/lib/db/query.ts", "runQuery", 33, 19),
      own("/var/task/lib/db/pool.ts", "withClient", 21, 12),
      vendor("/var/task/node_modules/pg-pool/index.js", "BoundPool.connect", 237, 11),
      vendor("/var/task/node_modules/pg/lib/client.js", "Client._handleErrorEvent", 344, 19),
    ],
  },
  reportTimeout: {
    name: "TimeoutError",
    level: "error",
    message: (id) => `Export of report rep_${id} timed out after ${FUNCTION_TIMEOUT_MS} ms`,
    frames: [
      ...routeRuntime,
      own("/var/task/app/api/reports/export/route.ts", "POST", 27, 18),
      own("/var/task/lib/reports/export.ts", "renderPdf", 88, 9),
      vendor("/var/task/node_modules/@react-pdf/renderer/lib/react-pdf.js", "renderToBuffer", 4120, 15),
    ],
    functionName: "api/reports/export",
    route: "/api/reports/export",
  },
  chunkLoad: {
    name: "ChunkLoadError",
    level: "error",
    message: (_id, n) => `Loading chunk ${4000 + (n % 900)} failed.`,
    // A browser's V8 stack: the webpack runtime is library code, the page chunk is the app's.
    stack: (n) =>
      [
        `ChunkLoadError: Loading chunk ${4000 + (n % 900)} failed.`,
        "    at __webpack_require__.f.j (https://shop.example.com/_next/static/chunks/webpack-8a7f3c2d1e5b.js:1:3321)",
        "    at https://shop.example.com/_next/static/chunks/webpack-8a7f3c2d1e5b.js:1:1402",
        "    at Array.reduce (<anonymous>)",
        `    at loadRecommendations (https://shop.example.com/_next/static/chunks/app/products/%5Bslug%5D/page-5e1d9a2b7c4f.js:1:${880 + (n % 40)})`,
      ].join("\n"),
    route: "/products/[slug]",
  },
  stripeRateLimit: {
    name: "StripeRateLimitWarning",
    level: "warning",
    message: (_id, n) => `Stripe API rate limit approaching: ${80 + (n % 15)} of 100 requests/s`,
    // Grouped by the app's own fingerprint, as an SDK's `fingerprint` option would.
    fingerprint: ["stripe-rate-limit"],
    functionName: "api/webhooks/stripe",
    route: "/api/webhooks/stripe",
  },
};

/** Errors that happen once in the window, each its own issue. */
export const ONE_OFF_ERRORS: (Omit<RecurringError, "message"> & { message: string })[] = [
  {
    name: "RangeError",
    level: "error",
    message: "Invalid time value",
    frames: [...routeRuntime, own("/var/task/app/account/orders/page.tsx", "OrdersPage", 52, 17), own("/var/task/lib/format/date.ts", "formatDate", 12, 25)],
    route: "/account/orders",
  },
  {
    name: "SyntaxError",
    level: "error",
    message: `Unexpected token '<', "<!DOCTYPE "... is not valid JSON`,
    frames: [...routeRuntime, own("/var/task/app/api/checkout/route.ts", "POST", 58, 30), own("/var/task/lib/integrations/shipping.ts", "fetchRates", 64, 33)],
    functionName: "api/checkout",
    route: "/api/checkout",
  },
  {
    name: "URIError",
    level: "error",
    message: "URI malformed",
    frames: [...routeRuntime, own("/var/task/app/search/page.tsx", "SearchPage", 21, 9), own("/var/task/lib/search/query.ts", "decodeQuery", 5, 12)],
    route: "/search",
  },
  {
    // Entirely inside the framework: grouped on all frames, since none is the app's.
    name: "Error",
    level: "fatal",
    message: "Invariant: headers() expected to have requestAsyncStorage, none available",
    frames: [
      ...routeRuntime,
      vendor("/var/task/node_modules/next/dist/server/request/headers.js", "headers", 68, 15),
      vendor("/var/task/node_modules/next/dist/server/app-render/work-unit-async-storage.js", "throwForMissingRequestStore", 37, 11),
    ],
    route: "/account/orders",
  },
];

// ------------------------------------------------------------------------------- deployments

export const FEATURE_BRANCHES = [
  "feat/checkout-redesign",
  "feat/saved-carts",
  "fix/search-timeout",
  "chore/upgrade-next",
  "feat/recommendations",
  "fix/cart-layout-shift",
  "perf/image-sizes",
  "feat/gift-cards",
];

export const COMMIT_MESSAGES = [
  "feat: saved carts for signed-in users",
  "fix: debounce search input",
  "perf: cache product listing for 60 s",
  "chore: bump dependencies",
  "feat: gift card balance on checkout",
  "fix: reserve space for recommendations to stop layout shift",
  "refactor: split checkout totals into its own module",
  "feat: export orders as PDF",
  "fix: retry inventory sync on upstream 503",
  "docs: describe the release process",
  "perf: lazy-load the payment widget",
  "fix: handle empty search results",
];

// ------------------------------------------------------------------------------- logs

export const LOG_LEVELS = ["debug", "info", "warn", "error", "fatal"] as const;
export const LOG_LEVEL_WEIGHTS = [14, 62, 14, 9, 1] as const;
