import type { FleetHost, HostStatus } from "./fleet-schema";
import type { SortDir, SortKey } from "./fleet-view";
import { parseTime } from "./fleet-format";

/**
 * Visual groups of the default view, hottest first. Failed hosts sit right after the hot ones:
 * a host we cannot read may be the one dropping packets.
 */
export const STATUS_GROUP_ORDER = ["critical", "warn", "failing", "ok", "no-conntrack", "pending"] as const;
export type StatusGroup = (typeof STATUS_GROUP_ORDER)[number];

export function statusGroup(status: HostStatus): StatusGroup {
  if (status === "unreachable" || status === "hostkey") return "failing";
  return status;
}

function groupRank(status: HostStatus): number {
  return STATUS_GROUP_ORDER.indexOf(statusGroup(status));
}

const byName = (a: FleetHost, b: FleetHost) => a.name.localeCompare(b.name, "en", { numeric: true });

/** Hottest first: group, then dropping now, then utilization (unknown last). */
function compareHeat(a: FleetHost, b: FleetHost): number {
  return (
    groupRank(a.status) - groupRank(b.status) ||
    Number(b.droppingNow) - Number(a.droppingNow) ||
    (b.utilization ?? -1) - (a.utilization ?? -1)
  );
}

const compareHot = (a: FleetHost, b: FleetHost) => compareHeat(a, b) || byName(a, b);

type SortValue = number | string | null;

function valueOf(host: FleetHost, key: Exclude<SortKey, "status">): SortValue {
  switch (key) {
    case "name":
      return host.name;
    case "tags":
      return host.tags.length ? [...host.tags].sort().join(" ") : null;
    case "util":
      return host.utilization;
    case "count":
      return host.count;
    case "max":
      return host.max;
    case "drops":
      return host.dropsLastHour;
    case "age": {
      // Bigger = older, so "desc" reads "stalest first".
      const t = parseTime(host.lastPollAt);
      return t === null ? null : -t;
    }
  }
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === "string" && typeof b === "string") return a.localeCompare(b, "en", { numeric: true });
  return Number(a) - Number(b);
}

/**
 * Returns a new array. Unknown values (null) sort last in both directions; ties fall back to the
 * hottest-first order so equal rows never shuffle between refreshes.
 */
export function sortHosts(hosts: readonly FleetHost[], sort: SortKey, dir: SortDir): FleetHost[] {
  const sign = dir === "asc" ? 1 : -1;
  if (sort === "status") {
    // Heat order is "desc" (hottest first); asc reverses it but names stay A→Z within a tie.
    return [...hosts].sort((a, b) => (dir === "desc" ? compareHeat(a, b) : compareHeat(b, a)) || byName(a, b));
  }
  return [...hosts].sort((a, b) => {
    const va = valueOf(a, sort);
    const vb = valueOf(b, sort);
    if (va === null && vb === null) return compareHot(a, b);
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * compareValues(va, vb) || compareHot(a, b);
  });
}
