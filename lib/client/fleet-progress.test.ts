import { describe, expect, it } from "vitest";
import { describeProgress } from "./fleet-progress";

const p = (connected: number, connecting: number, failing: number, pending: number) => ({ total: connected + connecting + failing + pending, connected, connecting, failing, pending });

describe("describeProgress", () => {
  it("reads like the issue asks during a cold start", () => {
    expect(describeProgress(p(612, 41, 23, 324))).toEqual({
      headline: "connected 612 / 1000, 23 failing",
      detail: "41 connecting · 324 not tried yet",
      starting: true,
      shares: [0.612, 0.041, 0.023, 0.324],
    });
  });

  it("keeps saying so, quietly, when some hosts fail for good", () => {
    expect(describeProgress(p(990, 0, 10, 0))).toMatchObject({ headline: "connected 990 / 1000, 10 failing", detail: "", starting: false });
  });

  it("leaves out failures while there are none", () => {
    expect(describeProgress(p(0, 64, 0, 936))?.headline).toBe("connected 0 / 1000");
  });

  it.each([
    ["every host connected", p(1000, 0, 0, 0)],
    ["an empty fleet", p(0, 0, 0, 0)],
    ["an older server", null],
  ])("is nothing for %s", (_label, progress) => {
    expect(describeProgress(progress)).toBeNull();
  });
});
