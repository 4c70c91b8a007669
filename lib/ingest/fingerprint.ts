import { createHash } from "node:crypto";

/**
 * Error grouping: decides which issue an ingested error event belongs to.
 *
 * Two events share an issue when they share a fingerprint. The fingerprint must be stable
 * across everything that varies between occurrences of the *same* bug (ids in messages,
 * line/column numbers, chunk hashes, deploy paths, library internals) and differ when the
 * bug is different (another exception type, another in-app call path, another message).
 *
 * Precedence (first that applies wins):
 *   1. "client"  – the SDK sent `fingerprint` (a non-empty array); `"{{ default }}"` in it
 *                  stands for the default grouping's components, as in Sentry.
 *   2. "stack"   – exception type + normalised in-app frames (all frames when none is in-app).
 *   3. "message" – exception type + normalised first line of the message.
 *
 * Frame order: everywhere in this module frames are ordered **outermost first, innermost
 * last** (Sentry's convention). Structured `frames` are assumed to already be in that order;
 * JS stack strings list the innermost frame first, so `parseStack` reverses them.
 *
 * Everything here is pure and bounded: no I/O, and no regular expression can backtrack
 * super-linearly on hostile input (quantifiers that could are capped), so a 64 KiB stack or
 * a 16 KiB message costs milliseconds at worst.
 */

/** Bump when the algorithm changes; the version is hashed, so old and new groups coexist. */
export const GROUPING_VERSION = 1;

export interface StackFrame {
  filename?: string;
  function?: string;
  lineno?: number;
  colno?: number;
  inApp?: boolean;
}

export interface ErrorForGrouping {
  /** exception type, e.g. "TypeError" */
  name?: string;
  message?: string;
  /** raw JS stack string (V8 "    at fn (file:line:col)" or Firefox/Safari "fn@file:line:col") */
  stack?: string;
  /** structured frames, outermost first, innermost last (Sentry's order) */
  frames?: StackFrame[];
  /** client override */
  fingerprint?: string[];
}

export interface Grouping {
  /** hex SHA-256 (64 chars) of the versioned grouping components */
  fingerprint: string;
  groupingVersion: number;
  method: "client" | "stack" | "message";
  /** "TypeError: Cannot read properties of undefined", at most 200 chars */
  title: string;
  /** the most relevant frame, e.g. "handler (app/api/users/[id]/route.ts)"; null when no frames */
  culprit: string | null;
  /** parsed/structured frames as received (raw file, function, line, column) with `inApp` resolved; innermost LAST, at most the 100 innermost */
  frames: StackFrame[];
}

/** Frames kept on the Grouping (for display): the innermost ones, where the throw happened. */
const MAX_FRAMES = 100;
/**
 * Frames that may take part in grouping. More than are displayed, so that a deep recursion
 * (collapsed to one component) does not push the frames that called it out of the hash.
 */
const MAX_GROUPED_FRAMES = 1000;
const MAX_TITLE = 200;
const MAX_NORMALIZED_MESSAGE = 512;
/** A stack line longer than this is not a frame (a minified source dump, a data: URL…). */
const MAX_STACK_LINE = 4096;
const MAX_FILENAME = 1024;
const MAX_FUNCTION = 512;
/** Sentry's placeholder for "the default grouping" inside a client fingerprint. */
const DEFAULT_MARKER = /^\{\{\s*default\s*\}\}$/i;

// ---------------------------------------------------------------------------------------
// Stack parsing
// ---------------------------------------------------------------------------------------

/** `file:line` or `file:line:col` at the end of a location; searched leftmost, so linear. */
const LINE_COL = /:(\d+)(?::(\d+))?$/;

/**
 * Parses a V8 (Chrome, Node, Edge) or Firefox/Safari stack string. The header line
 * ("TypeError: …") and any other junk is skipped; never throws.
 * Returns frames innermost LAST (the reverse of the text), like structured frames.
 */
export function parseStack(stack: string): StackFrame[] {
  if (typeof stack !== "string" || stack.length === 0) return [];
  const frames: StackFrame[] = [];
  for (const rawLine of stack.split("\n")) {
    if (rawLine.length > MAX_STACK_LINE) continue;
    const line = rawLine.trim();
    if (!line) continue;
    const frame = line.startsWith("at ") ? parseV8Line(line) : parseGeckoLine(line);
    if (frame && (frame.filename || frame.function)) frames.push(frame);
  }
  return frames.reverse();
}

/** "at fn (location)" or "at location" (anonymous). */
function parseV8Line(line: string): StackFrame | null {
  const rest = line.slice(3).trim();
  let fn: string | undefined;
  let location: string;
  // The function name never contains " (", but the location may (eval origins, paths with
  // spaces), so the *first* " (" is the separator.
  const open = rest.indexOf(" (");
  if (open > 0 && rest.endsWith(")")) {
    fn = rest.slice(0, open);
    location = rest.slice(open + 2, -1);
  } else {
    location = rest.replace(/^async\s+/, "");
  }

  // "eval at outer (file.js:1:2), <anonymous>:1:1" – attribute the frame to the code that
  // called eval (the innermost "eval at" when nested): that is the code the user owns.
  if (location.startsWith("eval at ")) {
    const origin = /^eval at [^(]*\((.+?:\d+(?::\d+)?)\)/.exec(location.slice(location.lastIndexOf("eval at ")));
    location = origin ? origin[1] : "<anonymous>";
  }

  // Locations without a position: builtins ("native", "<anonymous>"), "index 0" for
  // Promise.all. Anything else without line:col is not a frame (e.g. "at least 3 chars").
  if (location === "native" || location === "<anonymous>" || location === "unknown location") {
    return frame(fn, location);
  }
  if (/^index \d+$/.test(location)) return frame(fn, undefined);
  const position = LINE_COL.exec(location);
  if (!position) return null;
  return frame(fn, location.slice(0, position.index), Number(position[1]), position[2] ? Number(position[2]) : undefined);
}

/** Safari names for top-level code; the only Gecko/JSC function names allowed to hold spaces. */
const JSC_SPECIAL_FUNCTIONS = new Set(["global code", "eval code", "module code", "debugger eval code"]);

/** Firefox "fn@url:line:col", "async*fn@…", Safari "fn@url:line:col", "[native code]", bare "url:line:col". */
function parseGeckoLine(line: string): StackFrame | null {
  if (line === "[native code]") return frame(undefined, "[native code]");
  const at = line.indexOf("@");
  let fn = at >= 0 ? line.slice(0, at) : "";
  let location = at >= 0 ? line.slice(at + 1) : line;
  // A header line such as "Error: mail bob@example.com:25" must not become a frame:
  // real function names carry no whitespace (bar Safari's special names).
  if (/\s/.test(fn) && !JSC_SPECIAL_FUNCTIONS.has(fn.replace(/^(?:async\*)+/, ""))) return null;
  if (location === "[native code]") return frame(fn, location);

  // Firefox eval: "https://x/app.js line 12 > eval:1:5" – attribute to the caller's file.
  const evalAt = location.indexOf(" line ");
  if (evalAt > 0 && location.includes(" > ")) {
    const lineno = /^ line (\d+) > /.exec(location.slice(evalAt));
    return lineno ? frame(fn, location.slice(0, evalAt), Number(lineno[1])) : null;
  }

  if (/\s/.test(location) && !location.startsWith("debugger eval code")) return null;
  const position = LINE_COL.exec(location);
  if (!position) return null;
  const filename = location.slice(0, position.index);
  // Safari prints anonymous frames as a bare "url:line:col": accept it only when it
  // clearly is a URL or an absolute path, not a stray "key:1" line.
  if (at < 0 && !/^(?:[a-z][a-z0-9+.-]{0,30}:\/\/|\/)/i.test(filename)) return null;
  return frame(fn, filename, Number(position[1]), position[2] ? Number(position[2]) : undefined);
}

function frame(fn: string | undefined, filename: string | undefined, lineno?: number, colno?: number): StackFrame {
  const f: StackFrame = {};
  if (filename) f.filename = filename.slice(0, MAX_FILENAME);
  if (fn) f.function = fn.slice(0, MAX_FUNCTION);
  if (lineno !== undefined && Number.isFinite(lineno)) f.lineno = lineno;
  if (colno !== undefined && Number.isFinite(colno)) f.colno = colno;
  return f;
}

// ---------------------------------------------------------------------------------------
// Frame normalisation
// ---------------------------------------------------------------------------------------

/** Path segments where a project's own code starts; everything before them is machine-specific. */
const PROJECT_ROOTS = new Set(["app", "src", "pages", "lib", "components", ".next"]);

/** Absolute build directories that differ per deploy/CI run; stripped before looking for a root. */
const DEPLOY_PREFIXES = [
  /^\/var\/task\//, // AWS Lambda, Vercel functions
  /^\/vercel\/path\d+\//, // Vercel build
  /^\/home\/runner\/work\/[^/]+\/[^/]+\//, // GitHub Actions
  /^\/opt\/build\/repo\//, // Netlify
  /^\/usr\/src\/app\//, // common Docker WORKDIR
  /^\/workspace\//, // Cloud Build, Gitpod
];

/** Next.js client chunks that hold only React / the Next runtime, never application code. */
const NEXT_FRAMEWORK_CHUNK = /\/_next\/static\/chunks\/(?:framework|main|main-app|webpack|polyfills|react-refresh)\.js$/;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Filename → a deploy-independent identity:
 * - query strings and fragments go (`?v=123`, `?dpl=…`, `#x`);
 * - scheme and host go (`https://cdn.example.com/a.js` → `/a.js`), as do `file://`,
 *   `webpack://<ns>/`, `webpack-internal:///`, `blob:` and Windows drive letters;
 * - content hashes go from file names (`page-3f2a9c1b.js` → `page.js`, a file named only
 *   by a hash → `<hash>.js`) and hash-like directories become `<hash>` (build ids);
 * - node_modules paths keep only what follows the last `node_modules/` (pnpm layouts
 *   embed versions before it);
 * - filesystem paths lose per-deploy build directories (`/var/task/`, `/vercel/path0/`,
 *   `/home/runner/work/x/x/`, …) and then everything before a project root (`app/`,
 *   `src/`, `pages/`, `lib/`, `components/`, `.next/`). URL paths are kept whole: they do
 *   not vary per machine.
 */
function normalizeFilename(raw: string): string {
  let f = raw.trim().slice(0, MAX_FILENAME);
  // Turbopack: "[project]/app/page.tsx [app-rsc] (ecmascript)".
  f = f.replace(/ \[[^\]]*\](?: \([^)]*\))?$/, "").replace(/^\[project\]\//, "");
  const cut = f.search(/[?#]/);
  if (cut >= 0) f = f.slice(0, cut);
  f = f.replace(/\\/g, "/").replace(/^blob:/i, "").replace(/^[a-z]:\//i, "/");

  let isUrl = false;
  const scheme = /^([a-z][a-z0-9+.-]{0,30}):\/\/([^/]*)/i.exec(f);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    f = f.slice(scheme[0].length) || "/";
    // file:// and webpack:// carry filesystem/module paths, not served URLs.
    isUrl = name !== "file" && !name.startsWith("webpack");
  }
  f = f.replace(UUID, "<uuid>");

  const absolute = f.startsWith("/");
  const segments = f.split("/").filter((s) => s !== "" && s !== ".");
  for (let i = 0; i < segments.length; i++) {
    segments[i] = i === segments.length - 1 ? stripHashesFromBasename(segments[i]) : isHashLike(segments[i]) ? "<hash>" : segments[i];
  }

  const lastNodeModules = segments.lastIndexOf("node_modules");
  if (lastNodeModules >= 0) return segments.slice(lastNodeModules).join("/");

  let path = (absolute ? "/" : "") + segments.join("/");
  if (isUrl || !absolute) return path;
  for (const prefix of DEPLOY_PREFIXES) {
    if (prefix.test(path)) {
      path = path.replace(prefix, "");
      break;
    }
  }
  if (!path.startsWith("/")) return path;
  const parts = path.split("/").slice(1);
  const root = parts.findIndex((p) => PROJECT_ROOTS.has(p));
  return root >= 0 ? parts.slice(root).join("/") : path;
}

/**
 * A random-looking token: ≥ 6 hex chars with a digit (webpack/Next content hashes, which
 * is why "layout" or "loading" survive), or ≥ 8 base36/base62 chars with ≥ 2 digits and a
 * letter (Turbopack hashes, build ids; "html5shiv" survives).
 */
function isHashLike(token: string): boolean {
  if (token.length < 6 || !/^[A-Za-z0-9]+$/.test(token)) return false;
  const digits = token.replace(/\D/g, "").length;
  if (/^[0-9a-f]+$/i.test(token)) return digits > 0;
  return token.length >= 8 && digits >= 2;
}

/** "page-3f2a9c1b.js" → "page.js", "main.3f2a9c1b4d.js" → "main.js", "3f2a9c1b.js" → "<hash>.js". */
function stripHashesFromBasename(basename: string): string {
  const dot = basename.lastIndexOf(".");
  const hasExt = dot > 0 && /^\.[A-Za-z]{1,5}$/.test(basename.slice(dot));
  const ext = hasExt ? basename.slice(dot) : "";
  const stem = hasExt ? basename.slice(0, dot) : basename;
  // Leading separators are part of the name ("_app", "__init__"), not a hash joint.
  const leading = /^[-._~]*/.exec(stem)?.[0] ?? "";
  // Split keeping separators: ["page", "-", "3f2a9c1b"]. Hashes are joined by - . _ or ~.
  const pieces = stem.slice(leading.length).split(/([-._~])/);
  let out = "";
  for (let i = 0; i < pieces.length; i += 2) {
    const piece = pieces[i];
    if (piece === "" || isHashLike(piece)) continue;
    out += (out ? pieces[i - 1] : "") + piece;
  }
  if (!out) out = stem === leading ? "" : "<hash>";
  return leading + out + ext;
}

/**
 * Function name → a stable identity: drops "async " / Firefox "async*", "new ",
 * "Object." (V8's receiver for module-level functions), " [as alias]" (call-site
 * dependent), bundler dedupe suffixes ("handler$1"), Firefox's nesting markers
 * ("outer/<" → "outer"); anonymous becomes "?".
 */
function normalizeFunctionName(raw: string | undefined): string {
  let fn = (raw ?? "").trim().slice(0, MAX_FUNCTION);
  fn = fn.replace(/^(?:async\*)+/, "").replace(/ \[as [^\]]*\]$/, "");
  fn = fn.replace(/^(?:(?:async|new)\s+)+/, "").replace(/^Object\./, "");
  if (/\/<|<$/.test(fn)) fn = fn.replace(/<+/g, "").replace(/\/+/g, "/").replace(/\/$/, "");
  fn = fn.replace(/\$\d+$/, "");
  if (fn === "" || fn === "<anonymous>" || fn === "anonymous" || fn === "?") return "?";
  return fn;
}

/**
 * Whether a frame is the application's own code. An explicit `inApp` from the SDK wins;
 * otherwise library, runtime and extension code is excluded by its filename.
 */
function isInApp(f: StackFrame): boolean {
  if (typeof f.inApp === "boolean") return f.inApp;
  if (!f.filename) return false;
  const name = f.filename.trim().replace(/\\/g, "/").toLowerCase();
  if (/(?:^|\/)node_modules\//.test(name)) return false;
  if (name.startsWith("node:") || name.startsWith("internal/")) return false;
  if (name === "native" || name === "<anonymous>" || name === "[native code]" || name === "unknown location") return false;
  if (/^(?:chrome|moz|safari|safari-web|ms-browser)-extension:/.test(name)) return false;
  // The webpack runtime itself ("webpack://_N_E/webpack/bootstrap").
  if (/^webpack(?:-internal)?:\/\/[^/]*\/(?:webpack\/|\(webpack\)\/)/.test(name)) return false;
  const normalized = normalizeFilename(f.filename);
  if (NEXT_FRAMEWORK_CHUNK.test(normalized)) return false;
  // Turbopack names library chunks after their path: "node_modules_next_dist_…_3f2a9c1b._.js".
  if (/(?:^|\/)node_modules_[^/]*$/.test(normalized)) return false;
  return true;
}

/** The grouping identity of one frame: "file:function", line and column excluded. */
function frameComponent(f: StackFrame): string {
  return `${f.filename ? normalizeFilename(f.filename) : "?"}:${normalizeFunctionName(f.function)}`;
}

/** Copies a structured frame, dropping fields of the wrong type (the module must not throw). */
function cleanFrame(raw: unknown): StackFrame | null {
  if (!raw || typeof raw !== "object") return null;
  const r = raw as Record<string, unknown>;
  const f: StackFrame = {};
  if (typeof r.filename === "string" && r.filename.trim()) f.filename = r.filename.trim().slice(0, MAX_FILENAME);
  if (typeof r.function === "string" && r.function.trim()) f.function = r.function.trim().slice(0, MAX_FUNCTION);
  if (typeof r.lineno === "number" && Number.isFinite(r.lineno)) f.lineno = r.lineno;
  if (typeof r.colno === "number" && Number.isFinite(r.colno)) f.colno = r.colno;
  if (typeof r.inApp === "boolean") f.inApp = r.inApp;
  return f.filename || f.function ? f : null;
}

/**
 * The frames of an event, innermost last, each with `inApp` resolved. Structured frames
 * (possibly source-mapped, with SDK-decided `inApp`) are preferred over the stack string.
 * At most the 1000 innermost are considered at all, which bounds the work on any input.
 */
function collectFrames(error: ErrorForGrouping): StackFrame[] {
  let frames: StackFrame[] = [];
  if (Array.isArray(error.frames)) {
    for (const raw of error.frames as unknown[]) {
      const f = cleanFrame(raw);
      if (f) frames.push(f);
    }
  }
  if (frames.length === 0 && typeof error.stack === "string") frames = parseStack(error.stack);
  return frames.slice(-MAX_GROUPED_FRAMES).map((f) => ({ ...f, inApp: isInApp(f) }));
}

// ---------------------------------------------------------------------------------------
// Message normalisation
// ---------------------------------------------------------------------------------------

/** First non-blank line of a message, trimmed. */
function firstLine(message: string | undefined): string {
  if (typeof message !== "string") return "";
  for (const line of message.split("\n", 50)) {
    const t = line.trim();
    if (t) return t;
  }
  return "";
}

/**
 * Message → its template, so "User 42 not found" and "User 43 not found" group together.
 * First line only; then, in order (earlier rules protect their matches from later ones):
 *   URL query strings → `?<query>`; quoted values ('…', "…", `…`, ‘…’, “…”) → `<str>`;
 *   UUIDs → `<uuid>`; e-mails → `<email>`; ISO dates/timestamps → `<ts>`;
 *   IPv4 (with port) → `<ip>`; `0x…` and ≥ 6-char hex ids containing a digit → `<hex>`;
 *   prefixed ids like `req_8fK2mQ9xLp` → `req_<id>`; numbers not glued to a letter → `<num>`
 *   (so "utf8" and "http2" survive); whitespace collapsed; capped at 512 chars.
 */
export function normalizeMessage(message: string): string {
  let m = firstLine(message);
  // Query strings carry request-specific values; cut them per whitespace-separated token.
  m = m.replace(/\S+/g, (token) => {
    const q = token.indexOf("?");
    return q > 0 && token.includes("://") && token.indexOf("://") < q ? `${token.slice(0, q)}?<query>` : token;
  });
  // An opening quote must not follow a letter, so the apostrophe in "can't" opens nothing.
  m = m.replace(/(?<![\p{L}\p{N}_])(?:'[^'\n]*'|"[^"\n]*"|`[^`\n]*`|‘[^’\n]*’|“[^”\n]*”)/gu, "<str>");
  m = m.replace(UUID, "<uuid>");
  m = m.replace(/[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g, "<email>");
  m = m.replace(/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?/g, "<ts>");
  m = m.replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, "<ip>");
  m = m.replace(/\b0x[0-9a-f]+\b/gi, "<hex>");
  m = m.replace(/\b[0-9a-f]{6,}\b/gi, (token) => (/\d/.test(token) && /[a-f]/i.test(token) ? "<hex>" : token));
  m = m.replace(/\b([a-z]{2,10})_([A-Za-z0-9]{8,})\b/g, (token, prefix: string, id: string) => (/\d/.test(id) ? `${prefix}_<id>` : token));
  m = m.replace(/(?<![A-Za-z])\d+(?:\.\d+)*/g, "<num>");
  m = m.replace(/\s+/g, " ").trim();
  return truncate(m, MAX_NORMALIZED_MESSAGE);
}

/** Cuts to `max` UTF-16 units with "…", never leaving half a surrogate pair. */
function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 1;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${s.slice(0, cut)}…`;
}

// ---------------------------------------------------------------------------------------
// Grouping
// ---------------------------------------------------------------------------------------

interface DefaultGrouping {
  method: "stack" | "message";
  components: string[];
}

/**
 * Stack grouping when frames exist: the in-app frames or, when none is in-app (an error
 * raised entirely inside a library or the runtime), all frames — still far more specific
 * than the message. Consecutive repeats collapse so recursion depth does not split a group;
 * then the innermost 100 components are kept.
 */
function defaultGrouping(type: string, message: string | undefined, frames: StackFrame[]): DefaultGrouping {
  const inApp = frames.filter((f) => f.inApp);
  const chosen = inApp.length > 0 ? inApp : frames;
  const components: string[] = [];
  for (const f of chosen) {
    const c = frameComponent(f);
    if (components[components.length - 1] !== c) components.push(c);
  }
  if (components.length > 0) return { method: "stack", components: [type, ...components.slice(-MAX_FRAMES)] };
  return { method: "message", components: [type, normalizeMessage(message ?? "")] };
}

function makeTitle(name: string, message: string | undefined): string {
  const line = firstLine(message);
  const title = name && line ? `${name}: ${line}` : name || line || "Error";
  return truncate(title, MAX_TITLE);
}

/** The innermost in-app frame (else the innermost frame), as "function (file)". */
function findCulprit(frames: StackFrame[]): string | null {
  const pick = [...frames].reverse().find((f) => f.inApp) ?? frames[frames.length - 1];
  if (!pick) return null;
  const file = pick.filename ? normalizeFilename(pick.filename) : "";
  const fn = normalizeFunctionName(pick.function);
  if (fn !== "?" && file) return `${fn} (${file})`;
  return file || fn;
}

function hash(method: Grouping["method"], components: unknown[]): string {
  // JSON keeps component boundaries unambiguous; the version prefix lets a future
  // algorithm produce different fingerprints without colliding with today's.
  const material = JSON.stringify([`vigil-grouping/v${GROUPING_VERSION}`, method, components]);
  return createHash("sha256").update(material).digest("hex");
}

/** Groups one error event; pure and total (never throws on any input shape). */
export function fingerprintError(error: ErrorForGrouping): Grouping {
  const name = typeof error.name === "string" ? error.name.trim() : "";
  // A missing type is an untyped Error: the same group as an explicit "Error".
  const type = name || "Error";
  const allFrames = collectFrames(error);
  const frames = allFrames.slice(-MAX_FRAMES);
  const base = { groupingVersion: GROUPING_VERSION, title: makeTitle(name, error.message), culprit: findCulprit(allFrames), frames };
  const fallback = defaultGrouping(type, error.message, allFrames);

  const client = Array.isArray(error.fingerprint) ? error.fingerprint.map((e) => String(e)) : [];
  // ["{{ default }}"] alone asks for exactly the default grouping, so it gets its fingerprint.
  if (client.length > 0 && !client.every((e) => DEFAULT_MARKER.test(e.trim()))) {
    // The default marker expands to a nested array, which no literal element can equal.
    const components = client.map((e) => (DEFAULT_MARKER.test(e.trim()) ? [fallback.method, ...fallback.components] : e));
    return { ...base, method: "client", fingerprint: hash("client", components) };
  }
  return { ...base, method: fallback.method, fingerprint: hash(fallback.method, fallback.components) };
}
