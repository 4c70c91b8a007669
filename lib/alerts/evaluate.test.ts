import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { aggregateWindow, INITIAL_STATE, readingOf, step, type Reading, type SeriesState, type Transition } from "./evaluate";
import { resolveRule, type RuleDefinition } from "./rule-input";

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 12, 0);

function rule(fields: Record<string, unknown>): RuleDefinition {
  return resolveRule({ name: "r", metric: "request_error_rate", threshold: 5, minSamples: 0, pendingMinutes: 0, ...fields });
}

/** Feeds one value per minute through `step`; returns each minute's transition (null for none) and the final state. */
function replay(r: RuleDefinition, values: (number | null | Reading)[], options: { acknowledgeAt?: number } = {}) {
  let state: SeriesState = INITIAL_STATE;
  const transitions: (Transition | null)[] = [];
  const notes: (string | null)[] = [];
  values.forEach((v, i) => {
    if (options.acknowledgeAt === i) state = { ...state, acknowledged: true };
    const reading = v !== null && typeof v === "object" ? v : { value: v, samples: v === null ? 0 : 100 };
    const result = step(r, reading, state, T0 + i * MIN);
    state = result.next;
    transitions.push(result.transition);
    notes.push(result.note);
  });
  return { transitions, notes, state };
}

describe("the state machine: ok → pending → firing → ok", () => {
  const cases: { name: string; rule: Record<string, unknown>; values: (number | null | Reading)[]; expected: (Transition | null)[]; ack?: number }[] = [
    { name: "pendingMinutes 0 fires at once and resolves when healthy", rule: {}, values: [1, 9, 9, 1], expected: [null, "firing", null, "resolved"] },
    {
      name: "a breach held for pendingMinutes fires; a shorter one only pends",
      rule: { pendingMinutes: 2 },
      values: [9, 9, 1, 9, 9, 9, 9],
      expected: ["pending", null, "recovered", "pending", null, "firing", null],
    },
    {
      name: "hysteresis: firing stays firing until the value is past resolveThreshold",
      rule: { resolveThreshold: 2 },
      values: [9, 4, 3, 2.5, 1.9],
      expected: ["firing", null, null, null, "resolved"],
    },
    { name: "without hysteresis the same input resolves at the first healthy value", rule: {}, values: [9, 4, 3], expected: ["firing", "resolved", null] },
    {
      name: "flapping around the threshold with hysteresis: one firing, one resolve",
      rule: { resolveThreshold: 1 },
      values: [6, 4, 6, 4, 6, 4, 0.5, 0.5],
      expected: ["firing", null, null, null, null, null, "resolved", null],
    },
    {
      name: "minSamples: too few samples keep the state (firing stays firing, ok stays ok)",
      rule: { minSamples: 20 },
      values: [{ value: 50, samples: 5 }, { value: 50, samples: 25 }, { value: 0, samples: 3 }, { value: 0, samples: 30 }],
      expected: [null, "firing", null, "resolved"],
    },
    { name: "noData keep: an empty window keeps firing", rule: { noData: "keep" }, values: [9, null, null, 1], expected: ["firing", null, null, "resolved"] },
    { name: "noData ok: an empty window resolves", rule: { noData: "ok" }, values: [9, null], expected: ["firing", "resolved"] },
    { name: "noData alert: an empty window fires", rule: { noData: "alert" }, values: [1, null, 1], expected: [null, "firing", "resolved"] },
    {
      name: "renotify every N minutes while firing",
      rule: { renotifyMinutes: 2 },
      values: [9, 9, 9, 9, 9],
      expected: ["firing", null, "renotify", null, "renotify"],
    },
    {
      name: "acknowledging stops renotification",
      rule: { renotifyMinutes: 2 },
      values: [9, 9, 9, 9, 9, 9],
      ack: 3,
      expected: ["firing", null, "renotify", null, null, null],
    },
    { name: "renotifyMinutes 0 never repeats", rule: { renotifyMinutes: 0 }, values: [9, 9, 9, 9], expected: ["firing", null, null, null] },
    {
      name: "a < comparator fires below the threshold",
      rule: { metric: "request_count", aggregation: "count", comparator: "<", threshold: 10 },
      values: [50, 5, 50],
      expected: [null, "firing", "resolved"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(replay(rule(c.rule), c.values, { acknowledgeAt: c.ack }).transitions).toEqual(c.expected);
    });
  }

  it("records why a state was held", () => {
    const { notes } = replay(rule({ minSamples: 20 }), [{ value: 50, samples: 5 }, null]);
    expect(notes).toEqual(["insufficient data", "no data"]);
  });

  it("a heartbeat fires on silence whatever noData says", () => {
    const hb = resolveRule({ name: "hb", metric: "heartbeat", filter: { type: "request" }, noData: "ok" });
    expect(hb).toMatchObject({ comparator: "<", threshold: 1, pendingMinutes: 0 });
    const values = [3, 0, 0, 2].map((n) => aggregateWindow(hb, { count: n, errors: 0, sum: 0 }));
    expect(replay(hb, values).transitions).toEqual([null, "firing", null, "resolved"]);
  });
});

describe("values", () => {
  it("rates are percent of the window's events; counts and per-minute rates count", () => {
    expect(aggregateWindow(rule({}), { count: 200, errors: 5, sum: 0 })).toEqual({ value: 2.5, samples: 200 });
    expect(aggregateWindow(rule({}), { count: 0, errors: 0, sum: 0 }).value).toBeNull();
    const perMinute = rule({ metric: "request_count", aggregation: "rate", windowMinutes: 10 });
    expect(aggregateWindow(perMinute, { count: 200, errors: 0, sum: 0 }).value).toBe(20);
    expect(aggregateWindow(rule({ metric: "error_count", aggregation: "count" }), { count: 0, errors: 0, sum: 0 }).value).toBe(0);
  });

  it("percent change against the previous window; an empty baseline is no data", () => {
    const r = rule({ metric: "error_count", aggregation: "count", compareTo: "previous_window", threshold: 100 });
    expect(readingOf(r, { count: 30, errors: 0, sum: 0 }, { count: 10, errors: 0, sum: 0 }).value).toBe(200);
    expect(readingOf(r, { count: 5, errors: 0, sum: 0 }, { count: 10, errors: 0, sum: 0 }).value).toBe(-50);
    expect(readingOf(r, { count: 5, errors: 0, sum: 0 }, { count: 0, errors: 0, sum: 0 })).toMatchObject({ value: null, note: expect.stringContaining("baseline") });
  });

  it("deployment durations: avg and nearest-rank p95 of the exact values", () => {
    const r = rule({ metric: "deployment_duration", aggregation: "p95", threshold: 1 });
    const values = Array.from({ length: 20 }, (_, i) => (i + 1) * 1000);
    expect(aggregateWindow(r, { count: 20, errors: 0, sum: 0, values }).value).toBe(19_000);
    expect(aggregateWindow({ ...r, aggregation: "avg" }, { count: 20, errors: 0, sum: 0, values }).value).toBe(10_500);
  });
});

describe("rule validation", () => {
  const pointers = (body: Record<string, unknown>) => {
    try {
      resolveRule({ name: "r", ...body });
      return [];
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return err.errors.map((e) => e.pointer);
    }
  };

  it("refuses a percentile of a count metric", () => {
    expect(pointers({ metric: "error_count", aggregation: "p95", threshold: 1 })).toEqual(["/aggregation"]);
  });
  it("refuses a resolve threshold on the firing side", () => {
    expect(pointers({ metric: "request_error_rate", threshold: 5, resolveThreshold: 6 })).toEqual(["/resolveThreshold"]);
    expect(pointers({ metric: "request_count", comparator: "<", threshold: 5, resolveThreshold: 4 })).toEqual(["/resolveThreshold"]);
    expect(pointers({ metric: "request_error_rate", threshold: 5, resolveThreshold: 4 })).toEqual([]);
  });
  it("refuses a vital rule without a vital", () => {
    expect(pointers({ metric: "vital", threshold: 2500 })).toEqual(["/filter/vital"]);
    expect(pointers({ metric: "vital", threshold: 2500, groupBy: "vital" })).toEqual([]);
  });
  it("refuses filters and groupings the metric does not have, and a missing threshold", () => {
    expect(pointers({ metric: "log_count", filter: { route: "/x" }, threshold: 1 })).toEqual(["/filter/route"]);
    expect(pointers({ metric: "deployment_failure_rate", groupBy: "route", threshold: 1 })).toEqual(["/groupBy"]);
    expect(pointers({ metric: "request_latency" })).toEqual(["/threshold"]);
    expect(pointers({ metric: "request_latency", threshold: 1, windowMinutes: 0 })).toEqual(["/windowMinutes"]);
    expect(pointers({ metric: "request_latency", threshold: 1, name: "bad\u0000name" })).toEqual(["/name"]);
  });
  it("applies API.md's defaults", () => {
    expect(resolveRule({ name: "r", metric: "request_latency", aggregation: "p95", threshold: 1000 })).toMatchObject({
      minSamples: 20,
      pendingMinutes: 2,
      renotifyMinutes: 240,
      severity: "high",
      noData: "keep",
      notifyOnResolve: true,
      enabled: true,
    });
    expect(resolveRule({ name: "r", metric: "error_count", threshold: 10 })).toMatchObject({ minSamples: 0, aggregation: "count" });
    expect(resolveRule({ name: "r", metric: "new_issue" })).toMatchObject({ pendingMinutes: 0, comparator: ">", threshold: 0 });
  });
});
