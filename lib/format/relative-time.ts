/**
 * How long ago an instant was, in the dashboard's short words: "just now", "5 min ago",
 * "3 h ago", "2 d ago". `now` is a parameter so a list renders every row against one clock.
 */
export function timeAgo(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}
