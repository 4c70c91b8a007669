import { createHmac } from "node:crypto";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): `webhook-id` (the delivery's
 * id, the same on every retry), `webhook-timestamp` (unix seconds) and `webhook-signature`:
 * `v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>`, where the secret is the base64 after
 * `whsec_`. During a rotation's overlap both signatures are sent, space-separated.
 */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

export function webhookHeaders(params: { id: string; body: string; secrets: string[]; now: Date }): Record<string, string> {
  const timestamp = Math.floor(params.now.getTime() / 1000);
  return {
    "content-type": "application/json",
    "user-agent": "Vigil-Webhooks/1",
    "webhook-id": params.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": params.secrets.map((s) => sign(s, params.id, timestamp, params.body)).join(" "),
  };
}
