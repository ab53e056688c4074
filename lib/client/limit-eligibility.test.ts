import { describe, expect, it } from "vitest";
import { raiseBlocker } from "./limit-eligibility";
import { makeHost } from "./test-hosts";

describe("raiseBlocker", () => {
  it.each([
    [{}, null],
    [{ status: "critical" as const }, null],
    [{ status: "warn" as const }, null],
    [{ status: "unreachable" as const }, /could not reach/],
    [{ status: "hostkey" as const }, /host key/],
    [{ status: "pending" as const, max: null }, /Not polled/],
    [{ status: "no-conntrack" as const, max: null }, /not loaded/],
    [{ max: null }, /unknown/],
    [{ max: 0 }, /no limit/],
  ])("%j", (over, expected) => {
    const r = raiseBlocker(makeHost("web-01", over));
    if (expected === null) expect(r).toBeNull();
    else expect(r).toMatch(expected);
  });
});
