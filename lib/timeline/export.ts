import type { Timeline } from "@/lib/client/timeline-schema";

/**
 * CSV exports: one file per record type, so every row of a sheet has the same columns and a
 * spreadsheet can sum or chart a column without filtering first.
 *
 * - `series`: `host, ts, drops, utilization_pct` — per step; `drops` the counter increments in it,
 *   `utilization_pct` the highest count / max in it, in percent with one decimal.
 * - `events`: `host, ts, kind, count` — kernel-log groups (`table_full` / `suppressed` / `expect_full`).
 * - `changes`: `ts, host, user, mode, old_max, new_max, old_hashsize, new_hashsize, outcome` — the audit.
 *
 * Times are ISO 8601 UTC; numbers are integers or fixed decimals (never a binary float's digits);
 * empty cells are unknown. Summing `drops` per host gives the API's lane `drops`.
 */
export const CSV_KINDS = ["series", "events", "changes"] as const;
export type CsvKind = (typeof CSV_KINDS)[number];

export const CSV_COLUMNS: Record<CsvKind, readonly string[]> = {
  series: ["host", "ts", "drops", "utilization_pct"],
  events: ["host", "ts", "kind", "count"],
  changes: ["ts", "host", "user", "mode", "old_max", "new_max", "old_hashsize", "new_hashsize", "outcome"],
};

type Cell = string | number | null;

/** RFC 4180: quote a field holding a comma, quote or line break; double embedded quotes. */
function csvField(v: Cell): string {
  if (v === null) return "";
  const s = typeof v === "number" ? integer(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Counters are integers; anything else that slipped in is rounded rather than printed as 0.30000000000000004. */
const integer = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n)));

/** 0.98499 → "98.5"; 1 → "100.0". */
export const percentCell = (u: number | null): string | null => (u === null ? null : (Math.round(u * 1000) / 10).toFixed(1));

export function timelineCsv(t: Timeline, kind: CsvKind): string {
  const rows: Cell[][] = [[...CSV_COLUMNS[kind]]];
  if (kind === "series") for (const l of t.lanes) for (const p of l.series) rows.push([l.host, p.ts, p.drops, percentCell(p.utilization)]);
  if (kind === "events") for (const l of t.lanes) for (const e of l.events) rows.push([l.host, e.ts, e.kind, e.count]);
  if (kind === "changes")
    for (const c of t.summary.changes) rows.push([c.ts, c.host, c.user, c.mode, c.oldMax, c.newMax, c.oldHashsize, c.newHashsize, c.outcome]);
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** JSON export: the API document as it was received. */
export function timelineJson(t: Timeline): string {
  return `${JSON.stringify(t, null, 2)}\n`;
}

/** `conntrack-timeline_2026-11-25T120000Z_2026-11-25T180000Z_series.csv`: sortable, and safe on every filesystem. */
export function exportFileName(t: Timeline, ext: "json" | CsvKind): string {
  const stamp = (iso: string) => iso.slice(0, 19).replace(/:/g, "") + "Z";
  const base = `conntrack-timeline_${stamp(t.from)}_${stamp(t.to)}`;
  return ext === "json" ? `${base}.json` : `${base}_${ext}.csv`;
}
