import { parseTagList, parseHostList } from "@/lib/timeline/filters";
import { parseRange, serializeRange, type HostRange } from "./host-range";

/**
 * The timeline's whole view as a query string, so a link pasted into an incident channel opens
 * the same thing: the range (`range=` preset or `from=`/`to=`, as on the host page; a brush zoom
 * is an absolute range), `tags=`, `hosts=` and `status=` (comma-separated) and `tz=local`.
 * Invalid parts fall back to their default rather than erroring: old links must open.
 */

export const TIMELINE_PRESETS = ["1h", "6h", "24h", "7d"] as const;
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

/** Status is the hosts' current state, known to the page only: the API filters by tags and hosts. */
export function filterLanesByStatus<L extends { status: string }>(lanes: readonly L[], status: readonly string[]): L[] {
  return status.length === 0 ? [...lanes] : lanes.filter((l) => status.includes(l.status));
}
