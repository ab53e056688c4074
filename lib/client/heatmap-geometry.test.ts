import { describe, expect, it } from "vitest";
import { CELL_PX, GAP_PX, canvasSize, cellAt, cellOrigin, columnsFor } from "./heatmap-geometry";

const STEP = CELL_PX + GAP_PX;

describe("heatmap geometry", () => {
  it("fits as many whole cells as the width allows (the last needs no gap after it)", () => {
    expect(columnsFor(0)).toBe(1);
    expect(columnsFor(CELL_PX)).toBe(1);
    expect(columnsFor(2 * CELL_PX + GAP_PX)).toBe(2);
    expect(columnsFor(2 * CELL_PX + GAP_PX - 1)).toBe(1);
    expect(columnsFor(90 * STEP - GAP_PX)).toBe(90);
    expect(columnsFor(90 * STEP - GAP_PX - 1)).toBe(89);
  });

  it("finds the cell under a point, and nothing in a gap, past the last cell or outside", () => {
    const cols = 10;
    expect(cellAt(0, 0, cols, 25)).toBe(0);
    expect(cellAt(CELL_PX, CELL_PX, cols, 25)).toBe(0);
    expect(cellAt(CELL_PX + 1, 5, cols, 25)).toBeNull(); // gap between columns
    expect(cellAt(5, CELL_PX + 1, cols, 25)).toBeNull(); // gap between rows
    expect(cellAt(STEP + 1, 1, cols, 25)).toBe(1);
    expect(cellAt(3 * STEP + 2, 2 * STEP + 2, cols, 25)).toBe(23);
    expect(cellAt(5 * STEP + 2, 2 * STEP + 2, cols, 25)).toBeNull(); // row 2 holds 5 cells only
    expect(cellAt(10 * STEP + 2, 2, cols, 25)).toBeNull(); // past the last column
    expect(cellAt(-1, 2, cols, 25)).toBeNull();
  });

  it("places cells in reading order, and cellAt inverts cellOrigin", () => {
    const cols = 7;
    for (let i = 0; i < 30; i++) {
      const { x, y } = cellOrigin(i, cols);
      expect(cellAt(x + CELL_PX / 2, y + CELL_PX / 2, cols, 30)).toBe(i);
    }
    expect(cellOrigin(8, cols)).toEqual({ x: STEP, y: STEP });
  });

  it("sizes a group's canvas to its cells", () => {
    expect(canvasSize(0, 10)).toEqual({ width: 0, height: CELL_PX });
    expect(canvasSize(3, 10)).toEqual({ width: 3 * STEP - GAP_PX, height: CELL_PX });
    expect(canvasSize(25, 10)).toEqual({ width: 10 * STEP - GAP_PX, height: 3 * STEP - GAP_PX });
  });
});
