/**
 * What Slack and e-mail say for the notices of one evaluation: several transitions of one
 * project become one message (API.md). The deliveries' payloads carry everything needed
 * (`data.message` is the notice's title and line, written by the alert tick).
 */
export interface Notice {
  type: string;
  timestamp: string;
  data: {
    rule?: { name?: string; severity?: string };
    project?: { name?: string };
    incident?: { id?: string; group?: string | null } | null;
    value?: number | null;
    threshold?: number;
    url?: string;
    message?: { title: string; body: string };
    summary?: { more: number };
  };
}

const EMOJI: Record<string, string> = { critical: ":rotating_light:", high: ":red_circle:", medium: ":large_orange_circle:", low: ":large_yellow_circle:" };
const COLOR: Record<string, string> = { critical: "#b91c1c", high: "#dc2626", medium: "#ea580c", low: "#ca8a04" };
const RESOLVED_COLOR = "#16a34a";
/** Slack refuses section text over 3,000 characters. */
export const SLACK_SECTION_MAX = 3000;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
/** Slack mrkdwn: &, < and > are control characters. */
const escapeSlack = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const titleOf = (n: Notice) => n.data.message?.title ?? `${n.type} ${n.data.rule?.name ?? ""}`;
const lineOf = (n: Notice) => n.data.message?.body ?? "";
const resolved = (n: Notice) => n.type === "alert.resolved";

/** One headline for a group of notices: the notice's own title, or a count. */
function headline(notices: Notice[]): string {
  if (notices.length === 1) return titleOf(notices[0]);
  const firing = notices.filter((n) => !resolved(n)).length;
  const project = notices[0].data.project?.name ?? "Vigil";
  const parts = [firing ? `${firing} firing` : "", notices.length - firing ? `${notices.length - firing} resolved` : ""].filter(Boolean);
  return `[${parts.join(" · ")}] ${project}`;
}

/** A Block Kit message with a `text` fallback; each notice a section (≤ 3,000 characters) with its colour, emoji and link. */
export function slackMessage(notices: Notice[]) {
  const text = clip(headline(notices), 3000);
  return {
    text,
    blocks: [{ type: "header", text: { type: "plain_text", text: clip(headline(notices), 150), emoji: true } }],
    attachments: notices.map((n) => {
      const severity = n.data.rule?.severity ?? "high";
      const emoji = resolved(n) ? ":white_check_mark:" : (EMOJI[severity] ?? ":bell:");
      const link = n.data.url?.startsWith("http") ? ` <${n.data.url}|Open in Vigil>` : "";
      const body = `${emoji} *${escapeSlack(titleOf(n))}*\n${escapeSlack(lineOf(n))}`;
      return {
        color: resolved(n) ? RESOLVED_COLOR : (COLOR[severity] ?? COLOR.high),
        blocks: [{ type: "section", text: { type: "mrkdwn", text: clip(body, SLACK_SECTION_MAX - link.length) + link } }],
      };
    }),
  };
}

/** Subject, plain text and HTML of one e-mail for a group of notices. */
export function emailMessage(notices: Notice[]): { subject: string; text: string; html: string } {
  const subject = clip(headline(notices), 200);
  const text = notices.map((n) => `${titleOf(n)}\n${lineOf(n)}${n.data.url ? `\n${n.data.url}` : ""}`).join("\n\n");
  const items = notices
    .map((n) => {
      const color = resolved(n) ? RESOLVED_COLOR : (COLOR[n.data.rule?.severity ?? "high"] ?? COLOR.high);
      const link = n.data.url ? `<p style="margin:8px 0 0"><a href="${escapeHtml(n.data.url)}">Open the incident in Vigil</a></p>` : "";
      return `<div style="border-left:4px solid ${color};padding:8px 12px;margin:0 0 12px"><p style="margin:0;font-weight:600">${escapeHtml(titleOf(n))}</p><p style="margin:4px 0 0">${escapeHtml(lineOf(n))}</p>${link}</div>`;
    })
    .join("");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:14px;color:#111">${items}<p style="color:#666;font-size:12px">Sent by Vigil because an alert rule of this project notifies this address.</p></body></html>`;
  return { subject, text, html };
}
