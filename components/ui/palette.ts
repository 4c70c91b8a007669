/**
 * The colours Vigil hands to Tremor at run time (chart series, badges). Tremor builds
 * class names such as `fill-rose-500` from them while rendering, which Tailwind cannot
 * see in the sources, so tailwind.config.ts safelists exactly these families. Keeping the
 * list to the colours in use keeps the stylesheet every page loads small: all 22 Tailwind
 * families cost ~120 KB of CSS (docs/benchmarks.md, "Dashboard: analysis").
 */
export const PALETTE = ["amber", "blue", "cyan", "emerald", "fuchsia", "gray", "indigo", "neutral", "red", "rose", "violet"] as const;

export type PaletteColor = (typeof PALETTE)[number];
