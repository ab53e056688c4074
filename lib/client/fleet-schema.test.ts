import { describe, expect, it } from "vitest";
import { fleetSnapshotSchema } from "./fleet-schema";

const base = {
  generatedAt: "2026-11-25T18:00:00.000Z",
  pollIntervalSeconds: 5,
  thresholds: { warn: 0.75, critical: 0.9 },
};

describe("fleetSnapshotSchema", () => {
  it("fills optional fields a minimal pending host leaves out", () => {
    const parsed = fleetSnapshotSchema.parse({
      ...base,
      hosts: [
        { name: "new", address: "127.0.0.9", status: "pending", count: null, max: null, utilization: null, lastPollAt: null, lastOkAt: null },
      ],
    });
    expect(parsed.hosts[0]).toMatchObject({ tags: [], droppingNow: false, error: null, drops: null, dropsLastHour: null });
  });

  it.each([
    ["unknown status", { status: "on-fire" }],
    ["negative count", { count: -1 }],
    ["missing name", { name: "" }],
  ])("rejects %s", (_label, over) => {
    const host = { name: "a", address: "x", status: "ok", count: 1, max: 2, utilization: 0.5, lastPollAt: null, lastOkAt: null, ...over };
    expect(fleetSnapshotSchema.safeParse({ ...base, hosts: [host] }).success).toBe(false);
  });
});
