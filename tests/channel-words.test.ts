import { describe, expect, it } from "vitest";
import { deliveryWords } from "@/components/alerts/incident-words";
import { answerPreview, attemptLine, attemptOk, channelTarget } from "@/components/channels/channel-words";

/** How channels, attempts and the incident timeline's delivery entries read (pure functions of the API's answers). */

const attempt = (a: Partial<Parameters<typeof attemptLine>[0]>) => ({ at: "2026-12-01T10:00:00.000Z", statusCode: null, latencyMs: 12, error: null, answer: null, ...a });

describe("an attempt in words", () => {
  it.each([
    [attempt({ statusCode: 200, latencyMs: 1234 }), "HTTP 200 in 1,234 ms", true],
    [attempt({ statusCode: 410, error: "HTTP 410" }), "HTTP 410 in 12 ms", false],
    [attempt({ statusCode: 503, error: "HTTP 503 (retry after 30 s)" }), "HTTP 503 in 12 ms: HTTP 503 (retry after 30 s)", false],
    [attempt({ latencyMs: 10000, error: "timed out after 10 s" }), "Failed after 10,000 ms: timed out after 10 s", false],
    [attempt({ latencyMs: 40 }), "Sent in 40 ms", true], // e-mail: no HTTP, no error
  ])("%o reads %s", (a, line, ok) => {
    expect(attemptLine(a)).toBe(line);
    expect(attemptOk(a)).toBe(ok);
  });

  it("shows the first part of an answer on one line", () => {
    expect(answerPreview("a\n  b")).toBe("a b");
    expect(answerPreview("x".repeat(200), 10)).toBe(`${"x".repeat(10)}…`);
    expect(answerPreview(null)).toBeNull();
  });
});

describe("a channel's target", () => {
  it.each([
    [{ type: "webhook" as const, config: { url: "https://example.com/h" } }, "https://example.com/h"],
    [{ type: "slack" as const, config: { url: "https://hooks.slack.com/services/T0…/B0…/xx…" } }, "https://hooks.slack.com/services/T0…/B0…/xx…"],
    [{ type: "email" as const, config: { recipients: { addresses: ["a@example.com", "b@example.com"] } } }, "a@example.com, b@example.com"],
    [{ type: "email" as const, config: { recipients: { allMembers: true } } }, "All members of the organization"],
    [{ type: "inbox" as const, config: {} }, "Every member's bell in Vigil"],
  ])("%o is %s", (channel, text) => expect(channelTarget(channel)).toBe(text));
});

describe("a delivery in the incident timeline", () => {
  it.each([
    [{ type: "alert.firing", channel: "In-app inbox", channelType: "inbox" }, "to the in-app inbox"],
    [{ type: "alert.firing", channel: "Ops", channelType: "webhook", statusCode: 200, error: null, attempts: 1 }, "to webhook “Ops” — HTTP 200"],
    [{ type: "alert.firing", channel: "Ops", channelType: "webhook", statusCode: 200, error: null, attempts: 3 }, "to webhook “Ops” — HTTP 200, after 3 attempts"],
    [{ type: "alert.firing", channel: "Ops", channelType: "webhook", statusCode: 410, error: "HTTP 410", attempts: 1 }, "to webhook “Ops” — HTTP 410"],
    [{ type: "alert.resolved", channel: "On call", channelType: "email", statusCode: null, error: "SMTP: connect ECONNREFUSED", attempts: 10 }, "to e-mail “On call” — SMTP: connect ECONNREFUSED, after 10 attempts"],
    [{ type: "alert.firing", channels: 1 }, "to 1 channel"],
    [{ type: "alert.firing" }, null],
  ])("%o reads %s", (detail, words) => expect(deliveryWords(detail)).toBe(words));
});
