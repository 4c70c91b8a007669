import Link from "next/link";
import type { DeploymentFacets } from "@/lib/analytics/deployments";
import { deploymentStatuses } from "@/lib/events";
import { deploymentsHref, type DeploymentsViewState } from "./format";

const selectClass =
  "rounded-tremor-default border border-tremor-border bg-tremor-background px-2 py-1.5 text-tremor-default text-tremor-content-emphasis dark:border-dark-tremor-border dark:bg-dark-tremor-background dark:text-dark-tremor-content-emphasis";

function Select({ name, label, value, options }: { name: string; label: string; value?: string; options: readonly string[] }) {
  // A value from a shared link that the window no longer holds stays selectable, so the form shows the real state.
  const all = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <label className="flex flex-col gap-1 text-tremor-label text-tremor-content dark:text-dark-tremor-content">
      {label}
      <select name={name} defaultValue={value ?? ""} className={selectClass}>
        <option value="">All</option>
        {all.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A plain GET form: the whole view lives in the query string, so a copied link reproduces
 * it and the filters work without JavaScript. Applying filters keeps the window and starts
 * again at the newest deployment; the page's time controls keep the filters.
 */
export function DeploymentFilters({ basePath, state, facets }: { basePath: string; state: DeploymentsViewState; facets: DeploymentFacets }) {
  const filtered = Boolean(state.status || state.environment || state.branch);
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <form action={basePath} method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter deployments">
        {(["range", "from", "to"] as const).map((k) => (state[k] ? <input key={k} type="hidden" name={k} value={state[k]} /> : null))}
        <Select name="status" label="Status" value={state.status} options={deploymentStatuses} />
        <Select name="environment" label="Environment" value={state.environment} options={facets.environments} />
        <Select name="branch" label="Branch" value={state.branch} options={facets.branches} />
        <button type="submit" className="rounded-tremor-default bg-tremor-brand px-3 py-1.5 text-tremor-default font-medium text-white hover:bg-tremor-brand-emphasis">
          Apply
        </button>
        {filtered ? (
          <Link href={deploymentsHref(basePath, { range: state.range, from: state.from, to: state.to })} className="py-1.5 text-tremor-default text-tremor-brand hover:underline">
            Clear filters
          </Link>
        ) : null}
      </form>
    </div>
  );
}
