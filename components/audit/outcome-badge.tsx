import type { AuditOutcome } from "@/lib/client/audit-schema";

const STYLE: Record<AuditOutcome, string> = {
  success: "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-500/15 dark:text-emerald-300 dark:ring-emerald-500/40",
  failed: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-500/15 dark:text-red-300 dark:ring-red-500/40",
  refused: "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-500/15 dark:text-amber-300 dark:ring-amber-500/40",
};

const HINT: Record<AuditOutcome, string> = {
  success: "The change was made and read back",
  failed: "Something was sent to the host and a step failed; the detail says what state it was left in",
  refused: "Refused before anything was sent to the host",
};

/** The outcome word exactly as the API spells it (tests and filters read it). */
export function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  return (
    <span
      title={HINT[outcome]}
      className={`inline-block rounded px-1.5 py-px text-[11px] leading-4 font-medium ring-1 ring-inset ${STYLE[outcome]}`}
    >
      {outcome}
    </span>
  );
}
