/**
 * Text PostgreSQL can store. Its `text` and `jsonb` reject U+0000, and a lone UTF-16
 * surrogate (which JSON's `\uD800` escape can produce) has no UTF-8 form: either makes the
 * whole statement fail. Ingest stores such characters as U+FFFD (the rest of the event is
 * kept); query and path parameters that hold them are refused at the boundary.
 */

import { z } from "zod";

export const REPLACEMENT_CHARACTER = "\uFFFD";

export function isStorableText(text: string): boolean {
  return text.indexOf("\u0000") === -1 && text.isWellFormed();
}

/** The text with every U+0000 and lone surrogate replaced by U+FFFD; the same string when clean. */
export function toStorableText(text: string): string {
  return isStorableText(text) ? text : text.toWellFormed().replaceAll("\u0000", REPLACEMENT_CHARACTER);
}

/**
 * A JSON value (strings, object keys, nested arrays and objects) with every string made
 * storable. Returns the same object when nothing needed replacing, so a clean event — the
 * common case — costs one check per string and no copy.
 */
export function toStorableValue<T>(value: T): T {
  if (typeof value === "string") return toStorableText(value) as T;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = toStorableValue(value[i] as unknown);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return (copy ?? value) as T;
  }
  // for…in without allocating: this runs on every ingested event.
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in source) {
    const item = source[key];
    const storableKey = toStorableText(key);
    const storableItem = toStorableValue(item);
    if (!copy && (storableKey !== key || storableItem !== item)) {
      copy = {};
      for (const earlier in source) {
        if (earlier === key) break;
        copy[earlier] = source[earlier];
      }
    }
    if (copy) copy[storableKey] = storableItem;
  }
  return (copy ?? value) as T;
}

/** The message used wherever such text is refused. */
export const UNSTORABLE_TEXT_MESSAGE = "Contains U+0000 or an unpaired UTF-16 surrogate, which cannot be stored";

/**
 * The schema of every free-text input a user names things with (organizations, projects,
 * keys, rules, channels, their own name): a string PostgreSQL can store, refused with
 * UNSTORABLE_TEXT_MESSAGE otherwise — in the API's pointers and the forms' inline messages
 * alike — rather than failing the write.
 */
export function storableString() {
  return z.string().refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
}
