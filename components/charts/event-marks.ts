import uPlot from "uplot";
import type { EventMarks, EventTone } from "@/lib/client/host-events";
import { lowerBound } from "./chart-axes";
import type { ChartTheme } from "./chart-theme";

/** Height of the marker lane at the top of the drops chart, CSS px. */
export const MARK_LANE_PX = 12;

/** Above this many table_full columns in view, the full-height rules are left out. */
const MAX_RULES = 60;

const TONES: EventTone[] = ["other", "expect", "suppressed", "full"];

/**
 * Draws kernel-log events as ticks in a lane at the top of the plot, one path per kind (a few
 * thousand events cost one stroke each, not one per event). Sparse `table_full` events also get
 * a faint full-height rule so they line up with the drop bars; `suppressed` (log lines the kernel
 * rate-limited away) is a hollow ring so it never reads as a printed line.
 */
export function drawEventMarks(u: uPlot, marks: EventMarks, theme: ChartTheme): void {
  const min = u.scales.x?.min;
  const max = u.scales.x?.max;
  if (min === undefined || max === undefined || marks.x.length === 0) return;
  const px = uPlot.pxRatio;
  const { left, top, width, height } = u.bbox;
  const lane = MARK_LANE_PX * px;
  const start = lowerBound(marks.x, min);
  const ctx = u.ctx;

  const ticks = new Map<EventTone, Path2D>(TONES.map((t) => [t, new Path2D()]));
  const fullPx: number[] = [];
  const lastPx = new Map<EventTone, number>();

  for (let i = start; i < marks.x.length; i++) {
    const x = marks.x[i]!;
    if (x > max) break;
    const cx = Math.round(u.valToPos(x, "x", true)) + 0.5;
    if (cx < left || cx > left + width) continue;
    const tone = marks.tone[i]!;
    // Many events in one pixel column draw once.
    if (lastPx.get(tone) === cx) continue;
    lastPx.set(tone, cx);
    const path = ticks.get(tone)!;
    if (tone === "suppressed") {
      const r = 2.5 * px;
      path.moveTo(cx + r, top + lane / 2);
      path.arc(cx, top + lane / 2, r, 0, Math.PI * 2);
    } else {
      path.moveTo(cx, top + 1 * px);
      path.lineTo(cx, top + lane);
      if (tone === "full") fullPx.push(cx);
    }
  }

  // Rules only while they stay individual lines; a dense burst would paint a solid block.
  const rules = new Path2D();
  if (fullPx.length <= MAX_RULES) {
    for (const cx of fullPx) {
      rules.moveTo(cx, top + lane);
      rules.lineTo(cx, top + height);
    }
  }

  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.globalAlpha = theme.dark ? 0.28 : 0.2;
  ctx.strokeStyle = theme.mark.full;
  ctx.lineWidth = 1 * px;
  ctx.stroke(rules);
  ctx.globalAlpha = 1;
  for (const tone of TONES) {
    ctx.strokeStyle = theme.mark[tone];
    ctx.lineWidth = (tone === "full" ? 2 : 1.5) * px;
    ctx.stroke(ticks.get(tone)!);
  }
  ctx.restore();
}

/** Events within `maxPx` CSS pixels of `xSec`: the index span [lo, hi) into `marks`. */
export function marksNear(u: uPlot, marks: EventMarks, xSec: number, maxPx: number): { lo: number; hi: number } {
  const min = u.scales.x?.min;
  const max = u.scales.x?.max;
  const plotWidth = u.bbox.width / uPlot.pxRatio;
  if (min === undefined || max === undefined || plotWidth <= 0) return { lo: 0, hi: 0 };
  const delta = ((max - min) / plotWidth) * maxPx;
  return { lo: lowerBound(marks.x, xSec - delta), hi: lowerBound(marks.x, xSec + delta + 1e-9) };
}
