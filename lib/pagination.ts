import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { getSecrets } from "@/lib/secrets";
import { ValidationError } from "@/lib/errors";

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Keyset cursor: the sort key and id of the last row served. */
export interface Cursor {
  t: string;
  id: string;
}

/**
 * Cursors are opaque to clients but travel through them, and their fields go into SQL
 * casts (`::timestamptz`, `::uuid`). So they are tamper-evident: base64url JSON and an
 * HMAC over it and the list it belongs to (`kind`, which includes the sort order), keyed
 * from AUTH_SECRET. A forged, edited or foreign cursor is a 400; only values this server
 * wrote reach a query.
 */
export function encodeCursor(kind: string, cursor: Cursor): string {
  const payload = Buffer.from(JSON.stringify(cursor)).toString("base64url");
  return `${payload}.${mac(kind, payload).toString("base64url")}`;
}

const cursorSchema = z.object({ t: z.string(), id: z.string() });

export function decodeCursor(kind: string, raw: string): Cursor {
  const [payload, signature, extra] = raw.split(".");
  if (payload && signature && extra === undefined) {
    const expected = mac(kind, payload);
    const given = Buffer.from(signature, "base64url");
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      const parsed = cursorSchema.safeParse(safeJson(Buffer.from(payload, "base64url").toString("utf8")));
      if (parsed.success) return parsed.data;
    }
  }
  throw new ValidationError([{ pointer: "query.cursor", message: "Invalid cursor: pass back the nextCursor of a previous page unchanged" }]);
}

/**
 * A cursor from a page's URL if this server wrote it for `kind`, else undefined: a
 * hand-edited or stale link shows the first page rather than an error page (the API
 * answers the same cursor 400). Every dashboard page that reads `?cursor=` goes through it.
 */
export function cursorFromUrl(kind: string, raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    decodeCursor(kind, raw);
    return raw;
  } catch {
    return undefined;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

let cursorKey: Buffer | undefined;
function mac(kind: string, payload: string): Buffer {
  cursorKey ??= createHmac("sha256", getSecrets().authSecret).update("vigil pagination cursor v1").digest();
  // 128 bits: forging one is out of reach, and the cursor stays short in a URL.
  return createHmac("sha256", cursorKey).update(kind).update("\u0000").update(payload).digest().subarray(0, 16);
}

/** `?limit=` (default 50, max 200) and `?cursor=`, as API.md fixes them. */
export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(1024).optional(),
});
