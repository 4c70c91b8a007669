"use client";

import { useEffect, useMemo, useRef, useState, type PointerEvent } from "react";

/**
 * A value over time against fixed lines (an alert's threshold and resolve threshold) with
 * shaded spans (when the rule fired). Tremor's charts draw series only, not reference lines
 * or spans, so this one is plain SVG, measured to its container so text keeps its size.
 * Times are labelled in UTC, like the incident timelines they sit beside.
 */

export interface ChartPoint {
  t: string;
  value: number | null;
}

export interface ChartLine {
  value: number;
  /** Legend and on-chart label, e.g. "Threshold > 5%". */
  label: string;
  tone: "threshold" | "resolve";
}

export interface ChartSpan {
  from: string;
  /** Null: still open at the end of the chart. */
  to: string | null;
}

const MARGIN = { top: 12, right: 16, bottom: 26 };
const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const f = raw / magnitude;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
}

/** Round ticks from at or below `min` to at or above `max`; whole numbers only for counts. */
function yTicks(min: number, max: number, integers: boolean): number[] {
  const step = integers ? Math.max(1, Math.round(niceStep(max - min, 4))) : niceStep(max - min, 4);
  const out: number[] = [];
  const top = Math.ceil(max / step - 1e-9) * step;
  for (let v = Math.floor(min / step) * step; v <= top + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

const TIME_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880];

function timeLabel(t: number, stepMs: number): string {
  const iso = new Date(t).toISOString();
  const day = new Date(t).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  if (stepMs >= DAY || t % DAY === 0) return day;
  return iso.slice(11, 16);
}

export function ThresholdChart({
  points,
  lines,
  spans = [],
  format,
  seriesLabel,
  spanLabel,
  label,
  from,
  to,
  height = 240,
  integers = false,
}: {
  points: ChartPoint[];
  lines: ChartLine[];
  spans?: ChartSpan[];
  format: (value: number) => string;
  /** What the value line is, for the legend ("p95 API latency"). */
  seriesLabel: string;
  /** What a shaded span is, for the legend ("Would have fired"). */
  spanLabel?: string;
  /** The chart's accessible name. */
  label: string;
  /** The time axis; the points' first and last times when absent. */
  from?: string;
  to?: string;
  height?: number;
  /** The values are counts: the axis shows whole numbers only. */
  integers?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<number | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const model = useMemo(() => {
    const times = points.map((p) => Date.parse(p.t));
    const t0 = from ? Date.parse(from) : (times[0] ?? Date.now() - 60 * MINUTE);
    let t1 = to ? Date.parse(to) : (times.at(-1) ?? Date.now());
    if (t1 <= t0) t1 = t0 + MINUTE;
    const values = points.flatMap((p) => (p.value === null ? [] : [p.value]));
    const all = [...values, ...lines.map((l) => l.value), 0];
    let lo = Math.min(...all);
    let hi = Math.max(...all);
    if (hi === lo) hi = lo + 1;
    hi += (hi - lo) * 0.05;
    const ticks = yTicks(lo, hi, integers);
    lo = Math.min(lo, ticks[0]);
    hi = Math.max(hi, ticks.at(-1)!);
    const left = Math.min(96, Math.max(36, Math.max(...ticks.map((v) => format(v).length)) * 6.6 + 12));
    return { times, t0, t1, lo, hi, ticks, left, hasData: values.length > 0 };
  }, [points, lines, from, to, format, integers]);

  const plotW = Math.max(0, width - model.left - MARGIN.right);
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const x = (t: number) => model.left + ((t - model.t0) / (model.t1 - model.t0)) * plotW;
  const y = (v: number) => MARGIN.top + (1 - (v - model.lo) / (model.hi - model.lo)) * plotH;

  // The value line, broken where a window held no data; a lone point is a dot.
  const segments: [number, number][][] = [];
  let current: [number, number][] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current.length) segments.push(current);
      current = [];
    } else current.push([x(model.times[i]), y(p.value)]);
  });
  if (current.length) segments.push(current);
  const base = y(Math.max(model.lo, Math.min(0, model.hi)));

  const stepMs = (TIME_STEPS_MIN.find((m) => ((model.t1 - model.t0) / (m * MINUTE)) <= Math.max(2, plotW / 72)) ?? 2880) * MINUTE;
  const xTicks: number[] = [];
  for (let t = Math.ceil(model.t0 / stepMs) * stepMs; t <= model.t1; t += stepMs) xTicks.push(t);

  function onMove(event: PointerEvent<SVGSVGElement>) {
    if (!points.length) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const t = model.t0 + ((event.clientX - rect.left - model.left) / plotW) * (model.t1 - model.t0);
    let best = 0;
    for (let i = 1; i < model.times.length; i++) if (Math.abs(model.times[i] - t) < Math.abs(model.times[best] - t)) best = i;
    setHover(best);
  }

  const hovered = hover !== null ? points[hover] : null;
  const hoverX = hover !== null ? x(model.times[hover]) : 0;

  return (
    <div>
      <div ref={box} className="relative w-full" style={{ height }}>
        {width > 0 ? (
          <svg width={width} height={height} role="img" aria-label={label} onPointerMove={onMove} onPointerLeave={() => setHover(null)} className="select-none">
            <title>{label}</title>
            {model.ticks.map((v) => (
              <g key={v}>
                <line x1={model.left} x2={model.left + plotW} y1={y(v)} y2={y(v)} className="stroke-gray-200 dark:stroke-gray-800" />
                <text x={model.left - 6} y={y(v)} dy="0.32em" textAnchor="end" className="fill-gray-500 text-[11px] tabular-nums dark:fill-gray-400">
                  {format(v)}
                </text>
              </g>
            ))}
            {xTicks.map((t) => (
              <text key={t} x={x(t)} y={height - 8} textAnchor="middle" className="fill-gray-500 text-[11px] tabular-nums dark:fill-gray-400">
                {timeLabel(t, stepMs)}
              </text>
            ))}
            {spans.map((s) => {
              const a = Math.max(model.left, x(Date.parse(s.from)));
              const b = Math.min(model.left + plotW, x(s.to ? Date.parse(s.to) : model.t1));
              return b >= model.left && a <= model.left + plotW ? (
                <rect key={s.from} data-testid="chart-span" x={a} y={MARGIN.top} width={Math.max(2, b - a)} height={plotH} className="fill-red-500/15" />
              ) : null;
            })}
            {segments.map((seg, i) =>
              seg.length === 1 ? (
                <circle key={i} cx={seg[0][0]} cy={seg[0][1]} r={2} className="fill-indigo-500" />
              ) : (
                <g key={i}>
                  <path d={`M${seg[0][0]},${base}L${seg.map(([a, b]) => `${a},${b}`).join("L")}L${seg.at(-1)![0]},${base}Z`} className="fill-indigo-500/10" />
                  <path d={`M${seg.map(([a, b]) => `${a},${b}`).join("L")}`} data-testid="chart-value-line" fill="none" strokeWidth={1.75} strokeLinejoin="round" className="stroke-indigo-500" />
                </g>
              ),
            )}
            {lines.map((l) => (
              <g key={l.tone} data-testid={l.tone === "threshold" ? "chart-threshold-line" : "chart-resolve-line"}>
                <line
                  x1={model.left}
                  x2={model.left + plotW}
                  y1={y(l.value)}
                  y2={y(l.value)}
                  strokeWidth={1.5}
                  strokeDasharray={l.tone === "threshold" ? "6 4" : "2 3"}
                  className={l.tone === "threshold" ? "stroke-red-500" : "stroke-amber-500"}
                />
                <text
                  x={model.left + plotW - 4}
                  y={y(l.value) - 5}
                  textAnchor="end"
                  strokeWidth={3}
                  style={{ paintOrder: "stroke" }}
                  className={`stroke-white text-[11px] font-medium dark:stroke-gray-900 ${l.tone === "threshold" ? "fill-red-600 dark:fill-red-400" : "fill-amber-600 dark:fill-amber-400"}`}
                >
                  {l.label}
                </text>
              </g>
            ))}
            {!model.hasData ? (
              <text x={model.left + plotW / 2} y={MARGIN.top + plotH / 2} textAnchor="middle" className="fill-gray-500 text-xs dark:fill-gray-400">
                No data in this range
              </text>
            ) : null}
            {hovered ? (
              <g pointerEvents="none">
                <line x1={hoverX} x2={hoverX} y1={MARGIN.top} y2={MARGIN.top + plotH} className="stroke-gray-400 dark:stroke-gray-600" />
                {hovered.value !== null ? <circle cx={hoverX} cy={y(hovered.value)} r={3.5} className="fill-indigo-500 stroke-white dark:stroke-gray-900" strokeWidth={1.5} /> : null}
              </g>
            ) : null}
          </svg>
        ) : null}
        {hovered ? (
          <div
            aria-hidden
            className="pointer-events-none absolute top-1 z-10 whitespace-nowrap rounded-tremor-default border border-tremor-border bg-tremor-background px-2 py-1 text-tremor-label shadow-tremor-dropdown dark:border-dark-tremor-border dark:bg-dark-tremor-background"
            style={hoverX > width / 2 ? { right: width - hoverX + 8 } : { left: hoverX + 8 }}
          >
            <span className="text-tremor-content dark:text-dark-tremor-content">{new Date(hovered.t).toISOString().slice(0, 16).replace("T", " ")} UTC</span>{" "}
            <span className="font-medium tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong">{hovered.value === null ? "no data" : format(hovered.value)}</span>
          </div>
        ) : null}
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-tremor-label text-tremor-content dark:text-dark-tremor-content" aria-label="Legend">
        <li className="flex items-center gap-1.5">
          <span aria-hidden className="h-0.5 w-4 rounded bg-indigo-500" />
          {seriesLabel}
        </li>
        {lines.map((l) => (
          <li key={l.tone} className="flex items-center gap-1.5">
            <span aria-hidden className={`w-4 border-t-2 ${l.tone === "threshold" ? "border-dashed border-red-500" : "border-dotted border-amber-500"}`} />
            {l.label}
          </li>
        ))}
        {spanLabel && spans.length ? (
          <li className="flex items-center gap-1.5">
            <span aria-hidden className="h-3 w-4 rounded-sm bg-red-500/15" />
            {spanLabel}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
