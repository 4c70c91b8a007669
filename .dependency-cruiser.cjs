/**
 * The layering of lib/ as a checked rule (npm test runs `npm run lint:layers`). Floors from
 * the top; a module may import its own floor's folder and any floor below, never above.
 * The edges (http: route guards and the problem mapper; actions: server actions; pages: the
 * guards of dashboard pages) are for app/ and proxy.ts only (components may take their types).
 */
const FLOORS = [
  ["http", "actions", "pages"],
  ["jobs", "health"],
  ["notify"],
  ["alerts"],
  ["sample-data"],
  ["auth"],
  ["api-keys"],
  ["tenancy"],
  ["ingest"],
  ["analytics"],
  ["rollups"],
  ["audit", "ratelimit"],
  ["db"],
  ["pagination", "app-url", "secret-box"],
  ["secrets", "log"],
  // Leaves: they import nothing of lib/ but env (and each other only through no-circular).
  ["errors", "env", "server-env", "ids", "text", "events", "csv", "format", "rate", "process-state"],
];

/** `lib/<name>/…`, `lib/<name>.ts`, or `lib/<name>.mjs` (plain JavaScript the scripts share). */
const part = (names) => `^lib/(${names.join("|")})(/|\\.ts$|\\.mjs$)`;

const floorRules = FLOORS.slice(1).map((floor, i) => ({
  name: `floor-${floor.join("-")}`,
  comment: `lib/{${floor.join(",")}} is below lib/{${FLOORS.slice(0, i + 1).flat().join(",")}} and must not import them`,
  severity: "error",
  from: { path: part(floor) },
  to: { path: part(FLOORS.slice(0, i + 1).flat()) },
}));

/** Two folders of one floor may not import each other. */
const siblingRules = FLOORS.slice(0, -1).filter((floor) => floor.length > 1).flatMap((floor) =>
  floor.map((name) => ({
    name: `sibling-${name}`,
    comment: `lib/${name} must not import the other folders of its floor`,
    severity: "error",
    from: { path: part([name]) },
    to: { path: part(floor.filter((other) => other !== name)) },
  })),
);

module.exports = {
  forbidden: [
    {
      name: "domain-imports-http",
      comment: "Domain code throws lib/errors.ts errors and never imports lib/http (only app/ and proxy.ts do)",
      severity: "error",
      from: { path: "^(lib|components)/", pathNot: "^lib/(http|actions)/" },
      to: { path: "^lib/http/" },
    },
    {
      name: "components-import-app",
      comment: "components/ never imports app/ (server actions live in lib/actions)",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "no-circular",
      comment: "No import cycles between modules",
      severity: "error",
      from: { path: "^(lib|components|app)/" },
      to: { circular: true, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "unknown-lib-folder",
      comment: "Every lib/ folder has a floor in .dependency-cruiser.cjs",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^lib/", pathNot: part(FLOORS.flat()) },
    },
    ...floorRules,
    ...siblingRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".mjs", ".js"] },
  },
};
