import type { FleetHost, HostStatus, Thresholds } from "./fleet-schema";
import { compareNames, nameRankOf } from "./fleet-sort";

/**
 * The heatmap's logic: one cell per host, coloured by utilization in bands around the fleet's
 * thresholds; states where the number is missing or stale get their own tones, so a failing host
 * never reads as a cool one. Cells keep their place (grouped by first tag, then by name) so the
 * map does not reshuffle as values move.
 */
export const HEAT_TONES = ["u0", "u1", "u2", "warn", "critical", "full", "unknown", "failing", "no-conntrack", "pending"] as const;
export type HeatTone = (typeof HEAT_TONES)[number];

/** Within 1 % of the limit: the kernel is about to drop, or is dropping. */
export const FULL_AT = 0.99;

export function heatToneOf(host: Pick<FleetHost, "status" | "utilization">, t: Thresholds): HeatTone {
  if (host.status === "pending") return "pending";
  if (host.status === "unreachable" || host.status === "hostkey") return "failing";
  if (host.status === "no-conntrack") return "no-conntrack";
  const u = host.utilization;
  if (u === null) return "unknown";
  if (u >= FULL_AT) return "full";
  if (u >= t.critical) return "critical";
  if (u >= t.warn) return "warn";
  if (u < t.warn / 3) return "u0";
  return u < (2 * t.warn) / 3 ? "u1" : "u2";
}

export interface HeatCell {
  name: string;
  tone: HeatTone;
  status: HostStatus;
  dropping: boolean;
}

export interface HeatGroup {
  /** The first tag, or "" for untagged hosts. */
  tag: string;
  cells: HeatCell[];
  critical: number;
  warn: number;
  failing: number;
  dropping: number;
}

/** Hosts grouped by their first tag (untagged last), groups and cells in name order. */
export function groupHeatmap(hosts: readonly FleetHost[], t: Thresholds): HeatGroup[] {
  const byTag = new Map<string, HeatGroup>();
  const ranks = nameRankOf(hosts);
  const sorted = hosts
    .map((h) => ({ h, rank: ranks.get(h.name)! }))
    .sort((a, b) => a.rank - b.rank)
    .map((x) => x.h);
  for (const h of sorted) {
    const tag = h.tags[0] ?? "";
    let g = byTag.get(tag);
    if (!g) byTag.set(tag, (g = { tag, cells: [], critical: 0, warn: 0, failing: 0, dropping: 0 }));
    g.cells.push({ name: h.name, tone: heatToneOf(h, t), status: h.status, dropping: h.droppingNow });
    if (h.status === "critical") g.critical++;
    else if (h.status === "warn") g.warn++;
    else if (h.status === "unreachable" || h.status === "hostkey") g.failing++;
    if (h.droppingNow) g.dropping++;
  }
  return [...byTag.values()].sort((a, b) => (a.tag === "" ? 1 : b.tag === "" ? -1 : compareNames(a.tag, b.tag)));
}

/** The legend, in the order of the scale. */
export function heatLegend(t: Thresholds): { tone: HeatTone; label: string }[] {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return [
    { tone: "u0", label: `< ${pct(t.warn / 3)}` },
    { tone: "u1", label: `< ${pct((2 * t.warn) / 3)}` },
    { tone: "u2", label: `< ${pct(t.warn)}` },
    { tone: "warn", label: `≥ ${pct(t.warn)} warn` },
    { tone: "critical", label: `≥ ${pct(t.critical)} critical` },
    { tone: "full", label: `≥ ${pct(FULL_AT)} full` },
    { tone: "failing", label: "unreachable / host key" },
    { tone: "no-conntrack", label: "no conntrack" },
    { tone: "pending", label: "not polled yet" },
  ];
}

export interface CellPos {
  group: number;
  index: number;
}

export type NavKey = "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Home" | "End";

/**
 * Arrow-key movement over the grouped grid (`cols` cells per row, the same in every group since
 * they share a width): left/right run through the reading order across groups, up/down keep the
 * column and step into the neighbouring group at its edge, Home/End go to the ends of the group.
 * Null when the move would leave the map.
 */
export function moveCell(sizes: readonly number[], cols: number, pos: CellPos, key: NavKey): CellPos | null {
  const size = sizes[pos.group] ?? 0;
  const c = Math.max(1, cols);
  const prevGroup = () => {
    for (let g = pos.group - 1; g >= 0; g--) if ((sizes[g] ?? 0) > 0) return g;
    return null;
  };
  const nextGroup = () => {
    for (let g = pos.group + 1; g < sizes.length; g++) if ((sizes[g] ?? 0) > 0) return g;
    return null;
  };
  switch (key) {
    case "ArrowRight": {
      if (pos.index + 1 < size) return { group: pos.group, index: pos.index + 1 };
      const g = nextGroup();
      return g === null ? null : { group: g, index: 0 };
    }
    case "ArrowLeft": {
      if (pos.index > 0) return { group: pos.group, index: pos.index - 1 };
      const g = prevGroup();
      return g === null ? null : { group: g, index: sizes[g]! - 1 };
    }
    case "ArrowDown": {
      if (pos.index + c < size) return { group: pos.group, index: pos.index + c };
      // Not the last row yet (a short last row below): go to the last cell.
      if (Math.floor(pos.index / c) < Math.floor((size - 1) / c)) return { group: pos.group, index: size - 1 };
      const g = nextGroup();
      return g === null ? null : { group: g, index: Math.min(pos.index % c, sizes[g]! - 1) };
    }
    case "ArrowUp": {
      if (pos.index - c >= 0) return { group: pos.group, index: pos.index - c };
      const g = prevGroup();
      if (g === null) return null;
      const n = sizes[g]!;
      return { group: g, index: Math.min(Math.floor((n - 1) / c) * c + (pos.index % c), n - 1) };
    }
    case "Home":
      return { group: pos.group, index: 0 };
    case "End":
      return { group: pos.group, index: size - 1 };
  }
}
