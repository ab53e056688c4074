import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { rangeKey, resolveWindow, toIsoSeconds, type HostRange } from "./host-range";
import { timelineSchema, type Timeline } from "./timeline-schema";

/** Every URL and query key of the timeline lives here; components never build their own. */
export const timelineKeys = {
  all: ["timeline"] as const,
  view: (range: string, tags: readonly string[], hosts: readonly string[]) => [...timelineKeys.all, range, tags.join(","), hosts.join(",")] as const,
};

/** A relative range refreshes this often; an absolute one (an incident window) never does. */
export const TIMELINE_REFETCH_MS = 30_000;

export function timelineUrl(window: { fromMs: number; toMs: number }, f: { tags: readonly string[]; hosts: readonly string[] }): string {
  const qs = new URLSearchParams({ from: toIsoSeconds(window.fromMs), to: toIsoSeconds(window.toMs) });
  if (f.tags.length) qs.set("tags", f.tags.join(","));
  if (f.hosts.length) qs.set("hosts", f.hosts.join(","));
  return `/api/timeline?${qs.toString()}`;
}

export function timelineQuery(range: HostRange, f: { tags: readonly string[]; hosts: readonly string[] }) {
  return queryOptions({
    queryKey: timelineKeys.view(rangeKey(range), f.tags, f.hosts),
    queryFn: ({ signal }): Promise<Timeline> => fetchJson(timelineUrl(resolveWindow(range, Date.now()), f), timelineSchema, signal),
    // Lanes of numbers rebuilt per response: deep-comparing them buys nothing.
    structuralSharing: false,
  });
}
