import type { AuditMarks } from "./audit-format";
import { formatChange } from "./audit-format";
import type { AuditOutcome } from "./audit-schema";
import { parseTime } from "./fleet-format";
import { eventTone, type EventMarks } from "./host-events";
import { isGap } from "./series-gaps";
import type { TimelineChange, TimelineLane } from "./timeline-schema";

/** One lane's columns for uPlot: x in Unix seconds, drops per second, utilization 0..1. */
export interface LaneColumns {
  x: number[];
  dropRate: (number | null)[];
  drops: (number | null)[];
  utilization: (number | null)[];
}

/** Where steps are missing (see series-gaps.ts), a null point makes the lane show a gap. */
export function laneColumns(lane: TimelineLane, stepSeconds: number): LaneColumns {
  const out: LaneColumns = { x: [], dropRate: [], drops: [], utilization: [] };
  let prev: number | null = null;
  for (const p of lane.series) {
    const t = parseTime(p.ts);
    if (t === null) continue;
    const x = t / 1000;
    if (prev !== null && isGap(x - prev, stepSeconds, false)) {
      out.x.push(prev + stepSeconds);
      out.drops.push(null);
      out.dropRate.push(null);
      out.utilization.push(null);
    }
    prev = x;
    out.x.push(x);
    out.drops.push(p.drops);
    out.dropRate.push(p.drops === null ? null : p.drops / stepSeconds);
    out.utilization.push(p.utilization);
  }
  return out;
}

/** Kernel-log event groups as the drops chart's marks (suppressed drawn hollow by `drawEventMarks`). */
export function laneEventMarks(lane: TimelineLane): EventMarks {
  const rows = lane.events
    .map((e) => ({ t: parseTime(e.ts), e }))
    .filter((r): r is { t: number; e: TimelineLane["events"][number] } => r.t !== null)
    .sort((a, b) => a.t - b.t);
  return { x: rows.map((r) => r.t / 1000), tone: rows.map((r) => eventTone(r.e.kind)), count: rows.map((r) => r.e.count), kind: rows.map((r) => r.e.kind) };
}

const OUTCOMES: readonly string[] = ["success", "failed", "refused"] satisfies AuditOutcome[];

export function changeLabel(c: TimelineChange): string {
  const change = formatChange(c.oldMax, c.newMax);
  const what = change ? `max ${change}` : "max";
  const mode = c.mode ? ` (${c.mode})` : "";
  return c.outcome === "success" ? `${c.user} raised ${what}${mode}` : `${c.user} tried to raise ${what}${mode}: ${c.outcome}`;
}

/** Limit changes as the audit annotations the host page draws. */
export function laneAuditMarks(changes: readonly TimelineChange[]): AuditMarks {
  const rows = changes
    .map((c) => ({ t: parseTime(c.ts), c }))
    .filter((r): r is { t: number; c: TimelineChange } => r.t !== null)
    .sort((a, b) => a.t - b.t);
  return {
    x: rows.map((r) => r.t / 1000),
    outcome: rows.map((r) => (OUTCOMES.includes(r.c.outcome) ? (r.c.outcome as AuditOutcome) : "refused")),
    label: rows.map((r) => changeLabel(r.c)),
  };
}
