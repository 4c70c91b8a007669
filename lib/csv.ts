/**
 * CSV as spreadsheets read it (RFC 4180): fields with commas, quotes or line breaks are
 * quoted, quotes doubled. Text starting with = + - @ (or tab/CR) is prefixed with a quote
 * so a spreadsheet never evaluates telemetry as a formula (CSV injection); numbers are
 * written as numbers.
 */
export type CsvValue = string | number | boolean | null | undefined;

function field(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}
