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

/**
 * A relative range ("last hour") leaves `to` out: the server ends the window at its own now, so a
 * raise made a second ago is in the answer (the browser's clock, floored to the second, may lag).
 */
export function timelineUrl(window: { fromMs: number; toMs: number | null }, f: { tags: readonly string[]; hosts: readonly string[] }): string {
  const qs = new URLSearchParams({ from: toIsoSeconds(window.fromMs) });
  if (window.toMs !== null) qs.set("to", toIsoSeconds(window.toMs));
  if (f.tags.length) qs.set("tags", f.tags.join(","));
  if (f.hosts.length) qs.set("hosts", f.hosts.join(","));
  return `/api/timeline?${qs.toString()}`;
}

export function timelineQuery(range: HostRange, f: { tags: readonly string[]; hosts: readonly string[] }) {
  return queryOptions({
    queryKey: timelineKeys.view(rangeKey(range), f.tags, f.hosts),
    queryFn: ({ signal }): Promise<Timeline> => {
      const w = resolveWindow(range, Date.now());
      return fetchJson(timelineUrl({ fromMs: w.fromMs, toMs: range.kind === "relative" ? null : w.toMs }, f), timelineSchema, signal);
    },
    // Lanes of numbers rebuilt per response: deep-comparing them buys nothing.
    structuralSharing: false,
  });
}
