/** Where the heatmap's cells are on its canvases: CSS pixels, one grid shared by every group. */

export const CELL_PX = 12;
export const GAP_PX = 2;

/** Cells per row for a map this wide (every group shares it, so arrow keys keep their column). */
export function columnsFor(widthPx: number): number {
  return Math.max(1, Math.floor((widthPx + GAP_PX) / (CELL_PX + GAP_PX)));
}

/** The cell under a point of a group's canvas (CSS pixels), or null in a gap or past the end. */
export function cellAt(x: number, y: number, cols: number, count: number): number | null {
  const step = CELL_PX + GAP_PX;
  const col = Math.floor(x / step);
  const row = Math.floor(y / step);
  if (x < 0 || y < 0 || col >= cols || x - col * step > CELL_PX || y - row * step > CELL_PX) return null;
  const i = row * cols + col;
  return i < count ? i : null;
}

/** A cell's top-left corner in its group's canvas, CSS pixels. */
export function cellOrigin(index: number, cols: number): { x: number; y: number } {
  const step = CELL_PX + GAP_PX;
  return { x: (index % cols) * step, y: Math.floor(index / cols) * step };
}

export function canvasSize(count: number, cols: number): { width: number; height: number } {
  const rows = Math.max(1, Math.ceil(count / cols));
  return { width: Math.max(0, Math.min(count, cols) * (CELL_PX + GAP_PX) - GAP_PX), height: rows * (CELL_PX + GAP_PX) - GAP_PX };
}

