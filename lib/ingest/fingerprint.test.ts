import { describe, expect, it } from "vitest";
import { type ErrorForGrouping, GROUPING_VERSION, fingerprintError, normalizeMessage, parseStack } from "./fingerprint";

// ---------------------------------------------------------------------------------------
// Fixtures: realistic stacks as SDKs send them.
// ---------------------------------------------------------------------------------------

/** Next 15 on Vercel: the next-server runtime bundle, then Node's task queue. */
const NEXT_LIB_FRAMES_A = [
  "at async /var/task/node_modules/next/dist/compiled/next-server/app-route.runtime.prod.js:6:38331",
  "at async e_.execute (/var/task/node_modules/next/dist/compiled/next-server/app-route.runtime.prod.js:6:27880)",
  "at async e_.handle (/var/task/node_modules/next/dist/compiled/next-server/app-route.runtime.prod.js:6:39843)",
  "at async doRender (/var/task/node_modules/next/dist/server/base-server.js:1395:42)",
  "at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
];

/** After a Next upgrade under pnpm: other library files, names and depth; another Node. */
const NEXT_LIB_FRAMES_B = [
  "at async AppRouteRouteModule.do (/var/task/node_modules/.pnpm/next@16.4.6_react-dom@19.3.1_react@19.3.1/node_modules/next/dist/server/route-modules/app-route/module.js:334:21)",
  "at async AppRouteRouteModule.handle (/var/task/node_modules/.pnpm/next@16.4.6_react-dom@19.3.1_react@19.3.1/node_modules/next/dist/server/route-modules/app-route/module.js:501:30)",
  "at async Promise.all (index 0)",
  "at process.processTicksAndRejections (node:internal/process/task_queues:105:5)",
  "at runNextTicks (node:internal/process/task_queues:69:3)",
];

interface ServerStackOptions {
  /** the deploy directory */
  root?: string;
  /** shifts every line/column, as a rebuild does */
  shift?: number;
  /** the innermost in-app function */
  fetcher?: string;
  /** the route's compiled file */
  file?: string;
  lib?: string[];
  message?: string;
  name?: string;
}

/** A Node.js (V8) stack from a Next.js route handler, as `err.stack` prints it. */
function serverStack(o: ServerStackOptions = {}): string {
  const root = o.root ?? "/var/task";
  const s = o.shift ?? 0;
  const file = `${root}/.next/server/${o.file ?? "app/api/users/[id]/route.js"}`;
  return [
    `${o.name ?? "TypeError"}: ${o.message ?? "Cannot read properties of undefined (reading 'email')"}`,
    `    at ${o.fetcher ?? "getUser"} (${file}:1:${2345 + s})`,
    `    at async handler (${file}:1:${3456 + s})`,
    `    at async Object.GET (${file}:1:${4001 + s})`,
    ...(o.lib ?? NEXT_LIB_FRAMES_A).map((l) => `    ${l}`),
  ].join("\n");
}

interface ClientStackOptions {
  host?: string;
  pageHash?: string;
  chunkHash?: string;
  frameworkHash?: string;
  /** Vercel skew protection appends ?dpl=<deployment id> to every chunk URL */
  dpl?: string;
  shift?: number;
  clickFn?: string;
}

/** Chrome: a click handler in a Next.js App Router page, production chunks. */
function chromeStack(o: ClientStackOptions = {}): string {
  const base = `https://${o.host ?? "vigil.example.com"}/_next/static/chunks`;
  const q = `?dpl=${o.dpl ?? "dpl_8fK2mQ9xLp3ZrT1v"}`;
  const s = o.shift ?? 0;
  const page = `${base}/app/(dashboard)/projects/page-${o.pageHash ?? "3f2a9c1b7d8e4f60"}.js${q}`;
  const framework = `${base}/framework-${o.frameworkHash ?? "2c79e2a64abdb08b"}.js${q}`;
  return [
    "TypeError: Cannot read properties of null (reading 'focus')",
    `    at onOpen (${page}:1:${4821 + s})`,
    `    at Object.${o.clickFn ?? "handleClick"} (${page}:1:${5012 + s})`,
    `    at Object.eU (${framework}:9:${11931 + s})`,
    `    at eH (${framework}:9:${12058 + s})`,
    `    at ${base}/117-${o.chunkHash ?? "4f5c8e3a2c1d9b0e"}.js${q}:1:${33421 + s}`,
    "    at chrome-extension://fmkadmapgofadopljbjfkapdkoienihi/build/installHook.js:1:35431",
  ].join("\n");
}

/** The same code path in Firefox: "fn@url:line:col", no header line, async* markers. */
function firefoxStack(o: ClientStackOptions = {}): string {
  const base = `https://${o.host ?? "vigil.example.com"}/_next/static/chunks`;
  const q = `?dpl=${o.dpl ?? "dpl_8fK2mQ9xLp3ZrT1v"}`;
  const s = o.shift ?? 0;
  const page = `${base}/app/(dashboard)/projects/page-${o.pageHash ?? "3f2a9c1b7d8e4f60"}.js${q}`;
  const framework = `${base}/framework-${o.frameworkHash ?? "2c79e2a64abdb08b"}.js${q}`;
  return [
    `onOpen@${page}:1:${4821 + s}`,
    `${o.clickFn ?? "handleClick"}@${page}:1:${5012 + s}`,
    `eU@${framework}:9:${11931 + s}`,
    `async*eH@${framework}:9:${12058 + s}`,
    `@${base}/117-${o.chunkHash ?? "4f5c8e3a2c1d9b0e"}.js${q}:1:${33421 + s}`,
    "installHook/<@moz-extension://2b9f1c3e-8d4a-4e6b-9c1d-7a5e3f2b1c0d/build/installHook.js:1:35431",
    "",
  ].join("\n");
}

const fp = (e: ErrorForGrouping) => fingerprintError(e).fingerprint;

// ---------------------------------------------------------------------------------------
// parseStack
// ---------------------------------------------------------------------------------------

describe("parseStack", () => {
  it("parses a V8/Node stack innermost LAST, skipping the header line", () => {
    const frames = parseStack(
      [
        "TypeError: Cannot read properties of undefined (reading 'email')",
        "    at getUser (/var/task/.next/server/app/api/users/[id]/route.js:1:2345)",
        "    at async Object.GET (/var/task/.next/server/app/api/users/[id]/route.js:1:4001)",
        "    at /var/task/lib/jobs/worker.js:10:7",
        "    at new Promise (<anonymous>)",
        "    at Array.map (native)",
        "    at async Promise.all (index 0)",
        "    at eval (eval at compile (/var/task/lib/templates/render.js:12:9), <anonymous>:1:1)",
        "    at Foo.bar [as baz] (file:///home/ci/app/lib/foo.mjs:3:14)",
        "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
      ].join("\n"),
    );
    expect(frames).toEqual([
      { function: "process.processTicksAndRejections", filename: "node:internal/process/task_queues", lineno: 95, colno: 5 },
      { function: "Foo.bar [as baz]", filename: "file:///home/ci/app/lib/foo.mjs", lineno: 3, colno: 14 },
      { function: "eval", filename: "/var/task/lib/templates/render.js", lineno: 12, colno: 9 },
      { function: "async Promise.all" },
      { function: "Array.map", filename: "native" },
      { function: "new Promise", filename: "<anonymous>" },
      { filename: "/var/task/lib/jobs/worker.js", lineno: 10, colno: 7 },
      { function: "async Object.GET", filename: "/var/task/.next/server/app/api/users/[id]/route.js", lineno: 1, colno: 4001 },
      { function: "getUser", filename: "/var/task/.next/server/app/api/users/[id]/route.js", lineno: 1, colno: 2345 },
    ]);
  });

  it("parses a Chrome stack of hashed Next.js chunks with query strings (raw, unnormalised)", () => {
    const frames = parseStack(chromeStack());
    expect(frames).toHaveLength(6);
    expect(frames[5]).toEqual({
      function: "onOpen",
      filename: "https://vigil.example.com/_next/static/chunks/app/(dashboard)/projects/page-3f2a9c1b7d8e4f60.js?dpl=dpl_8fK2mQ9xLp3ZrT1v",
      lineno: 1,
      colno: 4821,
    });
    expect(frames[1]).toEqual({
      filename: "https://vigil.example.com/_next/static/chunks/117-4f5c8e3a2c1d9b0e.js?dpl=dpl_8fK2mQ9xLp3ZrT1v",
      lineno: 1,
      colno: 33421,
    });
  });

  it("parses Firefox and Safari stacks: fn@url:line:col, anonymous @url, async*, eval, [native code]", () => {
    const firefox = parseStack(firefoxStack());
    expect(firefox.map((f) => f.function)).toEqual(["installHook/<", undefined, "async*eH", "eU", "handleClick", "onOpen"]);
    expect(firefox[5]).toMatchObject({ lineno: 1, colno: 4821 });

    const safari = parseStack(
      [
        "onOpen@https://vigil.example.com/_next/static/chunks/app/page-3f2a9c1b7d8e4f60.js:1:4821",
        "[native code]",
        "https://vigil.example.com/_next/static/chunks/117-4f5c8e3a2c1d9b0e.js:1:33421",
        "global code@https://vigil.example.com/legacy.js:3:1",
        "render@https://vigil.example.com/app.js line 12 > eval:1:5",
      ].join("\n"),
    );
    expect(safari).toEqual([
      { function: "render", filename: "https://vigil.example.com/app.js", lineno: 12 },
      { function: "global code", filename: "https://vigil.example.com/legacy.js", lineno: 3, colno: 1 },
      { filename: "https://vigil.example.com/_next/static/chunks/117-4f5c8e3a2c1d9b0e.js", lineno: 1, colno: 33421 },
      { filename: "[native code]" },
      { function: "onOpen", filename: "https://vigil.example.com/_next/static/chunks/app/page-3f2a9c1b7d8e4f60.js", lineno: 1, colno: 4821 },
    ]);
  });

  it("skips junk lines instead of inventing frames, and never throws", () => {
    const frames = parseStack(
      [
        "Error: could not mail bob@example.com:25 after 3 attempts",
        "    at least one recipient is required",
        "    ... 4 lines matching cause stack trace ...",
        "  [cause]: Error: ECONNRESET",
        "{ code: 'ECONNRESET' }",
        "key:1",
        `    at ${"x".repeat(10_000)} (/app/huge.js:1:1)`,
        "\u0000\uFFFF\uD800",
        "    at handler (/var/task/lib/mail/send.js:42:7)",
        "",
      ].join("\r\n"),
    );
    expect(frames).toEqual([{ function: "handler", filename: "/var/task/lib/mail/send.js", lineno: 42, colno: 7 }]);
    expect(parseStack("")).toEqual([]);
    expect(parseStack(undefined as unknown as string)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// normalizeMessage
// ---------------------------------------------------------------------------------------

describe("normalizeMessage", () => {
  it("replaces variable parts with placeholders", () => {
    expect(normalizeMessage("User 8d3c1f2e-4b5a-4c6d-9e8f-0a1b2c3d4e5f not found")).toBe("User <uuid> not found");
    expect(normalizeMessage("No account for alice.smith+vigil@example.co.uk (attempt 3)")).toBe("No account for <email> (attempt <num>)");
    expect(normalizeMessage(`Invalid value "archived" for field 'status' in \`projects\``)).toBe("Invalid value <str> for field <str> in <str>");
    expect(normalizeMessage("connect ECONNREFUSED 10.0.3.17:5432")).toBe("connect ECONNREFUSED <ip>");
    expect(normalizeMessage("Job started at 2025-03-01T12:00:00.123Z timed out after 30000ms")).toBe("Job started at <ts> timed out after <num>ms");
    expect(normalizeMessage("Object 0x7ffee4b3c9a0 has commit 3f2a9c1b4d freed")).toBe("Object <hex> has commit <hex> freed");
    expect(normalizeMessage("GET https://api.example.com/v1/items?cursor=abc&limit=50 failed")).toBe("GET https://api.example.com/v1/items?<query> failed");
    expect(normalizeMessage("Request req_8fK2mQ9xLp3Z for org_4fG7hK2mP9qR1sT3 failed")).toBe("Request req_<id> for org_<id> failed");
  });

  it("keeps words: apostrophes open no quote, digits glued to letters stay, hex-letter words stay", () => {
    expect(normalizeMessage("Can't decode utf8 over http2 from the facade")).toBe("Can't decode utf8 over http2 from the facade");
  });

  it("uses the first non-blank line, collapses whitespace and caps the length", () => {
    expect(normalizeMessage("\n  Query   failed:\tdeadlock detected\nDETAIL: Process 4242 waits for ShareLock")).toBe("Query failed: deadlock detected");
    expect(normalizeMessage("word ".repeat(1000)).length).toBeLessThanOrEqual(512);
  });
});

// ---------------------------------------------------------------------------------------
// fingerprintError: the grouping story
// ---------------------------------------------------------------------------------------

describe("fingerprintError", () => {
  it("produces a versioned hex SHA-256", () => {
    const g = fingerprintError({ name: "TypeError", message: "x", stack: serverStack() });
    expect(g.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(g.groupingVersion).toBe(GROUPING_VERSION);
    expect(g.method).toBe("stack");
  });

  describe("with a stack", () => {
    it("groups the same stack together although the messages differ in ids", () => {
      const messages = [
        "User 8d3c1f2e-4b5a-4c6d-9e8f-0a1b2c3d4e5f has no profile (row 17)",
        "User 0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c has no profile (row 90211)",
        "Cannot notify alice@example.com: 'inactive'",
        "Cannot notify bob@example.org: 'bounced'",
      ];
      const prints = new Set(messages.map((message) => fp({ name: "TypeError", message, stack: serverStack({ message }) })));
      expect(prints.size).toBe(1);
    });

    it("groups the same code path deployed twice (deploy dir, chunk hashes, lines, query strings differ)", () => {
      // Server: Vercel vs a self-hosted release directory, rebuilt (columns moved).
      const vercel = fp({ name: "TypeError", message: "m", stack: serverStack() });
      const selfHosted = fp({ name: "TypeError", message: "m", stack: serverStack({ root: "/srv/vigil/releases/20250301120000", shift: 977 }) });
      expect(selfHosted).toBe(vercel);

      // Browser: new content hashes, new deployment id in ?dpl=, moved columns, another CDN host.
      const first = fp({ name: "TypeError", message: "m", stack: chromeStack() });
      const second = fp({
        name: "TypeError",
        message: "m",
        stack: chromeStack({ host: "cdn.vigil.example.com", pageHash: "a1b2c3d4e5f60789", chunkHash: "0e9d8c7b6a5f4e3d", frameworkHash: "9f8e7d6c5b4a3928", dpl: "dpl_Zq81LmX0cV4nB7wE", shift: 311 }),
      });
      expect(second).toBe(first);
    });

    it("groups the same code path seen by Chrome and by Firefox", () => {
      expect(fp({ name: "TypeError", message: "m", stack: firefoxStack() })).toBe(fp({ name: "TypeError", message: "m", stack: chromeStack() }));
    });

    it("groups together when only library frames (node_modules, node:internal, framework chunks) differ", () => {
      const a = fp({ name: "TypeError", message: "m", stack: serverStack({ lib: NEXT_LIB_FRAMES_A }) });
      const b = fp({ name: "TypeError", message: "m", stack: serverStack({ lib: NEXT_LIB_FRAMES_B }) });
      expect(b).toBe(a);
      const c = fp({ name: "TypeError", message: "m", stack: chromeStack() });
      const d = fp({ name: "TypeError", message: "m", stack: chromeStack({ frameworkHash: "0000aaaa1111bbbb" }).replace(/at eH /, "at eK ") });
      expect(d).toBe(c);
    });

    it("splits a different in-app call path: another function, another file", () => {
      const base = fp({ name: "TypeError", message: "m", stack: serverStack() });
      expect(fp({ name: "TypeError", message: "m", stack: serverStack({ fetcher: "getProject" }) })).not.toBe(base);
      expect(fp({ name: "TypeError", message: "m", stack: serverStack({ file: "app/api/projects/[id]/route.js" }) })).not.toBe(base);
      expect(fp({ name: "TypeError", message: "m", stack: chromeStack({ clickFn: "handleKeyDown" }) })).not.toBe(fp({ name: "TypeError", message: "m", stack: chromeStack() }));
    });

    it("splits a different exception type over the same frames", () => {
      const stack = serverStack();
      expect(fp({ name: "RangeError", message: "m", stack })).not.toBe(fp({ name: "TypeError", message: "m", stack }));
    });

    it("uses structured frames (outermost first) and honours the SDK's inApp", () => {
      const frames = [
        { filename: "/var/task/node_modules/next/dist/server/base-server.js", function: "doRender", lineno: 1395, colno: 42 },
        { filename: "/vercel/path0/app/api/users/[id]/route.ts", function: "async Object.GET", lineno: 30, colno: 5 },
        { filename: "/vercel/path0/app/api/users/[id]/route.ts", function: "handler", lineno: 21, colno: 11 },
        { filename: "/vercel/path0/lib/db/client.ts", function: "query", lineno: 88, colno: 3, inApp: false },
      ];
      const g = fingerprintError({ name: "TypeError", message: "m", frames });
      expect(g.method).toBe("stack");
      expect(g.culprit).toBe("handler (app/api/users/[id]/route.ts)");
      expect(g.frames.map((f) => [f.function, f.inApp])).toEqual([
        ["doRender", false],
        ["async Object.GET", true],
        ["handler", true],
        ["query", false],
      ]);
      // The frame the SDK marked as library code does not take part in grouping.
      const other = frames.map((f) => (f.function === "query" ? { ...f, function: "execute", lineno: 91 } : f));
      expect(fp({ name: "TypeError", message: "m", frames: other })).toBe(g.fingerprint);
      // The same path from a GitHub Actions checkout groups with the Vercel build.
      const ci = frames.map((f) => ({ ...f, filename: f.filename.replace("/vercel/path0/", "/home/runner/work/vigil/vigil/") }));
      expect(fp({ name: "TypeError", message: "m", frames: ci })).toBe(g.fingerprint);
    });

    it("falls back to all frames when none is in-app (an error raised inside a library)", () => {
      const libOnly = (fn: string, ms: number) =>
        [
          `Error: Connection terminated due to connection timeout after ${ms}ms`,
          `    at ${fn} (/var/task/node_modules/pg-pool/index.js:45:11)`,
          "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
        ].join("\n");
      const a = fingerprintError({ name: "Error", message: "timeout after 5000ms", stack: libOnly("Timeout._onTimeout", 5000) });
      expect(a.method).toBe("stack");
      expect(a.culprit).toBe("Timeout._onTimeout (node_modules/pg-pool/index.js)");
      expect(fp({ name: "Error", message: "timeout after 9000ms", stack: libOnly("Timeout._onTimeout", 9000) })).toBe(a.fingerprint);
      expect(fp({ name: "Error", message: "timeout after 5000ms", stack: libOnly("Client._handleErrorEvent", 5000) })).not.toBe(a.fingerprint);
    });

    it("collapses recursion so the depth does not split the group", () => {
      const recursive = (depth: number) =>
        ["RangeError: Maximum call stack size exceeded", ...Array.from({ length: depth }, (_, i) => `    at walk (/var/task/lib/tree.js:${10 + (i % 2)}:5)`), "    at main (/var/task/lib/index.js:3:1)"].join("\n");
      expect(fp({ name: "RangeError", message: "m", stack: recursive(7) })).toBe(fp({ name: "RangeError", message: "m", stack: recursive(300) }));
    });

    it("keeps at most the 100 innermost frames, innermost last", () => {
      const stack = ["Error: deep", ...Array.from({ length: 150 }, (_, i) => `    at f${i} (/var/task/lib/deep.js:${i + 1}:1)`)].join("\n");
      const g = fingerprintError({ name: "Error", message: "deep", stack });
      expect(g.frames).toHaveLength(100);
      expect(g.frames[99].function).toBe("f0");
      expect(g.frames[0].function).toBe("f99");
      expect(g.culprit).toBe("f0 (lib/deep.js)");
    });
  });

  describe("without a stack", () => {
    it("groups messages that differ only in ids", () => {
      const variants = [
        "Payment 8d3c1f2e-4b5a-4c6d-9e8f-0a1b2c3d4e5f for alice@example.com failed with code 402 at 2025-03-01T12:00:00Z",
        "Payment 0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c for bob@example.org failed with code 409 at 2025-03-02T08:30:11.5+01:00",
      ];
      expect(fp({ name: "PaymentError", message: variants[0] })).toBe(fp({ name: "PaymentError", message: variants[1] }));
      expect(fp({ message: `Webhook "order.paid" rejected by 203.0.113.7` })).toBe(fp({ message: `Webhook "invoice.created" rejected by 198.51.100.23` }));
      expect(fingerprintError({ message: "x" }).method).toBe("message");
    });

    it("splits genuinely different messages, and the same message under another type", () => {
      expect(fp({ name: "Error", message: "User 42 not found" })).not.toBe(fp({ name: "Error", message: "Project 42 not found" }));
      expect(fp({ name: "Error", message: "Rate limit exceeded" })).not.toBe(fp({ name: "Error", message: "Database connection refused" }));
      expect(fp({ name: "TypeError", message: "User 42 not found" })).not.toBe(fp({ name: "Error", message: "User 42 not found" }));
    });

    it("falls back to the message when frames are present but unusable", () => {
      const g = fingerprintError({ name: "Error", message: "boom", stack: "Error: boom\n    at <unknown>", frames: [] });
      expect(g.method).toBe("message");
      expect(g.culprit).toBeNull();
      expect(g.frames).toEqual([]);
    });
  });

  describe("client fingerprint", () => {
    it("overrides stack grouping: different stacks, same client fingerprint → same group", () => {
      const a = fingerprintError({ name: "TypeError", message: "m", stack: serverStack(), fingerprint: ["billing", "stripe-webhook"] });
      const b = fingerprintError({ name: "RangeError", message: "other", stack: chromeStack(), fingerprint: ["billing", "stripe-webhook"] });
      expect(a.method).toBe("client");
      expect(b.fingerprint).toBe(a.fingerprint);
      // title and culprit still describe the event itself
      expect(b.title).toBe("RangeError: other");
    });

    it("overrides it the other way too: same stack, different client fingerprints → different groups", () => {
      const stack = serverStack();
      expect(fp({ name: "TypeError", message: "m", stack, fingerprint: ["tenant-a"] })).not.toBe(fp({ name: "TypeError", message: "m", stack, fingerprint: ["tenant-b"] }));
      // element boundaries matter: ["a b"] is not ["a", "b"]
      expect(fp({ message: "m", fingerprint: ["a b"] })).not.toBe(fp({ message: "m", fingerprint: ["a", "b"] }));
    });

    it("expands {{ default }} to the default grouping", () => {
      const stack = serverStack();
      const plain = fp({ name: "TypeError", message: "m", stack });
      expect(fp({ name: "TypeError", message: "m", stack, fingerprint: ["{{ default }}"] })).toBe(plain);
      const perTenantA = fp({ name: "TypeError", message: "m", stack, fingerprint: ["{{ default }}", "tenant-a"] });
      const perTenantB = fp({ name: "TypeError", message: "m", stack, fingerprint: ["{{default}}", "tenant-b"] });
      expect(perTenantA).not.toBe(perTenantB);
      expect(perTenantA).not.toBe(plain);
      // the default part still follows the stack
      expect(fp({ name: "TypeError", message: "m", stack: serverStack({ fetcher: "getProject" }), fingerprint: ["{{ default }}", "tenant-a"] })).not.toBe(perTenantA);
      // the literal text is not confused with the expansion
      expect(fp({ name: "TypeError", message: "m", stack, fingerprint: ["{{ default }}", "x"] })).not.toBe(fp({ name: "TypeError", message: "m", stack, fingerprint: ["{{ defaults }}", "x"] }));
    });
  });

  describe("title and culprit", () => {
    it("titles the event by type and first message line, capped at 200 chars", () => {
      expect(fingerprintError({ name: "TypeError", message: "Cannot read properties of undefined (reading 'email')\n    at x" }).title).toBe(
        "TypeError: Cannot read properties of undefined (reading 'email')",
      );
      expect(fingerprintError({ name: "AbortError" }).title).toBe("AbortError");
      expect(fingerprintError({ message: "Something broke" }).title).toBe("Something broke");
      expect(fingerprintError({}).title).toBe("Error");
      const long = fingerprintError({ name: "Error", message: "é".repeat(300) + "😀".repeat(100) }).title;
      expect(long.length).toBeLessThanOrEqual(200);
      expect(long.endsWith("…")).toBe(true);
      const emoji = fingerprintError({ message: "😀".repeat(150) }).title;
      expect(emoji.length).toBeLessThanOrEqual(200);
      expect(() => encodeURIComponent(emoji)).not.toThrow(); // no lone surrogate
    });

    it("names the innermost in-app frame, with a deploy-independent file", () => {
      expect(fingerprintError({ name: "TypeError", stack: serverStack() }).culprit).toBe("getUser (.next/server/app/api/users/[id]/route.js)");
      expect(fingerprintError({ name: "TypeError", stack: chromeStack() }).culprit).toBe("onOpen (/_next/static/chunks/app/(dashboard)/projects/page.js)");
      expect(fingerprintError({ name: "TypeError", stack: "TypeError: x\n    at /var/task/lib/jobs/worker.js:10:7" }).culprit).toBe("lib/jobs/worker.js");
      expect(fingerprintError({ name: "TypeError", message: "x" }).culprit).toBeNull();
    });

    it.each([
      // URLs: scheme, host, query and fragment go; content hashes go; the URL path stays whole.
      ["https://cdn.example.com/_next/static/chunks/app/page-3f2a9c1b.js?v=123#x", "/_next/static/chunks/app/page.js"],
      ["https://vigil.example.com/static/js/main.3f2a9c1b4d.js", "/static/js/main.js"],
      ["https://vigil.example.com/assets/vendors~main.0a1b2c3d.chunk.js", "/assets/vendors~main.chunk.js"],
      ["https://vigil.example.com/_next/static/chunks/2c79e2a64abdb08b.js", "/_next/static/chunks/<hash>.js"],
      ["https://vigil.example.com/_next/static/Hk3fB8xYq2mN7pL0aZ1cD/_buildManifest.js", "/_next/static/<hash>/_buildManifest.js"],
      // Filesystem: per-deploy directories go, the project root stays.
      ["file:///home/alice/code/vigil/src/lib/queue.ts", "src/lib/queue.ts"],
      ["/vercel/path0/lib/db/client.ts", "lib/db/client.ts"],
      ["/home/runner/work/vigil/vigil/app/page.tsx", "app/page.tsx"],
      ["C:\\Users\\bob\\vigil\\components\\Chart.tsx", "components/Chart.tsx"],
      ["webpack-internal:///(app-pages-browser)/./app/(dashboard)/page.tsx", "app/(dashboard)/page.tsx"],
      ["webpack://_N_E/./src/hooks/useProject.ts?1a2b", "src/hooks/useProject.ts"],
      ["[project]/app/api/route.ts [app-route] (ecmascript)", "app/api/route.ts"],
      ["/var/task/.next/server/chunks/ssr/app_page_tsx_5c6f7a8b._.js", ".next/server/chunks/ssr/app_page_tsx.js"],
      ["/opt/custom/server.js", "/opt/custom/server.js"],
    ])("normalises the culprit file %s → %s", (filename, expected) => {
      const g = fingerprintError({ name: "Error", frames: [{ filename, function: "async fn$1", inApp: true }] });
      expect(g.culprit).toBe(`fn (${expected})`);
    });
  });

  describe("hostile and huge input", () => {
    // Catastrophic backtracking would hang here and fail on the test timeout; no timing bound
    // is asserted (they flake on shared machines).
    it("handles a 64 KiB stack and a 16 KiB message without throwing", () => {
      const frameLine = "    at handler (/var/task/node_modules/some-lib/dist/index.js:1:1)\n";
      const bigStack = `Error: big\n${frameLine.repeat(Math.floor(65536 / frameLine.length))}`.slice(0, 65536);
      const adversarial = [
        bigStack,
        "a.".repeat(32768),
        "@".repeat(65536),
        ":1".repeat(32768),
        "    at ".repeat(9362),
        `    at f (${"(".repeat(60000)}:1:1)`,
        `${"x@".repeat(2000)}\n`.repeat(8),
      ];
      const messages = [
        "x".repeat(10_000),
        "a.".repeat(8192),
        "a@".repeat(8192),
        "'".repeat(16384),
        `'${"a ".repeat(8000)}`,
        "1".repeat(16384),
        "0x".repeat(8192),
        "http://".repeat(2000),
        "aaaa_".repeat(3000),
        "2025-".repeat(3000),
      ];
      for (const stack of adversarial) {
        for (const message of messages) {
          const g = fingerprintError({ name: "Error", message, stack });
          expect(g.fingerprint).toMatch(/^[0-9a-f]{64}$/);
          expect(g.title.length).toBeLessThanOrEqual(200);
          expect(g.frames.length).toBeLessThanOrEqual(100);
        }
      }
    });

    it("never throws on malformed structured input", () => {
      const junk = {
        name: 42,
        message: { not: "a string" },
        stack: ["nope"],
        frames: [null, 7, "frame", { filename: 1, function: {}, lineno: "3" }, { function: "ok", lineno: Number.NaN }],
        fingerprint: [1, null],
      } as unknown as ErrorForGrouping;
      const g = fingerprintError(junk);
      expect(g.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(g.frames).toEqual([{ function: "ok", inApp: false }]);
    });
  });
});
