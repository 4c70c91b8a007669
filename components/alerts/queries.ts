"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { projectViewKey } from "@/components/query/view-key";
import type { IncidentView } from "@/lib/alerts/incidents";
import type { Preset } from "@/lib/alerts/presets";
import type { Preview } from "@/lib/alerts/preview";
import type { AlertRule } from "@/lib/alerts/rules";
import { apiRequest, projectApi } from "./api";
import type { FIRING_PARAMS, RESOLVED_PARAMS } from "./params";

/**
 * One hook per endpoint of the Alerts pages, keyed as the server prefetch keys them
 * (components/query/view-key.ts), so the page paints from the prefetch and then keeps
 * itself current: the tick evaluates every minute, so the lists refetch every 30 s.
 */

export type RuleList = { data: AlertRule[]; nextCursor: null };
export type IncidentList = { data: IncidentView[]; nextCursor: string | null };
export type PresetList = { data: Preset[] };

const REFRESH_MS = 30_000;

export function useAlertRules(projectId: string) {
  return useQuery({
    queryKey: projectViewKey(projectId, "alert-rules", {}),
    queryFn: () => apiRequest<RuleList>(projectApi(projectId, "alert-rules")),
    refetchInterval: REFRESH_MS,
  });
}

export function useIncidents(projectId: string, params: typeof FIRING_PARAMS | typeof RESOLVED_PARAMS) {
  return useQuery({
    queryKey: projectViewKey(projectId, "alerts", params),
    queryFn: () => apiRequest<IncidentList>(projectApi(projectId, `alerts?${new URLSearchParams(params)}`)),
    refetchInterval: REFRESH_MS,
  });
}

export function usePresets(projectId: string) {
  return useQuery({
    queryKey: projectViewKey(projectId, "alert-rule-presets", {}),
    queryFn: () => apiRequest<PresetList>(projectApi(projectId, "alert-rule-presets")),
    staleTime: Infinity,
  });
}

export type PreviewRange = "1h" | "24h" | "7d";

/**
 * The rule replayed over the last `range` (POST /alert-rules/preview). `rule` null asks
 * nothing (the form knows it is incomplete). A 400 is an answer, not a failure to retry.
 */
export function useRulePreview(projectId: string, range: PreviewRange, rule: Record<string, unknown> | null) {
  return useQuery({
    queryKey: ["project", projectId, "alert-rule-preview", range, rule] as const,
    queryFn: ({ signal }) => apiRequest<Preview>(projectApi(projectId, "alert-rules/preview"), { method: "POST", body: { range, rule }, signal }),
    enabled: rule !== null,
    retry: false,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** After a change: the rules and incidents of the project are fetched again. */
export function useRefreshAlerts(projectId: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ["project", projectId, "alert-rules"] }),
      client.invalidateQueries({ queryKey: ["project", projectId, "alerts"] }),
    ]);
}
