import nodemailer from "nodemailer";
import { processSingleton } from "@/lib/process-state";

/**
 * E-mail over SMTP_URL with nodemailer: one pooled transport per URL for the process (a
 * pooled connection sends the next message in milliseconds; a new one costs a handshake).
 */
export interface Mail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

interface Transport {
  sendMail(mail: Mail): Promise<{ accepted: unknown[]; rejected: unknown[]; response: string }>;
}

const transports = () => processSingleton("mail-transports", () => new Map<string, Transport>());

function transportFor(smtpUrl: string): Transport {
  const cached = transports().get(smtpUrl);
  if (cached) return cached;
  // nodemailer takes a URL's query parameters as options: pooled, and bounded in time.
  const url = new URL(smtpUrl);
  for (const [name, value] of Object.entries({ pool: "true", maxConnections: "2", connectionTimeout: "5000", greetingTimeout: "5000", socketTimeout: "10000" })) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  }
  const transport = nodemailer.createTransport(url.toString()) as unknown as Transport;
  transports().set(smtpUrl, transport);
  return transport;
}

/** Sends one message; resolves with the server's answer, rejects with its error. */
export async function sendMail(smtpUrl: string, mail: Mail): Promise<string> {
  const info = await transportFor(smtpUrl).sendMail(mail);
  if (info.accepted.length === 0) throw new Error(`the SMTP server accepted no recipient (${info.response})`);
  return info.response;
}
