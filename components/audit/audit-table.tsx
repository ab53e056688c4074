import type { AuditEntry } from "@/lib/client/audit-schema";
import { AuditRow } from "./audit-row";

/** Below md the table is a list of cards (see AuditRow): no header row, no minimum width. */
export const auditTableClass = "w-full min-w-[1040px] table-fixed border-collapse text-[13px] max-md:block max-md:min-w-0";
export const auditTheadClass =
  "sticky top-0 z-10 bg-zinc-100/95 text-xs text-zinc-500 backdrop-blur max-md:hidden dark:bg-zinc-900/95 dark:text-zinc-400";

export const AUDIT_HEADERS = ["Time (UTC)", "User", "Host", "Mode", "Change (max)", "Outcome", "Error / detail"] as const;

/** Shared by the table and its skeleton so both have the same geometry. */
export function AuditColumns() {
  return (
    <colgroup className="max-md:hidden">
      <col className="w-48" />
      <col className="w-40" />
      <col className="w-[14%]" />
      <col className="w-24" />
      <col className="w-48" />
      <col className="w-24" />
      <col />
    </colgroup>
  );
}

export function AuditHead() {
  return (
    <thead className={auditTheadClass}>
      <tr>
        {AUDIT_HEADERS.map((h) => (
          <th key={h} scope="col" className="px-3 py-2 text-left font-medium whitespace-nowrap">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** Newest first, as the server sends them. */
export function AuditTable({ entries, fleetHosts }: { entries: readonly AuditEntry[]; fleetHosts: ReadonlySet<string> }) {
  return (
    <table className={auditTableClass} aria-label="Limit changes">
      <AuditColumns />
      <AuditHead />
      <tbody className="max-md:block">
        {entries.map((e) => (
          <AuditRow key={e.id} entry={e} inFleet={fleetHosts.has(e.host)} />
        ))}
      </tbody>
    </table>
  );
}
