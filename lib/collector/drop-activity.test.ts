import { describe, expect, it } from "vitest";
import { isDroppingNow, nextDropActivity, NO_DROP_ACTIVITY, type DropActivity } from "./drop-activity";
import { counterDeltas, type CounterSnapshot } from "./host-status";

const T0 = Date.parse("2026-12-02T03:00:00Z");
const s = (n: number) => T0 + n * 1000;

/** Feeds reads as [secondsFromT0, increment since the previous read (null: unknown)]. */
function run(reads: [number, number | null][]): DropActivity[] {
  const out: DropActivity[] = [];
  let a = NO_DROP_ACTIVITY;
  for (const [t, delta] of reads) {
    a = nextDropActivity(a, s(t), delta, 60_000);
    out.push(a);
  }
  return out;
}

describe("nextDropActivity", () => {
  it("knows nothing from one read: no rate, not dropping", () => {
    const [a] = run([[0, null]]);
    expect(a).toEqual({ lastReadAt: s(0), rate: null, since: null, lastAt: null });
  });

  it("starts a run at the first moving read, keeps its start, ends it at the first still read", () => {
    const a = run([[0, null], [5, 0], [10, 500], [15, 1000], [20, 0]]);
    expect(a[1]).toMatchObject({ rate: 0, since: null });
    expect(a[2]).toMatchObject({ rate: 100, since: s(10), lastAt: s(10) });
    expect(a[3]).toMatchObject({ rate: 200, since: s(10), lastAt: s(15) });
    // The raise worked: the next poll says so, with the last drop remembered.
    expect(a[4]).toMatchObject({ rate: 0, since: null, lastAt: s(15) });
  });

  it("takes a reset counter (reboot) as counterDeltas counts it: from zero, never negative", () => {
    const snap = (t: number, uptimeS: number, drop: number): CounterSnapshot => ({ ts: s(t), uptimeMs: uptimeS * 1000, drop, earlyDrop: 0, insertFailed: 0 });
    const before = snap(5, 86_400, 5000);
    const after = snap(10, 4, 50);
    const a = run([[0, null], [5, 0]]);
    const next = nextDropActivity(a[1]!, s(10), counterDeltas(before, after)?.drop ?? null, 60_000);
    expect(next).toMatchObject({ rate: 10, since: s(10) });
  });

  it("after a long gap, a moved counter is a past drop, not dropping now", () => {
    const a = run([[0, null], [600, 800]]);
    expect(a[1]).toMatchObject({ since: null, lastAt: s(600) });
    expect(a[1]?.rate).toBeCloseTo(800 / 600);
  });
});

describe("isDroppingNow", () => {
  it("is true only while the moving read is fresh", () => {
    const a = run([[0, null], [5, 100]])[1]!;
    expect(isDroppingNow(a, s(6), 25_000)).toBe(true);
    expect(isDroppingNow(a, s(40), 25_000)).toBe(false);
    expect(isDroppingNow(NO_DROP_ACTIVITY, s(6), 25_000)).toBe(false);
  });
});
