interface Frame {
  filename?: string;
  function?: string;
  lineno?: number;
  colno?: number;
  inApp?: boolean;
}

/** Innermost frame first; the app's own frames stand out, library frames recede. */
export function StackTrace({ frames, raw }: { frames: Frame[] | null; raw: string | null }) {
  if (frames && frames.length > 0) {
    return (
      <ol className="divide-y divide-tremor-border rounded-tremor-default border border-tremor-border font-mono text-xs dark:divide-dark-tremor-border dark:border-dark-tremor-border" data-testid="stack-trace">
        {[...frames].reverse().map((f, i) => (
          <li key={i} className={`px-3 py-1.5 ${f.inApp ? "bg-tremor-brand-faint font-semibold text-tremor-content-strong dark:bg-dark-tremor-brand-faint dark:text-dark-tremor-content-strong" : "text-tremor-content-subtle"}`}>
            <span>{f.function || "?"}</span>{" "}
            <span className="font-normal">
              {f.filename ?? "<unknown>"}
              {f.lineno ? `:${f.lineno}` : ""}
              {f.colno ? `:${f.colno}` : ""}
            </span>
            {f.inApp ? <span className="ml-2 rounded bg-tremor-brand px-1 text-[10px] font-normal text-white">in app</span> : null}
          </li>
        ))}
      </ol>
    );
  }
  if (raw) return <pre className="overflow-x-auto rounded-tremor-default bg-gray-950 p-3 text-xs text-gray-100">{raw}</pre>;
  return <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">This event carried no stack trace.</p>;
}
