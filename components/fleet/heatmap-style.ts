import type { CSSProperties } from "react";
import type { HeatCell, HeatTone } from "@/lib/client/fleet-heatmap";
import { CELL_PX, cellOrigin } from "@/lib/client/heatmap-geometry";

/**
 * How each tone is painted, the same palette as the table (Tailwind's colours): utilization from
 * pale to deep green below warn, amber, red, a deep red when full; failures violet with a light
 * inner ring (never read as "cool"), hosts without conntrack grey, hosts not polled yet an empty
 * dashed square. The canvas and the legend both paint from here, so they cannot disagree.
 */
export interface TonePaint {
  fill: string | null;
  /** An inner ring, inset by half its width. */
  ring?: string;
  /** A dashed outline instead of a fill. */
  dash?: string;
}

export type Scheme = "light" | "dark";

export const TONE_PAINT: Record<Scheme, Record<HeatTone, TonePaint>> = {
  light: {
    u0: { fill: "#d1fae5" },
    u1: { fill: "#a7f3d0" },
    u2: { fill: "#34d399" },
    warn: { fill: "#fbbf24" },
    critical: { fill: "#ef4444" },
    full: { fill: "#991b1b" },
    unknown: { fill: "#d4d4d8" },
    failing: { fill: "#7c3aed", ring: "#ddd6fe" },
    "no-conntrack": { fill: "#e4e4e7", ring: "#d4d4d8" },
    pending: { fill: null, dash: "#a1a1aa" },
  },
  dark: {
    u0: { fill: "#022c22" },
    u1: { fill: "#064e3b" },
    u2: { fill: "#047857" },
    warn: { fill: "#f59e0b" },
    critical: { fill: "#ef4444" },
    full: { fill: "#b91c1c" },
    unknown: { fill: "#52525b" },
    failing: { fill: "#8b5cf6", ring: "#2e1065" },
    "no-conntrack": { fill: "#27272a", ring: "#3f3f46" },
    pending: { fill: null, dash: "#52525b" },
  },
};

/** Dropping now: a white dot in the cell, whatever its colour. */
export const DROP_DOT = "#ffffff";

const RADIUS = 2;
const RING_PX = 2;

/** Paints a group's cells: a few thousand rounded rectangles, a couple of milliseconds. */
export function paintCells(ctx: CanvasRenderingContext2D, cells: readonly HeatCell[], cols: number, scheme: Scheme): void {
  const palette = TONE_PAINT[scheme];
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  // Batch by tone: one path and one fill per colour instead of one per cell.
  const byTone = new Map<HeatTone, number[]>();
  cells.forEach((c, i) => {
    const list = byTone.get(c.tone);
    if (list) list.push(i);
    else byTone.set(c.tone, [i]);
  });
  for (const [tone, indexes] of byTone) {
    const paint = palette[tone];
    if (paint.fill) {
      ctx.beginPath();
      for (const i of indexes) {
        const { x, y } = cellOrigin(i, cols);
        ctx.roundRect(x, y, CELL_PX, CELL_PX, RADIUS);
      }
      ctx.fillStyle = paint.fill;
      ctx.fill();
    }
    const stroke = paint.ring ?? paint.dash;
    if (stroke) {
      const w = paint.ring ? RING_PX : 1;
      ctx.beginPath();
      for (const i of indexes) {
        const { x, y } = cellOrigin(i, cols);
        ctx.roundRect(x + w / 2, y + w / 2, CELL_PX - w, CELL_PX - w, Math.max(0, RADIUS - w / 2));
      }
      ctx.lineWidth = w;
      ctx.setLineDash(paint.dash ? [2, 2] : []);
      ctx.strokeStyle = stroke;
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }
  ctx.beginPath();
  cells.forEach((c, i) => {
    if (!c.dropping) return;
    const { x, y } = cellOrigin(i, cols);
    ctx.moveTo(x + CELL_PX / 2 + 2.5, y + CELL_PX / 2);
    ctx.arc(x + CELL_PX / 2, y + CELL_PX / 2, 2.5, 0, Math.PI * 2);
  });
  ctx.fillStyle = DROP_DOT;
  ctx.fill();
}

/** A legend swatch painted from the same palette, as CSS. */
export function swatchStyle(tone: HeatTone, scheme: Scheme): CSSProperties {
  const p = TONE_PAINT[scheme][tone];
  return {
    backgroundColor: p.fill ?? "transparent",
    boxShadow: p.ring ? `inset 0 0 0 ${RING_PX}px ${p.ring}` : undefined,
    border: p.dash ? `1px dashed ${p.dash}` : undefined,
  };
}
