import { formatCount, parseTime } from "./fleet-format";
import type { AuditEntry, AuditOutcome } from "./audit-schema";

/** `262,144 → 524,288`; an unknown side reads `?`; nothing known at all is null. */
export function formatChange(from: number | null, to: number | null): string | null {
  if (from === null && to === null) return null;
  const a = from === null ? "?" : formatCount(from);
  const b = to === null ? "?" : formatCount(to);
  return `${a} → ${b}`;
}

/** The max change, and the hashsize change only when one was asked for. */
export function describeAuditChange(e: AuditEntry): { max: string | null; hashsize: string | null } {
  const hashChanged = e.newHashsize !== null && e.newHashsize !== e.oldHashsize;
  return { max: formatChange(e.oldMax, e.newMax), hashsize: hashChanged ? formatChange(e.oldHashsize, e.newHashsize) : null };
}

/** One line for the chart's hover read-out: "olivia raised max 262,144 → 524,288 (permanent)". */
export function annotationLabel(e: AuditEntry): string {
  const change = formatChange(e.oldMax, e.newMax);
  const what = change ? `max ${change}` : "max";
  const mode = e.mode ? ` (${e.mode})` : "";
  if (e.outcome === "success") return `${e.user} raised ${what}${mode}`;
  return `${e.user} tried to raise ${what}${mode}: ${e.outcome}`;
}

/** Annotation marks for the utilization chart: x in Unix seconds, ascending. */
export interface AuditMarks {
  x: number[];
  outcome: AuditOutcome[];
  label: string[];
}

export const NO_AUDIT_MARKS: AuditMarks = { x: [], outcome: [], label: [] };

export function auditMarks(entries: readonly AuditEntry[]): AuditMarks {
  const rows = entries
    .map((e) => ({ t: parseTime(e.ts), e }))
    .filter((r): r is { t: number; e: AuditEntry } => r.t !== null)
    .sort((a, b) => a.t - b.t || a.e.id - b.e.id);
  return {
    x: rows.map((r) => r.t / 1000),
    outcome: rows.map((r) => r.e.outcome),
    label: rows.map((r) => annotationLabel(r.e)),
  };
}

/** Users seen in a result, for the user filter's suggestions. */
export function usersIn(entries: readonly AuditEntry[]): string[] {
  return [...new Set(entries.map((e) => e.user))].sort((a, b) => a.localeCompare(b));
}
