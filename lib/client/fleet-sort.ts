import type { FleetHost, HostStatus } from "./fleet-schema";
import type { SortDir, SortKey } from "./fleet-view";
import { parseTime } from "./fleet-format";

/**
 * Visual groups of the default view, hottest first. A host dropping packets now leads whatever its
 * utilization (a table that fills between polls, or insert failures, drop at any percentage). Failed
 * hosts sit right after the hot ones: a host we cannot read may be the one dropping packets.
 */
export const STATUS_GROUP_ORDER = ["dropping", "critical", "warn", "failing", "ok", "no-conntrack", "pending"] as const;
export type StatusGroup = (typeof STATUS_GROUP_ORDER)[number];

export function statusGroup(host: Pick<FleetHost, "status" | "droppingNow">): StatusGroup {
  if (host.droppingNow) return "dropping";
  if (host.status === "unreachable" || host.status === "hostkey") return "failing";
  return host.status;
}

const GROUP_RANK: Record<HostStatus, number> = {
  critical: 0,
  warn: 1,
  unreachable: 2,
  hostkey: 2,
  ok: 3,
  "no-conntrack": 4,
  pending: 5,
};

// One collator for every comparison: `localeCompare` with options builds one per call, which at
// 5000 hosts (~60k comparisons a sort) is most of the sort's time.
const collator = new Intl.Collator("en", { numeric: true });

type SortValue = number | string | null;

let nameRanks = new Map<string, number>();

/**
 * Each host name's place in name order (web-2 before web-10), kept between calls: a fleet's names
 * rarely change, so after the first sort a name comparison is a subtraction, not a collation.
 */
export function nameRankOf(hosts: readonly FleetHost[]): ReadonlyMap<string, number> {
  if (hosts.some((h) => !nameRanks.has(h.name))) {
    const names = hosts.map((h) => h.name).sort(collator.compare);
    nameRanks = new Map(names.map((n, i) => [n, i]));
  }
  return nameRanks;
}

/** Everything a comparison reads, computed once per host per sort instead of once per comparison. */
interface Keyed {
  host: FleetHost;
  name: number;
  rank: number;
  /** Current drop rate of a host dropping now, -1 otherwise. */
  dropping: number;
  util: number;
  value: SortValue;
}

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

/** Hottest first: dropping now (fastest first), then group, then utilization (unknown last). */
function compareHeat(a: Keyed, b: Keyed): number {
  return b.dropping - a.dropping || a.rank - b.rank || b.util - a.util;
}

const byName = (a: Keyed, b: Keyed) => a.name - b.name;
const compareHot = (a: Keyed, b: Keyed) => compareHeat(a, b) || byName(a, b);

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === "string" && typeof b === "string") return collator.compare(a, b);
  return Number(a) - Number(b);
}

/**
 * Returns a new array. Unknown values (null) sort last in both directions; ties fall back to the
 * hottest-first order so equal rows never shuffle between refreshes.
 */
export function sortHosts(hosts: readonly FleetHost[], sort: SortKey, dir: SortDir): FleetHost[] {
  const sign = dir === "asc" ? 1 : -1;
  const ranks = nameRankOf(hosts);
  const keyed: Keyed[] = hosts.map((host) => ({
    host,
    name: ranks.get(host.name)!,
    rank: GROUP_RANK[host.status],
    dropping: host.droppingNow ? (host.dropRate ?? 0) : -1,
    util: host.utilization ?? -1,
    value: sort === "status" ? null : valueOf(host, sort),
  }));
  if (sort === "status") {
    // Heat order is "desc" (hottest first); asc reverses it but names stay A→Z within a tie.
    keyed.sort((a, b) => (dir === "desc" ? compareHeat(a, b) : compareHeat(b, a)) || byName(a, b));
  } else {
    keyed.sort((a, b) => {
      const va = a.value;
      const vb = b.value;
      if (va === null && vb === null) return compareHot(a, b);
      if (va === null) return 1;
      if (vb === null) return -1;
      return sign * compareValues(va, vb) || compareHot(a, b);
    });
  }
  return keyed.map((k) => k.host);
}

/** Names in the fleet's reading order (web-2 before web-10). */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}
