"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ChannelView } from "@/lib/notify/channels";
import type { DeliveryView } from "@/lib/notify/deliveries";
import { apiRequest, projectApi } from "@/components/alerts/api";

/**
 * One hook per channels endpoint (API.md "Notifications"), talking to the public API with
 * the session cookie. The list starts from what the server rendered; the delivery log is
 * fetched in the browser, page by page with the API's cursor.
 */

export type ChannelList = { data: ChannelView[]; nextCursor: null };
export type DeliveryPage = { data: DeliveryView[]; nextCursor: string | null };

export const channelsKey = (projectId: string) => ["project", projectId, "channels"] as const;
const deliveriesKey = (projectId: string, channelId: string) => ["project", projectId, "channel-deliveries", channelId] as const;

const DELIVERY_PAGE = 20;

export function useChannels(projectId: string, initial?: ChannelView[]) {
  return useQuery({
    queryKey: channelsKey(projectId),
    queryFn: () => apiRequest<ChannelList>(projectApi(projectId, "channels")),
    initialData: initial ? { data: initial, nextCursor: null } : undefined,
    // Server-rendered data is fresh enough for a moment; a disabled channel shows within half a minute.
    staleTime: 5_000,
    refetchInterval: 30_000,
  });
}

export function useDeliveries(projectId: string, channelId: string) {
  return useInfiniteQuery({
    queryKey: deliveriesKey(projectId, channelId),
    queryFn: ({ pageParam }) =>
      apiRequest<DeliveryPage>(projectApi(projectId, `channels/${encodeURIComponent(channelId)}/deliveries?${new URLSearchParams({ limit: String(DELIVERY_PAGE), ...(pageParam ? { cursor: pageParam } : {}) })}`)),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Retries are minutes apart; a sending delivery settles within 10 s.
    refetchInterval: 15_000,
  });
}

/** After a change to a channel (or a test): the list and that channel's log again. */
export function useRefreshChannels(projectId: string) {
  const client = useQueryClient();
  return (channelId?: string) =>
    Promise.all([
      client.invalidateQueries({ queryKey: channelsKey(projectId) }),
      channelId ? client.invalidateQueries({ queryKey: deliveriesKey(projectId, channelId) }) : null,
    ]);
}
