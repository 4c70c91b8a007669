/**
 * A count with its noun in the right number, for every "N things" the UI prints:
 * `plural(1, "issue")` → "1 issue", `plural(1200, "event")` → "1,200 events",
 * `plural(2, "entry", "entries")` → "2 entries". The count is formatted en-US (the
 * dashboard's number format, the same text on the server and in the browser).
 */
export function plural(count: number, singular: string, pluralForm?: string): string {
  return `${Intl.NumberFormat("en-US").format(count)} ${noun(count, singular, pluralForm)}`;
}

/** Only the noun: `noun(1, "day")` → "day", `noun(0, "day")` → "days" (for when the number is printed apart). */
export function noun(count: number, singular: string, pluralForm?: string): string {
  return Math.abs(count) === 1 ? singular : (pluralForm ?? `${singular}s`);
}
