"use client";

import { AUDIT_PERIODS, auditPeriodLabel, type AuditDays } from "@/lib/client/audit-filters";
import { AUDIT_OUTCOMES, type AuditOutcome } from "@/lib/client/audit-schema";
import { ClearFiltersButton } from "@/components/shell/clear-filters-button";

const control =
  "h-8 rounded-md border border-zinc-300 bg-white px-2 text-[13px] text-zinc-900 shadow-xs dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

export interface AuditToolbarProps {
  host: string;
  userText: string;
  outcome: AuditOutcome | "";
  days: AuditDays;
  /** Fleet host names for the host select; null until loaded. */
  hosts: readonly string[] | null;
  users: readonly string[];
  filtered: boolean;
  /** Shown entries; null until the first response. */
  count: number | null;
  onHost: (host: string) => void;
  onUserText: (user: string) => void;
  onOutcome: (outcome: AuditOutcome | "") => void;
  onDays: (days: AuditDays) => void;
  onClear: () => void;
}

/** Host, user, outcome and period; all four live in the URL. The server matches host and user exactly. */
export function AuditToolbar(p: AuditToolbarProps) {
  const hostOptions = p.hosts ?? [];
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label>
        <span className="sr-only">Host</span>
        <select data-testid="audit-filter-host" value={p.host} onChange={(e) => p.onHost(e.target.value)} className={`${control} max-w-64`}>
          <option value="">All hosts</option>
          {hostOptions.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
          {p.host && !hostOptions.includes(p.host) && <option value={p.host}>{p.host}{p.hosts ? " (not in the fleet)" : ""}</option>}
        </select>
      </label>
      <label>
        <span className="sr-only">User (exact name)</span>
        <input
          type="search"
          data-testid="audit-filter-user"
          list="audit-users"
          value={p.userText}
          onChange={(e) => p.onUserText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") p.onUserText("");
          }}
          placeholder="User (exact name)"
          autoComplete="off"
          spellCheck={false}
          className={`${control} w-48 placeholder:text-zinc-400 dark:placeholder:text-zinc-500`}
        />
        <datalist id="audit-users">
          {p.users.map((u) => (
            <option key={u} value={u} />
          ))}
        </datalist>
      </label>
      <label>
        <span className="sr-only">Outcome</span>
        <select
          data-testid="audit-filter-outcome"
          value={p.outcome}
          onChange={(e) => p.onOutcome(e.target.value as AuditOutcome | "")}
          className={control}
        >
          <option value="">All outcomes</option>
          {AUDIT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="sr-only">Period</span>
        <select data-testid="audit-filter-days" value={p.days} onChange={(e) => p.onDays(Number(e.target.value) as AuditDays)} className={control}>
          {AUDIT_PERIODS.map((d) => (
            <option key={d} value={d}>
              {auditPeriodLabel(d)}
            </option>
          ))}
        </select>
      </label>
      {p.filtered && <ClearFiltersButton onClear={p.onClear} />}
      <span aria-live="polite" className="num ml-auto text-xs text-zinc-500 dark:text-zinc-400">
        {p.count === null ? "" : `${p.count} ${p.count === 1 ? "entry" : "entries"} · ${auditPeriodLabel(p.days)}`}
      </span>
    </div>
  );
}
