import { z } from "zod";
import { ValidationError } from "./errors";

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Keyset cursor: the sort key and id of the last row served, base64url-encoded JSON. */
export interface Cursor {
  t: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

const cursorSchema = z.object({ t: z.string(), id: z.string() });

export function decodeCursor(raw: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw new ValidationError([{ pointer: "query.cursor", message: "Invalid cursor" }]);
  }
}

/** `?limit=` (default 50, max 200) and `?cursor=`, as API.md fixes them. */
export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).optional(),
});
