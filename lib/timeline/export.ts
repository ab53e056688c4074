import type { Timeline } from "@/lib/client/timeline-schema";

/**
 * CSV export: one table, one row per record, `record` saying which columns apply.
 *
 * | column | series | event | change |
 * | --- | --- | --- | --- |
 * | `record` | `series` | `event` | `change` |
 * | `host`, `ts` (ISO 8601 UTC) | ✓ step start | ✓ first event of the group | ✓ |
 * | `drops` | counter increments in the step | | |
 * | `utilization` | highest count / max in the step, 0..1 | | |
 * | `kind`, `count` | | `table_full` / `suppressed` / `expect_full`, lines it stands for | |
 * | `user`, `mode`, `old_max`, `new_max`, `outcome` | | | the audit entry |
 *
 * Empty cells are unknown or not applicable. Summing `drops` per host gives the API's lane `drops`.
 */
export const CSV_COLUMNS = ["record", "host", "ts", "drops", "utilization", "kind", "count", "user", "mode", "old_max", "new_max", "outcome"] as const;

type Cell = string | number | null;

/** RFC 4180: quote a field holding a comma, quote or line break; double embedded quotes. */
function csvField(v: Cell): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function timelineCsv(t: Timeline): string {
  const rows: Cell[][] = [[...CSV_COLUMNS]];
  const blank = (n: number): null[] => Array<null>(n).fill(null);
  for (const l of t.lanes) {
    for (const p of l.series) rows.push(["series", l.host, p.ts, p.drops, p.utilization, ...blank(7)]);
    for (const e of l.events) rows.push(["event", l.host, e.ts, null, null, e.kind, e.count, ...blank(5)]);
  }
  for (const c of t.summary.changes) rows.push(["change", c.host, c.ts, ...blank(4), c.user, c.mode, c.oldMax, c.newMax, c.outcome]);
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** JSON export: the API document as it was received. */
export function timelineJson(t: Timeline): string {
  return `${JSON.stringify(t, null, 2)}\n`;
}

/** `conntrack-timeline_2026-11-25T1200Z_2026-11-25T1800Z.csv`: sortable, and safe on every filesystem. */
export function exportFileName(t: Timeline, ext: "csv" | "json"): string {
  const stamp = (iso: string) => iso.slice(0, 16).replace(/:/g, "") + "Z";
  return `conntrack-timeline_${stamp(t.from)}_${stamp(t.to)}.${ext}`;
}
