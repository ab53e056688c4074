import uPlot from "uplot";
import { lowerBound } from "@/components/charts/chart-axes";
import type { AuditMarks } from "@/lib/client/audit-format";
import type { AuditOutcome } from "@/lib/client/audit-schema";

/**
 * Limit changes drawn over the utilization chart: a successful raise is a solid full-height rule
 * with a filled marker at the top, so the step in max lines up with who made it; a failed or
 * refused attempt is a faint dashed rule with a hollow marker. Colours mirror the outcome badges.
 */
export const AUDIT_MARK_COLOR: Record<"light" | "dark", Record<AuditOutcome, string>> = {
  light: { success: "#059669", failed: "#dc2626", refused: "#a1a1aa" },
  dark: { success: "#34d399", failed: "#f87171", refused: "#71717a" },
};

/** The same colours for the hover read-out, which is DOM text. */
export const AUDIT_READOUT: Record<AuditOutcome, string> = {
  success: "font-medium text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700/80 dark:text-red-400/80",
  refused: "text-zinc-500 dark:text-zinc-400",
};

const MARKER_PX = 3.5;

export function drawAuditMarks(u: uPlot, marks: AuditMarks, dark: boolean): void {
  const min = u.scales.x?.min;
  const max = u.scales.x?.max;
  if (min === undefined || max === undefined || marks.x.length === 0) return;
  const px = uPlot.pxRatio;
  const { left, top, width, height } = u.bbox;
  const colors = AUDIT_MARK_COLOR[dark ? "dark" : "light"];
  const ctx = u.ctx;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  // Subtle ones first so a success on the same pixel is drawn on top.
  for (const pass of ["subtle", "success"] as const) {
    for (let i = lowerBound(marks.x, min); i < marks.x.length; i++) {
      const x = marks.x[i]!;
      if (x > max) break;
      const outcome = marks.outcome[i]!;
      if ((outcome === "success") !== (pass === "success")) continue;
      const cx = Math.round(u.valToPos(x, "x", true)) + 0.5;
      const color = colors[outcome];
      const r = MARKER_PX * px;
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.globalAlpha = pass === "success" ? 0.9 : 0.55;
      ctx.lineWidth = (pass === "success" ? 1.5 : 1) * px;
      ctx.setLineDash(pass === "success" ? [] : [3 * px, 3 * px]);
      ctx.beginPath();
      ctx.moveTo(cx, top + 2 * r);
      ctx.lineTo(cx, top + height);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.arc(cx, top + r + 1 * px, r, 0, Math.PI * 2);
      if (pass === "success") ctx.fill();
      else ctx.stroke();
    }
  }
  ctx.restore();
}

/** Marks within `maxPx` CSS pixels of `xSec`, nearest first. */
export function auditMarksNear(u: uPlot, marks: AuditMarks, xSec: number, maxPx: number): number[] {
  const min = u.scales.x?.min;
  const max = u.scales.x?.max;
  const plotWidth = u.bbox.width / uPlot.pxRatio;
  if (min === undefined || max === undefined || plotWidth <= 0 || marks.x.length === 0) return [];
  const delta = ((max - min) / plotWidth) * maxPx;
  const out: number[] = [];
  for (let i = lowerBound(marks.x, xSec - delta); i < marks.x.length && marks.x[i]! <= xSec + delta; i++) out.push(i);
  return out.sort((a, b) => Math.abs(marks.x[a]! - xSec) - Math.abs(marks.x[b]! - xSec));
}
