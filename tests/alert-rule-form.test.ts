import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/components/alerts/api";
import { describeCondition, valueText } from "@/components/alerts/format";
import { newRuleValues, ownDerivedFields, ruleBody, valuesFromPreset, valuesFromRule, withMetric, type RuleFormValues } from "@/components/alerts/form-values";
import { metricDefaults, METRICS } from "@/lib/alerts/catalog";
import { PRESETS } from "@/lib/alerts/presets";
import { resolveRule } from "@/lib/alerts/rule-input";
import type { AlertRule } from "@/lib/alerts/rules";
import { alertMetrics } from "@/lib/db/schema";
import { ValidationError } from "@/lib/errors";

/**
 * The rule form builds API.md's rule body from what was typed. What it sends must be what
 * the API accepts, and what it shows as defaults must be what the API would apply: the
 * form and lib/alerts/rule-input.ts are checked against each other here.
 */

const pointersOf = (body: unknown): string[] => {
  try {
    resolveRule(body);
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return err.errors.map((e) => e.pointer);
    throw err;
  }
};

describe("the rule form's body", () => {
  it("is, for every preset, the rule the preset's own body makes", () => {
    for (const preset of PRESETS) {
      expect(resolveRule(ruleBody(valuesFromPreset(preset))), preset.key).toEqual(resolveRule(preset.rule));
    }
  });

  it("shows for every metric the defaults the API applies, and is valid once the threshold (and a vital) is set", () => {
    for (const metric of alertMetrics) {
      const values = newRuleValues(metric);
      const typed = { ...values, name: "r", threshold: "1", filter: metric === "vital" ? { vital: "LCP" } : {} };
      const applied = resolveRule(ruleBody(typed));
      const bare = resolveRule({ name: "r", metric, threshold: 1, ...(metric === "vital" ? { filter: { vital: "LCP" } } : {}) });
      expect(applied, metric).toEqual(bare);
    }
  });

  it("leaves a blank threshold out, so the API says what is missing", () => {
    expect(pointersOf(ruleBody({ ...newRuleValues("request_latency"), name: "slow" }))).toEqual(["/threshold"]);
    expect(ruleBody(newRuleValues("request_latency"))).not.toHaveProperty("threshold");
  });

  it("sends only the filters and grouping the metric allows after the metric changes; derived defaults follow unless set", () => {
    let values: RuleFormValues = { ...newRuleValues("request_error_rate"), filter: { route: "/api/cart", method: "POST" }, groupBy: "route" };
    values = withMetric(values, "invocation_duration", new Set());
    expect(values.filter).toEqual({});
    expect(values.groupBy).toBe("");
    expect(values.aggregation).toBe(metricDefaults("invocation_duration").aggregation);
    expect(values.minSamples).toBe("20");

    const counted = withMetric({ ...values, windowMinutes: "30" }, "error_count", new Set(["windowMinutes"]));
    expect(counted.minSamples).toBe("0"); // a count needs no minimum
    expect(counted.windowMinutes).toBe("30"); // the user's own window stays
    expect(counted.aggregation).toBe("count");
  });

  it("keeps the stored rule's fields as the user's own only where they differ from the metric's defaults", () => {
    const stored = resolveRule({ name: "p95", metric: "request_latency", aggregation: "p95", threshold: 800, windowMinutes: 5 });
    const rule = { ...stored, id: "rul_1", mutedUntil: null, createdAt: "", updatedAt: "", status: { state: "ok", firing: 0, value: null, note: null, evaluatedAt: null, recent: [] } } as AlertRule;
    expect([...ownDerivedFields(valuesFromRule(rule))]).toEqual(["aggregation"]);
    expect(resolveRule(ruleBody(valuesFromRule(rule)))).toEqual({ ...stored, channelIds: [] });
  });
});

describe("pointers to fields", () => {
  it.each([
    [[{ pointer: "/resolveThreshold", message: "m" }], "", { resolveThreshold: "m" }],
    [[{ pointer: "/filter/vital", message: "m" }], "", { "filter.vital": "m" }],
    [[{ pointer: "/channelIds/0", message: "m" }], "", { channelIds: "m" }],
    [[{ pointer: "/rule/aggregation", message: "m" }], "/rule", { aggregation: "m" }],
    [[{ pointer: "/rule", message: "m" }], "/rule", { form: "m" }],
    [[{ pointer: "/", message: "m" }], "", { form: "m" }],
    [[{ pointer: "/threshold", message: "first" }, { pointer: "/threshold", message: "second" }], "", { threshold: "first" }],
  ])("%j (prefix %j) → %j", (errors, prefix, expected) => {
    expect(fieldErrorsOf(errors, prefix)).toEqual(expected);
  });
});

describe("a rule's condition in words", () => {
  const rule = (over: Partial<Parameters<typeof describeCondition>[0]>) => ({
    metric: "request_latency" as const,
    aggregation: "p95" as const,
    compareTo: null,
    comparator: ">" as const,
    threshold: 1000,
    windowMinutes: 15,
    filter: {},
    groupBy: null,
    ...over,
  });
  it.each([
    [rule({}), "API latency (p95) > 1,000 ms over 15 min"],
    [rule({ metric: "request_error_rate", aggregation: "rate", threshold: 2, windowMinutes: 10 }), "API 5xx rate > 2% over 10 min"],
    [rule({ metric: "invocation_count", aggregation: "rate", threshold: 50, windowMinutes: 60 }), "Function invocations (per minute) > 50/min over 1 h"],
    [rule({ metric: "error_count", aggregation: "count", compareTo: "previous_window", threshold: 100, windowMinutes: 60 }), "Error events up more than 100% vs the previous 1 h"],
    [rule({ metric: "log_count", aggregation: "count", comparator: "<=", compareTo: "previous_window", threshold: -50, windowMinutes: 90 }), "Log lines (count) down at least 50% vs the previous 1 h 30 min"],
    [rule({ metric: "vital", aggregation: "p75", filter: { vital: "LCP" }, threshold: 2500, windowMinutes: 60 }), "Web Vital (p75) > 2,500 ms over 1 h"],
    [rule({ metric: "vital", aggregation: "p75", filter: { vital: "CLS" }, threshold: 0.1, windowMinutes: 60 }), "Web Vital (p75) > 0.1 over 1 h"],
    [rule({ metric: "heartbeat", filter: { type: "request" } }), "No request events for 15 min"],
    [rule({ metric: "new_issue" }), "An issue is new or regressed"],
    [rule({ metric: "deployment_failed" }), "A deployment fails"],
  ])("%j → %s", (r, words) => {
    expect(describeCondition(r)).toBe(words);
  });

  it("words every metric's values with its unit", () => {
    for (const metric of alertMetrics) {
      const text = valueText({ metric, aggregation: METRICS[metric].aggregations[0], compareTo: null }, 1234.5);
      expect(text, metric).toMatch(/^1,235( ms|%)?$/);
    }
  });
});
