"use client";

import { useSyncExternalStore } from "react";
import { formatAge, formatCount, formatPercent, parseTime } from "@/lib/client/fleet-format";
import { formatRate } from "@/lib/client/host-format";
import type { FleetHost } from "@/lib/client/fleet-schema";
import { clockNow } from "@/lib/client/use-now";
import { STATUS_TEXT } from "./status-style";

export interface HoverTarget {
  name: string;
  /** The cell's box, relative to the heatmap's positioned container. */
  left: number;
  top: number;
}

/**
 * Which cell is hovered or focused, outside React state: moving the pointer over 5000 cells must
 * re-render this tooltip, never the map.
 */
export function createHoverStore() {
  let current: HoverTarget | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(next: HoverTarget | null) {
      if (next?.name === current?.name && next?.left === current?.left && next?.top === current?.top) return;
      current = next;
      for (const l of listeners) l();
    },
    subscribe(l: () => void) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
}
export type HoverStore = ReturnType<typeof createHoverStore>;

export const TOOLTIP_ID = "heatmap-tooltip";
const WIDTH = 256;

export function HeatmapTooltip({ store, hosts, clockOffsetMs, width }: { store: HoverStore; hosts: ReadonlyMap<string, FleetHost>; clockOffsetMs: number; width: number }) {
  const target = useSyncExternalStore(store.subscribe, store.get, () => null);
  const host = target ? hosts.get(target.name) : undefined;
  if (!target || !host) return null;
  const left = Math.max(0, Math.min(target.left - WIDTH / 2 + 6, width - WIDTH));
  const above = target.top > 150;
  const drops = host.dropsLastHour;
  return (
    <div
      id={TOOLTIP_ID}
      role="tooltip"
      data-testid="heat-tooltip"
      style={{ left, top: above ? undefined : target.top + 18, bottom: above ? `calc(100% - ${target.top - 6}px)` : undefined, width: WIDTH }}
      className="pointer-events-none absolute z-20 rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
    >
      <div className="flex items-baseline justify-between gap-2">
        <span className="truncate font-semibold text-zinc-900 dark:text-zinc-100">{host.name}</span>
        <span className={`font-medium ${STATUS_TEXT[host.status]}`}>{host.status}</span>
      </div>
      <div className="num font-mono text-[11px] text-zinc-500 dark:text-zinc-400">
        {host.address}
        {host.tags.length > 0 && <span className="font-sans"> · {host.tags.join(", ")}</span>}
      </div>
      <dl className="num mt-1.5 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-zinc-700 dark:text-zinc-300">
        <dt className="text-zinc-500 dark:text-zinc-400">Utilization</dt>
        <dd data-testid="tip-util">
          {formatPercent(host.utilization)} · {formatCount(host.count)} / {formatCount(host.max)}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Drops 1h</dt>
        <dd data-testid="tip-drops" className={host.droppingNow ? "font-semibold text-red-700 dark:text-red-400" : undefined}>
          {formatCount(drops)}
          {host.droppingNow ? ` · dropping now, ${formatRate(host.dropRate)}` : ""}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Last poll</dt>
        <dd>{formatAge(parseTime(host.lastPollAt), clockNow() + clockOffsetMs)}</dd>
      </dl>
      {host.error && <p className="mt-1.5 line-clamp-2 text-zinc-500 dark:text-zinc-400">{host.error.message}</p>}
    </div>
  );
}
