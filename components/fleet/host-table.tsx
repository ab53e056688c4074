"use client";

import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { FleetHost, Thresholds } from "@/lib/client/fleet-schema";
import { tableItems } from "@/lib/client/fleet-rows";
import type { ScheduleContext } from "@/lib/client/fleet-schedule";
import type { SortKey, SortDir } from "@/lib/client/fleet-view";
import { HostRow } from "./host-row";
import { SortHeader } from "./sort-header";
import { GROUP_ACCENT, GROUP_LABEL } from "./status-style";
import { blockRowClass, COLUMN_COUNT, TableColumns, tableClass, tbodyClass, theadClass } from "./table-layout";

export interface HostTableProps {
  hosts: readonly FleetHost[];
  thresholds: Thresholds;
  sort: SortKey;
  dir: SortDir;
  /** Split rows into labelled status groups (the hottest-first view). */
  grouped: boolean;
  clockOffsetMs: number;
  schedule: ScheduleContext;
  activeTag: string;
  /** The free-text filter these rows reflect (`data-applied-q`: tests and the page benchmark wait on it). */
  appliedQuery: string;
  onSort: (key: SortKey) => void;
  onTagClick: (tag: string) => void;
}

const ROW_PX = 45;
/** A host as a card at phone width (see HostRow): five lines instead of one. */
const CARD_PX = 150;
const GROUP_PX = 30;

const NARROW = "(width < 48rem)";
function subscribeNarrow(onChange: () => void) {
  const q = window.matchMedia(NARROW);
  q.addEventListener("change", onChange);
  return () => q.removeEventListener("change", onChange);
}
/** Below md the rows are cards; the server renders for a desktop and hydrates to the same, then switches. */
function useNarrow(): boolean {
  return useSyncExternalStore(subscribeNarrow, () => window.matchMedia(NARROW).matches, () => false);
}

/**
 * Only the rows near the viewport are in the DOM (the page scrolls as a whole; spacer rows above
 * and below keep the scrollbar true), so 5000 hosts cost what 40 do. Rows are measured as they
 * mount, since wrapped tags make some taller.
 */
export const HostTable = memo(function HostTable(props: HostTableProps) {
  const { hosts, sort, dir, grouped, onSort } = props;
  const items = useMemo(() => tableItems(hosts, grouped), [hosts, grouped]);
  const body = useRef<HTMLTableSectionElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);

  // Where the rows start on the page moves when anything above them changes height (banners,
  // wrapped toolbars): follow it, or the window of rows drifts from what is on screen.
  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    const measure = () => setScrollMargin(Math.round(el.getBoundingClientRect().top + window.scrollY));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(document.body);
    return () => ro.disconnect();
  }, []);

  const narrow = useNarrow();
  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: (i) => (items[i]?.kind === "group" ? GROUP_PX : narrow ? CARD_PX : ROW_PX),
    getItemKey: (i) => items[i]?.key ?? i,
    overscan: 10,
    scrollMargin,
    // The server renders the first rows too (the preview): a typical viewport, on both sides of hydration.
    initialRect: { width: 1280, height: 900 },
    useFlushSync: false,
  });
  // Rows not measured yet take the new estimate (the scrollbar's length for thousands of hosts).
  useEffect(() => virtualizer.measure(), [narrow, virtualizer]);
  const virtual = virtualizer.getVirtualItems();
  const top = virtual.length ? virtual[0]!.start - scrollMargin : 0;
  const bottom = virtual.length ? virtualizer.getTotalSize() - (virtual.at(-1)!.end - scrollMargin) : 0;
  const header = { activeSort: sort, dir, onSort };

  return (
    <table className={tableClass} aria-label="Hosts" aria-rowcount={items.length + 1}>
      <TableColumns />
      <thead className={theadClass}>
        <tr aria-rowindex={1}>
          <SortHeader label="Host" sortKey="name" {...header} />
          <SortHeader label="Tags" sortKey="tags" {...header} />
          <SortHeader label="Utilization" sortKey="util" hint="count / max" {...header} />
          <SortHeader label="Count" sortKey="count" align="right" {...header} />
          <SortHeader label="Max" sortKey="max" align="right" {...header} />
          <SortHeader label="Drops 1h" sortKey="drops" align="right" hint="Packets dropped in the last hour" {...header} />
          <SortHeader label="Status" sortKey="status" hint="Hottest first" {...header} />
          <SortHeader label="Last poll" sortKey="age" align="right" {...header} />
        </tr>
      </thead>
      <tbody ref={body} data-testid="host-rows" data-applied-q={props.appliedQuery} className={tbodyClass}>
        {top > 0 && <tr aria-hidden className={blockRowClass} style={{ height: top }} />}
        {virtual.map((v) => {
          const item = items[v.index]!;
          if (item.kind === "group") {
            return (
              <tr key={item.key} ref={virtualizer.measureElement} data-index={v.index} aria-rowindex={v.index + 2} data-testid={`table-group-${item.group}`} className={`border-t border-zinc-200 dark:border-zinc-800 ${blockRowClass}`}>
                <th
                  colSpan={COLUMN_COUNT}
                  className={`h-[30px] bg-zinc-50 max-md:block px-3 pt-2.5 pb-1 text-left text-[11px] font-semibold tracking-wide uppercase dark:bg-zinc-900/60 ${GROUP_ACCENT[item.group]}`}
                >
                  {GROUP_LABEL[item.group]} <span className="num font-normal text-zinc-400 dark:text-zinc-500">{item.count}</span>
                </th>
              </tr>
            );
          }
          return (
            <HostRow
              key={item.key}
              host={item.host}
              thresholds={props.thresholds}
              clockOffsetMs={props.clockOffsetMs}
              schedule={props.schedule}
              activeTag={props.activeTag}
              onTagClick={props.onTagClick}
              index={v.index}
              rowIndex={v.index + 2}
              measureRef={virtualizer.measureElement}
            />
          );
        })}
        {bottom > 0 && <tr aria-hidden className={blockRowClass} style={{ height: bottom }} />}
      </tbody>
    </table>
  );
});
