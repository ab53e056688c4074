import { describe, expect, it } from "vitest";
import { isDroppingNow, nextDropActivity, NO_DROP_ACTIVITY, type DropActivity } from "./drop-activity";

const T0 = Date.parse("2026-12-02T03:00:00Z");
const s = (n: number) => T0 + n * 1000;

/** Feeds reads of the cumulative counter, 5 s apart unless given as [secondsFromT0, counter]. */
function run(reads: [number, number][], reset: number[] = []): DropActivity[] {
  const out: DropActivity[] = [];
  let a = NO_DROP_ACTIVITY;
  for (const [t, drop] of reads) {
    a = nextDropActivity(a, s(t), drop, reset.includes(t), 60_000);
    out.push(a);
  }
  return out;
}

describe("nextDropActivity", () => {
  it("knows nothing from one read: no rate, not dropping", () => {
    const [a] = run([[0, 213_000]]);
    expect(a).toEqual({ base: { ts: s(0), drop: 213_000 }, rate: null, since: null, lastAt: null });
  });

  it("starts a run at the first moving read, keeps its start, ends it at the first still read", () => {
    const a = run([[0, 100], [5, 100], [10, 600], [15, 1600], [20, 1600]]);
    expect(a[1]).toMatchObject({ rate: 0, since: null });
    expect(a[2]).toMatchObject({ rate: 100, since: s(10), lastAt: s(10) });
    expect(a[3]).toMatchObject({ rate: 200, since: s(10), lastAt: s(15) });
    // The raise worked: the next poll says so, with the last drop remembered.
    expect(a[4]).toMatchObject({ rate: 0, since: null, lastAt: s(15) });
  });

  it("counts a reset counter (reboot) from zero instead of going negative", () => {
    const a = run([[0, 5000], [5, 5000], [10, 50]], [10]);
    expect(a[2]).toMatchObject({ rate: 10, since: s(10) });
  });

  it("after a long gap, a moved counter is a past drop, not dropping now", () => {
    const a = run([[0, 100], [600, 900]]);
    expect(a[1]).toMatchObject({ since: null, lastAt: s(600) });
    expect(a[1]?.rate).toBeCloseTo(800 / 600);
  });
});

describe("isDroppingNow", () => {
  it("is true only while the moving read is fresh", () => {
    const a = run([[0, 100], [5, 200]])[1]!;
    expect(isDroppingNow(a, s(6), 25_000)).toBe(true);
    expect(isDroppingNow(a, s(40), 25_000)).toBe(false);
    expect(isDroppingNow(NO_DROP_ACTIVITY, s(6), 25_000)).toBe(false);
  });
});
