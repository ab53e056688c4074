"use client";

import { useRouter } from "next/navigation";
import { memo, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type FocusEvent, type KeyboardEvent, type MouseEvent, type PointerEvent } from "react";
import { groupHeatmap, heatLegend, moveCell, type CellPos, type HeatCell, type HeatGroup, type NavKey } from "@/lib/client/fleet-heatmap";
import type { FleetHost, Thresholds } from "@/lib/client/fleet-schema";
import { usePrefersDark } from "@/components/charts/chart-theme";
import { CELL_PX, canvasSize, cellAt, cellOrigin, columnsFor } from "@/lib/client/heatmap-geometry";
import { paintCells, swatchStyle, type Scheme } from "./heatmap-style";
import { HeatmapTooltip, TOOLTIP_ID, createHoverStore, type HoverStore } from "./heatmap-tooltip";

const hostHref = (name: string) => `/hosts/${encodeURIComponent(name)}`;
const NAV_KEYS = new Set<string>(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"]);

const sameCells = (a: readonly HeatCell[], b: readonly HeatCell[]) =>
  a === b || (a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.tone === b[i]!.tone && c.dropping === b[i]!.dropping));

/**
 * A group's cells on one canvas: 5000 hosts are a few paints, not 5000 elements to create, style
 * and lay out (that took seconds on a 2-core machine). Repainted only when a cell's tone or drop
 * mark changes. The drawn order is on the element (`data-hosts`, `data-tones`) for scripts and tests.
 */
const HeatCanvas = memo(
  function HeatCanvas({ group, index, cols, scheme }: { group: HeatGroup; index: number; cols: number; scheme: Scheme }) {
    const ref = useRef<HTMLCanvasElement>(null);
    const { width, height } = canvasSize(group.cells.length, cols);
    useLayoutEffect(() => {
      const canvas = ref.current;
      const ctx = canvas?.getContext("2d");
      if (!canvas || !ctx) return;
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      paintCells(ctx, group.cells, cols, scheme);
    }, [group.cells, cols, scheme, width, height]);
    return (
      <canvas
        ref={ref}
        data-testid="heat-canvas"
        data-group={index}
        data-tag={group.tag}
        data-hosts={group.cells.map((c) => c.name).join("\n")}
        data-tones={group.cells.map((c) => c.tone).join(" ")}
        aria-hidden
        className="block"
        style={{ width, height }}
      />
    );
  },
  (a, b) => a.index === b.index && a.cols === b.cols && a.scheme === b.scheme && a.group.tag === b.group.tag && sameCells(a.group.cells, b.group.cells),
);

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
      <span className="text-zinc-500 dark:text-zinc-400">{group.cells.length} host{group.cells.length === 1 ? "" : "s"}</span>
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

/** The outline of the hovered or keyboard-active cell: one element that moves, not a state per cell. */
function CellOutline({ store, keyboard }: { store: HoverStore; keyboard: boolean }) {
  const target = useSyncExternalStore(store.subscribe, store.get, () => null);
  if (!target) return null;
  return (
    <div
      aria-hidden
      className={`pointer-events-none absolute z-10 rounded-[3px] outline-2 ${keyboard ? "outline-sky-600 dark:outline-sky-400" : "outline-zinc-900 dark:outline-zinc-100"}`}
      style={{ left: target.left - 1, top: target.top - 1, width: CELL_PX + 2, height: CELL_PX + 2 }}
    />
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
  const scheme: Scheme = usePrefersDark() ? "dark" : "light";
  const groups = useMemo(() => groupHeatmap(hosts, thresholds), [hosts, thresholds]);
  const byName = useMemo(() => new Map(hosts.map((h) => [h.name, h])), [hosts]);
  const [hover] = useState(createHoverStore);
  const root = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  // The keyboard cursor: the map is one tab stop and the arrows move this.
  const [active, setActive] = useState<CellPos | null>(null);
  const [keyboard, setKeyboard] = useState(false);

  useLayoutEffect(() => {
    const el = root.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const cols = columnsFor(width);
  const sizes = groups.map((g) => g.cells.length);
  // A filter can shrink the map under the cursor: keep it on a cell that exists.
  const cursor = clampPos(active, sizes);
  const activeCell = cursor ? groups[cursor.group]!.cells[cursor.index]! : null;

  /** Where a cell is, relative to the map's positioned box (for the outline and the tooltip). */
  const place = (pos: CellPos) => {
    const canvas = root.current?.querySelector<HTMLCanvasElement>(`canvas[data-group="${pos.group}"]`);
    const cell = groups[pos.group]?.cells[pos.index];
    if (!canvas || !cell) return null;
    const box = root.current!.getBoundingClientRect();
    const r = canvas.getBoundingClientRect();
    const o = cellOrigin(pos.index, cols);
    return { name: cell.name, left: r.left - box.left + o.x, top: r.top - box.top + o.y, viewportTop: r.top + o.y };
  };
  const hitOf = (e: { target: EventTarget | null; clientX: number; clientY: number }): CellPos | null => {
    if (!(e.target instanceof HTMLCanvasElement) || e.target.dataset.group === undefined) return null;
    const group = Number(e.target.dataset.group);
    const r = e.target.getBoundingClientRect();
    const index = cellAt(e.clientX - r.left, e.clientY - r.top, cols, groups[group]?.cells.length ?? 0);
    return index === null ? null : { group, index };
  };
  const show = (pos: CellPos | null) => {
    const p = pos && place(pos);
    hover.set(p ? { name: p.name, left: p.left, top: p.top } : null);
    return p;
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const hit = hitOf(e);
    if (e.target instanceof HTMLCanvasElement) e.target.style.cursor = hit ? "pointer" : "default";
    setKeyboard(false);
    show(hit);
  };
  const open = (pos: CellPos, newTab: boolean) => {
    const href = hostHref(groups[pos.group]!.cells[pos.index]!.name);
    if (newTab) window.open(href, "_blank", "noopener");
    else router.push(href);
  };
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const hit = hitOf(e);
    if (!hit || e.button !== 0) return;
    setActive(hit);
    open(hit, e.metaKey || e.ctrlKey || e.shiftKey);
  };
  const onAuxClick = (e: MouseEvent<HTMLDivElement>) => {
    const hit = hitOf(e);
    if (hit && e.button === 1) open(hit, true);
  };
  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    setKeyboard(true);
    const first = cursor ?? firstCell(sizes);
    if (!first) return;
    setActive(first);
    show(first);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!cursor) return;
    if (e.key === "Enter") {
      e.preventDefault();
      open(cursor, e.metaKey || e.ctrlKey);
      return;
    }
    if (e.key === "Escape") {
      hover.set(null);
      return;
    }
    if (!NAV_KEYS.has(e.key)) return;
    e.preventDefault();
    const next = moveCell(sizes, cols, cursor, e.key as NavKey);
    if (!next) return;
    setKeyboard(true);
    setActive(next);
    const p = show(next);
    // Keep the cursor on screen: a tall group can run past the viewport.
    if (p && (p.viewportTop < 0 || p.viewportTop + CELL_PX > window.innerHeight)) window.scrollBy({ top: p.viewportTop - window.innerHeight / 2 });
  };

  return (
    <div className="space-y-3 p-3" data-testid="heatmap" data-applied-q={appliedQuery}>
      <HeatmapLegend thresholds={thresholds} scheme={scheme} />
      <div
        ref={root}
        tabIndex={0}
        role="group"
        aria-roledescription="heatmap"
        aria-label={`${hosts.length} hosts, one cell each. Arrow keys move between hosts, Enter opens one.`}
        aria-describedby={keyboard && activeCell ? TOOLTIP_ID : undefined}
        data-testid="heatmap-grid"
        data-active-host={activeCell?.name}
        className="relative space-y-3 rounded-sm focus-visible:outline-offset-4"
        onPointerMove={onPointerMove}
        onPointerLeave={() => hover.set(null)}
        onFocus={onFocus}
        onBlur={() => hover.set(null)}
        onClick={onClick}
        onAuxClick={onAuxClick}
        onKeyDown={onKeyDown}
      >
        {width > 0 &&
          groups.map((g, gi) => (
            // Off-screen groups skip layout and paint until scrolled to.
            <section key={g.tag} aria-label={`${g.tag || "untagged"}: ${g.cells.length} host${g.cells.length === 1 ? "" : "s"}`} className="[contain-intrinsic-size:auto_120px] [content-visibility:auto]">
              <GroupHeading group={g} />
              <HeatCanvas group={g} index={gi} cols={cols} scheme={scheme} />
            </section>
          ))}
        <CellOutline store={hover} keyboard={keyboard} />
        <HeatmapTooltip store={hover} hosts={byName} clockOffsetMs={clockOffsetMs} width={width} />
        {/* What the keyboard cursor is on, read out as it moves (the canvas itself is an image). */}
        <p className="sr-only" aria-live="polite" data-testid="heatmap-active">
          {keyboard && activeCell ? `${activeCell.name}, ${activeCell.status}${activeCell.dropping ? ", dropping now" : ""}` : ""}
        </p>
      </div>
    </div>
  );
});

function firstCell(sizes: readonly number[]): CellPos | null {
  const g = sizes.findIndex((n) => n > 0);
  return g < 0 ? null : { group: g, index: 0 };
}

function clampPos(pos: CellPos | null, sizes: readonly number[]): CellPos | null {
  if (!pos) return null;
  const n = sizes[pos.group] ?? 0;
  if (n === 0) return firstCell(sizes);
  return pos.index < n ? pos : { group: pos.group, index: n - 1 };
}

function HeatmapLegend({ thresholds, scheme }: { thresholds: Thresholds; scheme: Scheme }) {
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-[11px] text-zinc-600 dark:text-zinc-400" data-testid="heatmap-legend">
      {heatLegend(thresholds).map((e) => (
        <span key={e.tone} className="inline-flex items-center gap-1" data-testid={`legend-${e.tone}`}>
          <span aria-hidden data-swatch className="relative inline-block h-3 w-3 rounded-[2px]" style={swatchStyle(e.tone, scheme)} />
          {e.label}
        </span>
      ))}
      <span className="inline-flex items-center gap-1">
        <span aria-hidden className="relative inline-block h-3 w-3 rounded-[2px]" style={swatchStyle("full", scheme)}>
          <span className="absolute inset-[3.5px] rounded-full bg-white" />
        </span>
        dropping now
      </span>
      <span className="text-zinc-400 dark:text-zinc-500">
        grouped by first tag · hover or focus the map for a host&apos;s numbers · arrow keys move, Enter opens the host
      </span>
    </div>
  );
}
