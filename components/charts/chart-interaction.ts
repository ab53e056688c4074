import type uPlot from "uplot";

export interface ZoomHandlers {
  /** A drag selected [fromMs, toMs] on the x axis. */
  onZoom: (fromMs: number, toMs: number) => void;
  /** Double-click: back to the view before zooming. */
  onReset: () => void;
}

/** Narrower drags are treated as clicks. */
const MIN_DRAG_PX = 5;

/**
 * Cursor options shared by every chart of one page: crosshair synced by x value across charts
 * with the same key, drag on x to select, double-click to reset. Zooming is not left to uPlot:
 * the selection is handed to the page, which moves the range (URL and refetch) and feeds the new
 * window back to every chart, so the charts can never disagree about x.
 */
export function cursorOptions(
  syncKey: string,
  handlers: { current: ZoomHandlers },
  /** Series that get a hover dot; threshold lines and the like do not. */
  pointSeries: readonly number[],
): uPlot.Cursor {
  return {
    // Vertical crosshair only: a horizontal one means nothing on the chart the cursor is not on.
    y: false,
    sync: {
      key: syncKey,
      scales: ["x", null],
      setSeries: false,
      // Only the crosshair travels between charts; a drag or double-click stays where it happened
      // (otherwise every chart would report the same zoom).
      filters: { sub: (type) => type === "mousemove" },
    },
    drag: { x: true, y: false, setScale: false, dist: MIN_DRAG_PX },
    bind: {
      dblclick: () => () => {
        handlers.current.onReset();
        return null;
      },
    },
    points: { show: hoverPoint(pointSeries), size: 7, width: 1.5 },
    focus: { prox: -1 },
  };
}

/**
 * Turns a completed x selection into a zoom and clears the selection box. `selectColor` tints the
 * box (uPlot's default grey is invisible on a dark background).
 */
export function zoomHooks(
  handlers: { current: ZoomHandlers },
  selectColor: string,
): { setSelect: ((u: uPlot) => void)[]; init: ((u: uPlot) => void)[] } {
  return {
    init: [
      (u) => {
        const box = u.root.querySelector<HTMLElement>(".u-select");
        if (box) box.style.background = selectColor;
      },
    ],
    setSelect: [
      (u) => {
        const { left, width } = u.select;
        if (width < MIN_DRAG_PX) return;
        const from = u.posToVal(left, "x");
        const to = u.posToVal(left + width, "x");
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        handlers.current.onZoom(from * 1000, to * 1000);
      },
    ],
  };
}

const POINT_PX = 7;

/** uPlot skips the hover dot of a series when `points.show` returns no element. */
function hoverPoint(pointSeries: readonly number[]) {
  return ((_u: uPlot, seriesIdx: number) => {
    if (!pointSeries.includes(seriesIdx)) return undefined;
    const pt = document.createElement("div");
    Object.assign(pt.style, {
      width: `${POINT_PX}px`,
      height: `${POINT_PX}px`,
      marginLeft: `${-POINT_PX / 2}px`,
      marginTop: `${-POINT_PX / 2}px`,
      borderWidth: "1.5px",
    });
    return pt;
  }) as unknown as (u: uPlot, seriesIdx: number) => HTMLElement;
}
