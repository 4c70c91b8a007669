/** Display formats shared by the dashboard tables and KPI cards. */
export const formatCount = (n: number) => Intl.NumberFormat("en-US").format(n);
export const formatRate = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(r < 0.1 ? 2 : 1)}%`);
export const formatMs = (v: number | null) => (v === null ? "—" : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
