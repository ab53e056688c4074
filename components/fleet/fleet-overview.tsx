"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef } from "react";
import { describeError, hostsQuery, refetchMsFor } from "@/lib/client/fleet-api";
import { collectTags, filterHosts } from "@/lib/client/fleet-filter";
import { parseTime } from "@/lib/client/fleet-format";
import type { FleetPreview } from "@/lib/client/fleet-preview";
import type { ScheduleContext } from "@/lib/client/fleet-schedule";
import { sortHosts } from "@/lib/client/fleet-sort";
import { summarizeFleet } from "@/lib/client/fleet-summary";
import { isFiltered, toggleSort, type Display, type SortKey, type StatusFilter } from "@/lib/client/fleet-view";
import { useFleetView } from "@/lib/client/use-fleet-view";
import { RenderedAtContext } from "@/lib/client/use-now";
import { ColdStartProgress } from "./cold-start-progress";
import { ConfigErrorBanner } from "./config-error-banner";
import { FleetHeatmap } from "./fleet-heatmap";
import { FleetToolbar } from "./fleet-toolbar";
import { HostTable } from "./host-table";
import { RefreshIndicator, StaleBanner } from "./refresh-indicator";
import { StatTiles } from "./stat-tiles";
import { EmptyFleet, LoadError, NoMatches, TablePanel, TableSkeleton } from "./table-states";

/** Servers that do not say their SSH timeout use the fleet file's default. */
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The one component that talks to the API and the URL; everything below it is presentational.
 * `preview`: the first rows the server rendered with the page, shown until the first fetch.
 */
export function FleetOverview({ preview = null }: { preview?: FleetPreview | null }) {
  const { view, setText, update, clearFilters, flushText } = useFleetView();
  const query = useQuery({
    ...hostsQuery(),
    refetchInterval: (q) => refetchMsFor(q.state.data),
    placeholderData: keepPreviousData,
  });
  const refetchMs = refetchMsFor(query.data);

  // Refreshes and keystrokes render at a lower priority than typing, in slices the browser can
  // interrupt; filtering and sorting run once per change of their inputs, never per render.
  const snapshot = useDeferredValue(query.data);
  const deferredText = useDeferredValue(view.q);
  const summary = useMemo(() => (snapshot ? summarizeFleet(snapshot.hosts) : (preview?.summary ?? null)), [snapshot, preview]);
  const tags = useMemo(() => (snapshot ? collectTags(snapshot.hosts) : (preview?.tags ?? [])), [snapshot, preview]);
  // Until the first fetch, the server's rows (already filtered and sorted for this URL).
  const early = !snapshot && preview && !query.isError ? preview : null;
  const shownSnapshot = snapshot ?? early?.snapshot;
  const filteredHosts = useMemo(
    () => (snapshot ? filterHosts(snapshot.hosts, { q: deferredText, tag: view.tag, status: view.status }) : []),
    [snapshot, deferredText, view.tag, view.status],
  );
  const table = view.display === "table";
  const rows = useMemo(() => (table ? sortHosts(filteredHosts, view.sort, view.dir) : filteredHosts), [table, filteredHosts, view.sort, view.dir]);

  // Host times are on the server's clock: generatedAt was stamped about when we received it.
  // Rounded to whole seconds so rows stay memoised across polls.
  const generatedAt = parseTime(snapshot?.generatedAt);
  const clockOffsetMs = generatedAt !== null && snapshot ? Math.round((generatedAt - snapshot.receivedAt) / 1000) * 1000 : 0;
  const pollIntervalMs = (shownSnapshot?.pollIntervalSeconds ?? refetchMs / 1000) * 1000;
  const timeoutMs = shownSnapshot?.timeoutSeconds ? shownSnapshot.timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MS;
  const schedule: ScheduleContext = useMemo(() => ({ pollIntervalMs, timeoutMs, refetchMs }), [pollIntervalMs, timeoutMs, refetchMs]);

  const failure = query.isError ? describeError(query.error) : null;
  const refresh = { updatedAt: query.dataUpdatedAt, failure, refetchMs };

  // Stable handlers: `update` and `view` change with every keystroke, and the rows must not.
  const latest = useRef({ view, update, flushText, data: query.data });
  useLayoutEffect(() => {
    latest.current = { view, update, flushText, data: query.data };
  });
  const router = useRouter();
  // Enter with exactly one host left (as typed, not as the deferred list shows it) opens that host;
  // with more, or none, it does nothing: the list on screen is the answer.
  const onEnter = useCallback(() => {
    const { view: v, data, flushText: flush } = latest.current;
    if (!data || v.q.trim() === "") return;
    const matches = filterHosts(data.hosts, { q: v.q, tag: v.tag, status: v.status });
    if (matches.length !== 1) return;
    flush();
    router.push(`/hosts/${encodeURIComponent(matches[0]!.name)}`);
  }, [router]);
  const onSort = useCallback((key: SortKey) => latest.current.update(toggleSort(latest.current.view, key)), []);
  const onTag = useCallback((tag: string) => latest.current.update({ tag: latest.current.view.tag === tag ? "" : tag }), []);
  const onStatus = useCallback((status: StatusFilter | "") => latest.current.update({ status }), []);
  const onDisplay = useCallback((display: Display) => latest.current.update({ display }), []);

  return (
    <RenderedAtContext value={parseTime(preview?.snapshot.generatedAt) ?? 0}>
    <div className="space-y-3">
      <div className="flex min-h-7 flex-wrap items-center justify-between gap-x-4">
        <h1 className="text-base font-semibold">Fleet overview</h1>
        <div className="flex items-center gap-4">
          {shownSnapshot && (
            <span className="num hidden text-xs text-zinc-500 md:inline dark:text-zinc-400">
              warn ≥ {Math.round(shownSnapshot.thresholds.warn * 100)}% · critical ≥{" "}
              {Math.round(shownSnapshot.thresholds.critical * 100)}%
            </span>
          )}
          <RefreshIndicator {...refresh} />
        </div>
      </div>

      <StatTiles summary={summary} active={view.status} onSelect={onStatus} />

      {shownSnapshot && <ConfigErrorBanner config={shownSnapshot.config} />}

      {shownSnapshot && <ColdStartProgress progress={shownSnapshot.progress} />}

      <FleetToolbar
        text={view.q}
        tag={view.tag}
        status={view.status}
        display={view.display}
        tags={tags}
        summary={summary}
        shown={snapshot ? filteredHosts.length : (early?.shown ?? 0)}
        total={snapshot ? snapshot.hosts.length : (early?.total ?? null)}
        filtered={isFiltered(view)}
        countFiltered={isFiltered({ ...view, q: deferredText })}
        onText={setText}
        onEnter={onEnter}
        onTag={(tag) => update({ tag })}
        onStatus={onStatus}
        onDisplay={onDisplay}
        onClear={clearFilters}
      />

      {snapshot && <StaleBanner {...refresh} />}

      <TablePanel>
        {early && table && early.total > 0 && early.shown > 0 ? (
          <HostTable
            hosts={early.snapshot.hosts}
            thresholds={early.snapshot.thresholds}
            sort={view.sort}
            dir={view.dir}
            grouped={view.sort === "status"}
            clockOffsetMs={0}
            schedule={schedule}
            activeTag={view.tag}
            appliedQuery={view.q}
            onSort={onSort}
            onTagClick={onTag}
          />
        ) : !snapshot ? (
          failure ? (
            <LoadError reason={failure} onRetry={() => void query.refetch()} />
          ) : (
            <TableSkeleton />
          )
        ) : snapshot.hosts.length === 0 ? (
          <EmptyFleet />
        ) : rows.length === 0 ? (
          <NoMatches onClear={clearFilters} />
        ) : table ? (
          <HostTable
            hosts={rows}
            thresholds={snapshot.thresholds}
            sort={view.sort}
            dir={view.dir}
            grouped={view.sort === "status"}
            clockOffsetMs={clockOffsetMs}
            schedule={schedule}
            activeTag={view.tag}
            appliedQuery={deferredText}
            onSort={onSort}
            onTagClick={onTag}
          />
        ) : (
          <FleetHeatmap hosts={rows} thresholds={snapshot.thresholds} clockOffsetMs={clockOffsetMs} appliedQuery={deferredText} />
        )}
      </TablePanel>
    </div>
    </RenderedAtContext>
  );
}
