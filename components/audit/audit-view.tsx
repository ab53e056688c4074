"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { RefreshIndicator } from "@/components/fleet/refresh-indicator";
import { AUDIT_REFETCH_MS, auditQuery } from "@/lib/client/audit-api";
import { auditPeriodLabel, isAuditFiltered } from "@/lib/client/audit-filters";
import { usersIn } from "@/lib/client/audit-format";
import { useAuditFilters } from "@/lib/client/audit-view-state";
import { describeError, hostsQuery } from "@/lib/client/fleet-api";
import { AuditLoadError, AuditMessage, AuditPanel, AuditTableSkeleton } from "./audit-states";
import { AuditTable } from "./audit-table";
import { AuditToolbar } from "./audit-toolbar";

/** The server returns at most this many entries per request. */
const SERVER_LIMIT = 1000;

/** The one component of the audit page that talks to the API and the URL. */
export function AuditView() {
  const { filters, userText, setUserText, update, clear } = useAuditFilters();
  const query = useQuery({ ...auditQuery(filters), refetchInterval: AUDIT_REFETCH_MS, placeholderData: keepPreviousData });
  // The fleet list only feeds the host select and the host links: no polling.
  const hostsQ = useQuery({ ...hostsQuery(), staleTime: 60_000 });

  const entries = query.data?.entries;
  const hostNames = useMemo(() => (hostsQ.data ? hostsQ.data.hosts.map((h) => h.name).sort((a, b) => a.localeCompare(b)) : null), [hostsQ.data]);
  const fleetHosts = useMemo(() => new Set(hostNames ?? []), [hostNames]);
  const users = useMemo(() => (entries ? usersIn(entries) : []), [entries]);
  const failure = query.isError ? describeError(query.error) : null;
  const filtered = isAuditFiltered({ ...filters, user: userText });

  return (
    <div className="space-y-3">
      <div className="flex min-h-7 flex-wrap items-center justify-between gap-x-4">
        <h1 className="text-base font-semibold">
          Audit log{" "}
          <span className="text-[13px] font-normal text-zinc-500 dark:text-zinc-400">
            every limit change attempted from this dashboard, newest first
          </span>
        </h1>
        <RefreshIndicator updatedAt={query.dataUpdatedAt} failure={failure} refetchMs={AUDIT_REFETCH_MS} />
      </div>

      <AuditToolbar
        host={filters.host}
        userText={userText}
        outcome={filters.outcome}
        days={filters.days}
        hosts={hostNames}
        users={users}
        filtered={filtered}
        count={entries ? entries.length : null}
        onHost={(host) => update({ host })}
        onUserText={setUserText}
        onOutcome={(outcome) => update({ outcome })}
        onDays={(days) => update({ days })}
        onClear={clear}
      />

      <AuditPanel>
        {!entries ? (
          failure ? (
            <AuditLoadError reason={failure} onRetry={() => void query.refetch()} />
          ) : (
            <AuditTableSkeleton />
          )
        ) : entries.length === 0 ? (
          filtered ? (
            <AuditMessage testId="audit-empty-filter" title="No entries match the filters">
              <button type="button" onClick={clear} className="font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">
                Clear filters
              </button>
            </AuditMessage>
          ) : (
            <AuditMessage testId="audit-empty" title={`No limit changes in the ${auditPeriodLabel(filters.days)}`}>
              Raises started from a host page or the fleet overview are recorded here, whatever their outcome.
            </AuditMessage>
          )
        ) : (
          <div aria-busy={query.isPlaceholderData || undefined} className={query.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            <AuditTable entries={entries} fleetHosts={fleetHosts} />
          </div>
        )}
      </AuditPanel>
      {entries && entries.length >= SERVER_LIMIT && (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Showing the newest {SERVER_LIMIT.toLocaleString("en-US")} entries; filter by host, user or a shorter period to see the rest.
        </p>
      )}
    </div>
  );
}
