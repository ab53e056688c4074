import { parseTagList, parseHostList } from "@/lib/timeline/filters";
import { parseRange, serializeRange, toIsoSeconds, type HostRange } from "./host-range";

/**
 * The timeline's whole view as a query string, so a link pasted into an incident channel opens
 * the same thing: the range (`range=` preset or `from=`/`to=`, as on the host page; a brush zoom
 * is an absolute range), `tags=`, `hosts=` and `status=` (comma-separated) and `tz=local`.
 * Invalid parts fall back to their default rather than erroring: old links must open.
 */

export const TIMELINE_PRESETS = ["30m", "1h", "6h", "24h", "7d"] as const;
export const LANE_STATUSES = ["ok", "warn", "critical", "unreachable", "hostkey", "no-conntrack", "pending"] as const;
export type TimelineZone = "utc" | "local";

export interface TimelineViewState {
  range: HostRange;
  tags: string[];
  hosts: string[];
  status: string[];
  zone: TimelineZone;
}

interface ReadableParams {
  get(name: string): string | null;
}

const list = (raw: string | null, parse: typeof parseTagList) => {
  const r = parse(raw);
  return r.ok ? r.values : [];
};

export function parseTimelineView(params: ReadableParams): TimelineViewState {
  const status = (params.get("status") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s): s is string => (LANE_STATUSES as readonly string[]).includes(s));
  return {
    range: parseRange(params),
    tags: list(params.get("tags"), parseTagList),
    hosts: list(params.get("hosts"), parseHostList),
    status: [...new Set(status)],
    zone: params.get("tz") === "local" ? "local" : "utc",
  };
}

/** Query string without the leading `?`; defaults are left out so links stay short. */
export function serializeTimelineView(v: TimelineViewState): string {
  const params = new URLSearchParams(serializeRange(v.range));
  if (v.tags.length) params.set("tags", v.tags.join(","));
  if (v.hosts.length) params.set("hosts", v.hosts.join(","));
  if (v.status.length) params.set("status", v.status.join(","));
  if (v.zone === "local") params.set("tz", "local");
  return params.toString();
}

/**
 * The link a summary pastes into a postmortem: the window the server answered for (absolute, so it
 * still shows the incident next week), with the page's filters and zone.
 */
export function timelineLink(origin: string, v: TimelineViewState, window: { fromMs: number; toMs: number }): string {
  const qs = serializeTimelineView({ ...v, range: { kind: "absolute", fromMs: Math.floor(window.fromMs / 1000) * 1000, toMs: Math.ceil(window.toMs / 1000) * 1000 } });
  return `${origin}/timeline?${qs}`;
}

/** A host page link over the same window; `at` marks a moment in it (a click on a lane). */
export function hostLink(host: string, window: { fromMs: number; toMs: number }, at?: number): string {
  const qs = new URLSearchParams({ from: toIsoSeconds(Math.floor(window.fromMs / 1000) * 1000), to: toIsoSeconds(Math.ceil(window.toMs / 1000) * 1000) });
  if (at !== undefined) qs.set("at", toIsoSeconds(at));
  return `/hosts/${encodeURIComponent(host)}?${qs.toString()}`;
}

/** Around a moment clicked on a lane: a quarter of the lane's window each side, between 10 minutes and 6 hours in all. */
export function momentWindow(atMs: number, laneWindow: { fromMs: number; toMs: number }): { fromMs: number; toMs: number } {
  const span = laneWindow.toMs - laneWindow.fromMs;
  const half = Math.min(3 * 3_600_000, Math.max(5 * 60_000, span / 4));
  return { fromMs: atMs - half, toMs: atMs + half };
}

/** Status is the hosts' current state, known to the page only: the API filters by tags and hosts. */
export function filterLanesByStatus<L extends { status: string }>(lanes: readonly L[], status: readonly string[]): L[] {
  return status.length === 0 ? [...lanes] : lanes.filter((l) => status.includes(l.status));
}
