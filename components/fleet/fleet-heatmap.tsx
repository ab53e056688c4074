"use client";

import { useRouter } from "next/navigation";
import { memo, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type SyntheticEvent } from "react";
import { groupHeatmap, heatLegend, moveCell, type HeatCell, type HeatGroup, type NavKey } from "@/lib/client/fleet-heatmap";
import type { FleetHost, Thresholds } from "@/lib/client/fleet-schema";
import { CELL_CLASS, CELL_PX, DROPPING_MARK, GAP_PX, TONE_CLASS } from "./heatmap-style";
import { HeatmapTooltip, TOOLTIP_ID, createHoverStore } from "./heatmap-tooltip";

const hostHref = (name: string) => `/hosts/${encodeURIComponent(name)}`;
const NAV_KEYS = new Set<string>(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"]);

/**
 * One plain link per host, no children, no per-cell handlers or Next <Link> (5000 of those would
 * each observe the viewport to prefetch): the map is events delegated to its container. Cells
 * re-render only when their tone, status or drop mark changes.
 */
const Cell = memo(function Cell({ cell, tabbable }: { cell: HeatCell; tabbable: boolean }) {
  return (
    <a
      href={hostHref(cell.name)}
      data-testid="heat-cell"
      data-host={cell.name}
      data-tone={cell.tone}
      data-status={cell.status}
      data-dropping={cell.dropping || undefined}
      tabIndex={tabbable ? 0 : -1}
      aria-label={`${cell.name}, ${cell.status}${cell.dropping ? ", dropping now" : ""}`}
      className={`${CELL_CLASS} ${TONE_CLASS[cell.tone]} ${cell.dropping ? DROPPING_MARK : ""}`}
    />
  );
}, (a, b) => a.tabbable === b.tabbable && a.cell.name === b.cell.name && a.cell.tone === b.cell.tone && a.cell.status === b.cell.status && a.cell.dropping === b.cell.dropping);

function GroupHeading({ group }: { group: HeatGroup }) {
  const parts: [number, string, string][] = [
    [group.critical, "critical", "text-red-700 dark:text-red-400"],
    [group.warn, "warn", "text-amber-700 dark:text-amber-400"],
    [group.failing, "unreachable", "text-violet-700 dark:text-violet-300"],
    [group.dropping, "dropping", "text-red-700 dark:text-red-400"],
  ];
  return (
    <h3 className="num mb-1 flex flex-wrap items-baseline gap-x-2 text-xs">
      <span className="font-semibold text-zinc-800 dark:text-zinc-200">{group.tag || "untagged"}</span>
      <span className="text-zinc-500 dark:text-zinc-400">{group.cells.length} hosts</span>
      {parts.map(([n, label, tone]) =>
        n > 0 ? (
          <span key={label} className={tone}>
            {n} {label}
          </span>
        ) : null,
      )}
    </h3>
  );
}

export interface FleetHeatmapProps {
  hosts: readonly FleetHost[];
  thresholds: Thresholds;
  clockOffsetMs: number;
  appliedQuery: string;
}

export const FleetHeatmap = memo(function FleetHeatmap({ hosts, thresholds, clockOffsetMs, appliedQuery }: FleetHeatmapProps) {
  const router = useRouter();
  const groups = useMemo(() => groupHeatmap(hosts, thresholds), [hosts, thresholds]);
  const byName = useMemo(() => new Map(hosts.map((h) => [h.name, h])), [hosts]);
  const [hover] = useState(createHoverStore);
  const root = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useLayoutEffect(() => {
    const el = root.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const cellOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLAnchorElement>("a[data-host]") : null);
  const point = (cell: HTMLElement) => {
    const box = root.current!.getBoundingClientRect();
    const r = cell.getBoundingClientRect();
    hover.set({ name: cell.dataset.host!, left: r.left - box.left, top: r.top - box.top });
  };

  const onPointerOver = (e: SyntheticEvent) => {
    const cell = cellOf(e.target);
    if (cell) point(cell);
  };
  const onFocus = (e: SyntheticEvent) => {
    const cell = cellOf(e.target);
    if (!cell) return;
    cell.setAttribute("aria-describedby", TOOLTIP_ID);
    point(cell);
  };
  const onBlur = (e: SyntheticEvent) => {
    cellOf(e.target)?.removeAttribute("aria-describedby");
    hover.set(null);
  };
  const onClick = (e: MouseEvent) => {
    const cell = cellOf(e.target);
    if (!cell || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.push(hostHref(cell.dataset.host!));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const cell = cellOf(e.target);
    if (!cell || !NAV_KEYS.has(e.key)) return;
    const grids = [...root.current!.querySelectorAll<HTMLElement>("[data-heat-group]")];
    const grid = cell.parentElement!;
    const pos = { group: grids.indexOf(grid), index: Array.prototype.indexOf.call(grid.children, cell) as number };
    const cols = Math.max(1, Math.floor((grid.clientWidth + GAP_PX) / (CELL_PX + GAP_PX)));
    const next = moveCell(grids.map((g) => g.children.length), cols, pos, e.key as NavKey);
    e.preventDefault();
    const target = next && (grids[next.group]?.children[next.index] as HTMLElement | undefined);
    if (!target) return;
    // Roving tab stop: the map is one stop in the tab order, wherever the arrows left it.
    for (const el of root.current!.querySelectorAll<HTMLElement>('a[data-host][tabindex="0"]')) el.tabIndex = -1;
    target.tabIndex = 0;
    target.focus();
  };

  return (
    <div className="space-y-3 p-3" data-testid="heatmap" data-applied-q={appliedQuery}>
      <HeatmapLegend thresholds={thresholds} />
      <div
        ref={root}
        className="relative space-y-3"
        onPointerOver={onPointerOver}
        onPointerLeave={() => hover.set(null)}
        onFocus={onFocus}
        onBlur={onBlur}
        onClick={onClick}
        onKeyDown={onKeyDown}
      >
        {groups.map((g, gi) => (
          // Off-screen groups skip layout and paint until scrolled to.
          <section key={g.tag} aria-label={`${g.tag || "untagged"}: ${g.cells.length} hosts`} className="[contain-intrinsic-size:auto_120px] [content-visibility:auto]">
            <GroupHeading group={g} />
            <div data-heat-group role="group" aria-label={`${g.tag || "untagged"} hosts`} className="grid grid-cols-[repeat(auto-fill,12px)] gap-[2px]">
              {g.cells.map((c, i) => (
                <Cell key={c.name} cell={c} tabbable={gi === 0 && i === 0} />
              ))}
            </div>
          </section>
        ))}
        <HeatmapTooltip store={hover} hosts={byName} clockOffsetMs={clockOffsetMs} width={width} />
      </div>
    </div>
  );
});

function HeatmapLegend({ thresholds }: { thresholds: Thresholds }) {
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-[11px] text-zinc-600 dark:text-zinc-400" data-testid="heatmap-legend">
      {heatLegend(thresholds).map((e) => (
        <span key={e.tone} className="inline-flex items-center gap-1">
          <span aria-hidden className={`relative inline-block h-3 w-3 rounded-[2px] ${TONE_CLASS[e.tone]}`} />
          {e.label}
        </span>
      ))}
      <span className="inline-flex items-center gap-1">
        <span aria-hidden className={`relative inline-block h-3 w-3 rounded-[2px] bg-red-800 ${DROPPING_MARK}`} />
        dropping now
      </span>
      <span className="text-zinc-400 dark:text-zinc-500">
        grouped by first tag · hover or focus a cell for its numbers · arrow keys move, Enter opens the host
      </span>
    </div>
  );
}
