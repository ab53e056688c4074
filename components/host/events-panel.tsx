"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { formatCount } from "@/lib/client/fleet-format";
import { countByKind, formatEventTime, nearestEventIndex } from "@/lib/client/host-events";
import type { HostEvent } from "@/lib/client/host-schema";
import { EventRow, KindBadge } from "./event-row";

/** Rows rendered at first and per "show more": a 30-day incident can have thousands. */
export const EVENTS_PAGE = 200;

export interface EventsPanelProps {
  /** Newest first; undefined until the first response. */
  events: HostEvent[] | undefined;
  truncated: boolean;
  failure: string | null;
  /** Why the host's kernel log cannot be read right now (no events can have been seen); null when it can. */
  logProblem: string | null;
  zone: "utc" | "local";
  onZone: (zone: "utc" | "local") => void;
  onRetry: () => void;
  /** The moment a timeline click pointed at (`?at=`): its nearest line is marked and scrolled to. */
  atMs?: number | null;
}

const th = "px-3 py-1.5 text-left font-medium whitespace-nowrap";

export function EventsPanel({ events, truncated, failure, logProblem, zone, onZone, onRetry, atMs = null }: EventsPanelProps) {
  const momentIdx = useMemo(() => (events && atMs !== null ? nearestEventIndex(events, atMs) : -1), [events, atMs]);
  const [shown, setShown] = useState(EVENTS_PAGE);
  if (momentIdx >= shown) setShown(Math.ceil((momentIdx + 1) / EVENTS_PAGE) * EVENTS_PAGE);
  const list = useRef<HTMLDivElement>(null);
  const scrolledTo = useRef<number | null>(null);
  useEffect(() => {
    // Once per moment: later polls must not pull the page back while the reader scrolls.
    if (momentIdx < 0 || scrolledTo.current === atMs) return;
    const row = list.current?.querySelector<HTMLElement>('[data-moment="true"]');
    if (!row) return;
    scrolledTo.current = atMs;
    row.scrollIntoView({ block: "center" });
  }, [momentIdx, atMs]);
  const kinds = events ? countByKind(events) : [];
  const visible = events ? events.slice(0, shown) : [];
  const remaining = events ? events.length - visible.length : 0;
  const keys = rowKeys(visible);

  return (
    <section aria-label="Kernel log events" className="rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-3 py-2">
        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <h2 className="text-[13px] font-semibold text-zinc-800 dark:text-zinc-200">
            Kernel log events{" "}
            <span className="num font-normal text-zinc-500 dark:text-zinc-400">
              <span data-testid="events-count">{events ? formatCount(events.length) : "–"}</span>
              {truncated && <span title="The server returned its maximum; narrow the range to see all">+ · truncated</span>}
            </span>
          </h2>
          <ul className="flex flex-wrap items-center gap-2 text-[11px] text-zinc-500 dark:text-zinc-400">
            {kinds.map((k) => (
              <li key={k.kind} className="inline-flex items-center gap-1" title={`${k.events} lines, count total ${k.total}`}>
                <KindBadge kind={k.kind} />
                <span className="num">×{formatCount(k.events)}</span>
              </li>
            ))}
          </ul>
        </div>
        <div role="group" aria-label="Time zone" className="inline-flex text-[11px]">
          {(["utc", "local"] as const).map((z) => (
            <button
              key={z}
              type="button"
              aria-pressed={zone === z}
              data-testid={`zone-${z}`}
              onClick={() => onZone(z)}
              className={`-ml-px h-6 border border-zinc-300 px-2 font-medium first:ml-0 first:rounded-l-md last:rounded-r-md dark:border-zinc-700 ${
                zone === z
                  ? "relative z-10 border-sky-400 bg-sky-50 text-sky-900 dark:border-sky-600 dark:bg-sky-950/60 dark:text-sky-100"
                  : "text-zinc-600 hover:bg-zinc-50 dark:text-zinc-300 dark:hover:bg-zinc-800"
              }`}
            >
              {z === "utc" ? "UTC" : "local"}
            </button>
          ))}
        </div>
      </div>

      {atMs !== null && events !== undefined && (
        <p data-testid="events-moment" className="border-t border-zinc-100 bg-amber-50/60 px-3 py-1 text-[12px] text-zinc-600 dark:border-zinc-800 dark:bg-amber-500/10 dark:text-zinc-300">
          Opened at <span className="num font-medium">{formatEventTime(new Date(atMs).toISOString(), zone)}</span>
          {momentIdx >= 0 ? " · the nearest line is marked" : " · no kernel-log line in this window"}
        </p>
      )}
      {/* Bounded height: a page of 200 lines scrolls here instead of pushing the page to 8,000 px. */}
      <div ref={list} data-testid="events-list" className="max-h-[560px] overflow-auto">
        {events === undefined ? (
          failure ? (
            <div role="alert" className="px-6 py-10 text-center">
              <p className="font-medium text-red-700 dark:text-red-400">Could not load kernel-log events</p>
              <p className="mt-1 text-zinc-600 dark:text-zinc-400">{failure}</p>
              <button type="button" onClick={onRetry} className="mt-2 rounded-md border border-zinc-300 px-3 py-1 text-[13px] font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
                Retry now
              </button>
            </div>
          ) : (
            <p aria-busy="true" className="px-6 py-10 text-center text-zinc-500 dark:text-zinc-400">
              Loading kernel-log events…
            </p>
          )
        ) : events.length === 0 ? (
          <div data-testid="events-empty" className="px-6 py-10 text-center">
            <p className="font-medium text-zinc-800 dark:text-zinc-200">No conntrack events in this range</p>
            {logProblem ? (
              <p data-testid="events-log-problem" className="mx-auto mt-1 max-w-2xl text-amber-700 dark:text-amber-400">
                This host has no kernel log the dashboard can read, so drops would not be listed here ({logProblem}).
              </p>
            ) : (
              <p className="mt-1 text-zinc-500 dark:text-zinc-400">
                The kernel logged no “table full” or related lines between these times.
              </p>
            )}
          </div>
        ) : (
          <table className="w-full min-w-[880px] table-fixed border-collapse text-[13px]">
            <colgroup>
              <col className={zone === "utc" ? "w-44" : "w-56"} />
              <col className="w-32" />
              <col className="w-20" />
              <col className="w-24" />
              <col />
            </colgroup>
            <thead className="sticky top-0 z-10 bg-zinc-100/95 text-xs text-zinc-500 backdrop-blur dark:bg-zinc-800/95 dark:text-zinc-400">
              <tr>
                <th scope="col" className={th}>
                  Time ({zone === "utc" ? "UTC" : "local"})
                </th>
                <th scope="col" className={th}>Kind</th>
                <th scope="col" className={`${th} text-right`}>Count</th>
                <th scope="col" className={th}>Source</th>
                <th scope="col" className={th}>Line</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((e, i) => (
                <EventRow key={keys[i]} event={e} zone={zone} moment={i === momentIdx} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      {remaining > 0 && (
        <div className="flex items-center justify-center gap-3 border-t border-zinc-100 px-3 py-2 text-[13px] dark:border-zinc-800">
          <span className="num text-zinc-500 dark:text-zinc-400">
            showing {formatCount(visible.length)} of {formatCount(events?.length)}
          </span>
          <button
            type="button"
            data-testid="events-more"
            onClick={() => setShown((n) => n + EVENTS_PAGE)}
            className="rounded-md border border-zinc-300 px-3 py-1 font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Show {formatCount(Math.min(EVENTS_PAGE, remaining))} more
          </button>
        </div>
      )}
    </section>
  );
}

/** Keys from content, so rows keep their identity when newer events are prepended by a poll. */
function rowKeys(events: readonly HostEvent[]): string[] {
  const seen = new Map<string, number>();
  return events.map((e) => {
    const base = `${e.ts}|${e.kind}|${e.source}|${e.count}|${e.line}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}#${n}`;
  });
}
