"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useMemo } from "react";
import { describeError, hostsQuery, refetchMsFor } from "@/lib/client/fleet-api";
import { collectTags, filterHosts } from "@/lib/client/fleet-filter";
import { parseTime } from "@/lib/client/fleet-format";
import { sortHosts } from "@/lib/client/fleet-sort";
import { summarizeFleet } from "@/lib/client/fleet-summary";
import { isFiltered, toggleSort, type SortKey, type StatusFilter } from "@/lib/client/fleet-view";
import { useFleetView } from "@/lib/client/use-fleet-view";
import { FleetToolbar } from "./fleet-toolbar";
import { HostTable } from "./host-table";
import { RefreshIndicator, StaleBanner } from "./refresh-indicator";
import { StatTiles } from "./stat-tiles";
import { EmptyFleet, LoadError, NoMatches, TablePanel, TableSkeleton } from "./table-states";

/** A host's poll is overdue once it is this many poll intervals old. */
const OVERDUE_INTERVALS = 3;

/** The one component that talks to the API and the URL; everything below it is presentational. */
export function FleetOverview() {
  const { view, setText, update, clearFilters } = useFleetView();
  const query = useQuery({
    ...hostsQuery(),
    refetchInterval: (q) => refetchMsFor(q.state.data),
    placeholderData: keepPreviousData,
  });
  const snapshot = query.data;
  const refetchMs = refetchMsFor(snapshot);

  const deferredText = useDeferredValue(view.q);
  const summary = useMemo(() => (snapshot ? summarizeFleet(snapshot.hosts) : null), [snapshot]);
  const tags = useMemo(() => (snapshot ? collectTags(snapshot.hosts) : []), [snapshot]);
  const rows = useMemo(() => {
    if (!snapshot) return [];
    const filtered = filterHosts(snapshot.hosts, { q: deferredText, tag: view.tag, status: view.status });
    return sortHosts(filtered, view.sort, view.dir);
  }, [snapshot, deferredText, view.tag, view.status, view.sort, view.dir]);

  // Host ages are measured on the server's clock: generatedAt ≈ when we received the data.
  // Rounded to whole seconds so rows stay memoised across polls.
  const generatedAt = parseTime(snapshot?.generatedAt);
  const clockOffsetMs =
    generatedAt !== null && query.dataUpdatedAt ? Math.round((generatedAt - query.dataUpdatedAt) / 1000) * 1000 : 0;
  const staleAfterMs = (snapshot?.pollIntervalSeconds ?? refetchMs / 1000) * 1000 * OVERDUE_INTERVALS;

  const failure = query.isError ? describeError(query.error) : null;
  const refresh = { updatedAt: query.dataUpdatedAt, failure, refetchMs };
  const filtered = isFiltered(view);

  const onSort = useCallback((key: SortKey) => update(toggleSort(view, key)), [update, view]);
  const onTag = useCallback((tag: string) => update({ tag: view.tag === tag ? "" : tag }), [update, view.tag]);
  const onStatus = useCallback((status: StatusFilter | "") => update({ status }), [update]);

  return (
    <div className="space-y-3">
      <div className="flex h-7 flex-wrap items-center justify-between gap-x-4">
        <h1 className="text-base font-semibold">Fleet overview</h1>
        <div className="flex items-center gap-4">
          {snapshot && (
            <span className="num hidden text-xs text-zinc-500 md:inline dark:text-zinc-400">
              warn ≥ {Math.round(snapshot.thresholds.warn * 100)}% · critical ≥{" "}
              {Math.round(snapshot.thresholds.critical * 100)}%
            </span>
          )}
          <RefreshIndicator {...refresh} />
        </div>
      </div>

      <StatTiles summary={summary} active={view.status} onSelect={onStatus} />

      <FleetToolbar
        text={view.q}
        tag={view.tag}
        status={view.status}
        tags={tags}
        summary={summary}
        shown={rows.length}
        total={snapshot ? snapshot.hosts.length : null}
        filtered={filtered}
        onText={setText}
        onTag={(tag) => update({ tag })}
        onStatus={onStatus}
        onClear={clearFilters}
      />

      {snapshot && <StaleBanner {...refresh} />}

      <TablePanel>
        {!snapshot ? (
          failure ? (
            <LoadError reason={failure} onRetry={() => void query.refetch()} />
          ) : (
            <TableSkeleton />
          )
        ) : snapshot.hosts.length === 0 ? (
          <EmptyFleet />
        ) : rows.length === 0 ? (
          <NoMatches onClear={clearFilters} />
        ) : (
          <HostTable
            hosts={rows}
            thresholds={snapshot.thresholds}
            sort={view.sort}
            dir={view.dir}
            grouped={view.sort === "status"}
            clockOffsetMs={clockOffsetMs}
            staleAfterMs={staleAfterMs}
            activeTag={view.tag}
            onSort={onSort}
            onTagClick={onTag}
          />
        )}
      </TablePanel>
    </div>
  );
}
