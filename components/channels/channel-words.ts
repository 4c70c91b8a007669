import type { ChannelView } from "@/lib/notify/channels";
import type { DeliveryView } from "@/lib/notify/deliveries";

/**
 * How channels and their deliveries read, on the Channels settings, a channel's page and
 * the rule form alike: plain functions of the API's answers (API.md "Notifications").
 */

export type ChannelType = ChannelView["type"];

export const TYPE_LABELS: Record<ChannelType, string> = { inbox: "In-app inbox", webhook: "Webhook", slack: "Slack", email: "E-mail" };

/** Where a channel sends: the webhook URL, the masked Slack URL, the recipients. */
export function channelTarget(channel: Pick<ChannelView, "type" | "config">): string {
  const config = channel.config as { url?: string; recipients?: { addresses?: string[]; allMembers?: true } };
  switch (channel.type) {
    case "inbox":
      return "Every member's bell in Vigil";
    case "webhook":
    case "slack":
      return config.url ?? "—";
    case "email":
      if (config.recipients?.allMembers) return "All members of the organization";
      return config.recipients?.addresses?.join(", ") ?? "—";
  }
}

export const EVENT_LABELS: Record<string, string> = {
  "alert.firing": "Firing",
  "alert.renotify": "Reminder",
  "alert.resolved": "Resolved",
  "alert.test": "Test",
};

export const STATUS_WORDS: Record<string, string> = { pending: "retrying", sending: "sending", delivered: "delivered", failed: "failed" };

type Attempt = DeliveryView["log"][number];

/** Whether an attempt succeeded: a 2xx, or (e-mail, inbox: no HTTP) no error. */
export function attemptOk(attempt: Attempt): boolean {
  return !attempt.error && (attempt.statusCode === null || (attempt.statusCode >= 200 && attempt.statusCode < 300));
}

/** One attempt in a line: "HTTP 200 in 12 ms", "Failed after 10,000 ms: timed out", "Sent in 40 ms" (e-mail). */
export function attemptLine(attempt: Attempt): string {
  const ms = `${Intl.NumberFormat("en-US").format(attempt.latencyMs)} ms`;
  // The dispatcher's error for a bare non-2xx is "HTTP 410": said once.
  if (attempt.statusCode !== null) return `HTTP ${attempt.statusCode} in ${ms}${attempt.error && attempt.error !== `HTTP ${attempt.statusCode}` ? `: ${attempt.error}` : ""}`;
  return attempt.error ? `Failed after ${ms}: ${attempt.error}` : `Sent in ${ms}`;
}

/** The first part of an answer, on one line, for a glance; the full 1 KiB is in the log. */
export function answerPreview(answer: string | null, max = 160): string | null {
  if (!answer) return null;
  const flat = answer.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function formatUtc(iso: string | null): string {
  return iso ? `${new Date(iso).toISOString().slice(0, 19).replace("T", " ")} UTC` : "—";
}

/** The snippet shown beside a new secret: verify with the `standardwebhooks` package (docs/api.md "Webhook format"). */
export function verifySnippet(): string {
  return `import { Webhook } from "standardwebhooks";

const wh = new Webhook(process.env.VIGIL_WEBHOOK_SECRET!); // "whsec_…"

export async function POST(request: Request) {
  const body = await request.text(); // the raw body
  try {
    const event = wh.verify(body, Object.fromEntries(request.headers));
    // At-least-once: the same webhook-id can arrive again; process it once.
  } catch {
    return new Response("bad signature", { status: 401 });
  }
  return new Response(null, { status: 204 });
}`;
}
