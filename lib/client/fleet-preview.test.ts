import { describe, expect, it } from "vitest";
import { previewOf } from "./fleet-preview";
import { DEFAULT_VIEW } from "./fleet-view";
import { makeHost } from "./test-hosts";

const snapshot = {
  generatedAt: "2026-11-25T18:00:00.000Z",
  pollIntervalSeconds: 5,
  timeoutSeconds: 10,
  thresholds: { warn: 0.75, critical: 0.9 },
  progress: null,
  config: null,
  hosts: [
    makeHost("ok-1", { tags: ["web"] }),
    makeHost("crit-1", { tags: ["db"], status: "critical", utilization: 0.95 }),
    makeHost("warn-1", { tags: ["web"], status: "warn", utilization: 0.8 }),
    makeHost("ok-2", { tags: ["db"] }),
  ],
};

describe("previewOf", () => {
  it("takes the first rows of the URL's view, hottest first by default", () => {
    const p = previewOf(snapshot, DEFAULT_VIEW, 2);
    expect(p.snapshot.hosts.map((h) => h.name)).toEqual(["crit-1", "warn-1"]);
    expect(p).toMatchObject({ shown: 4, total: 4, tags: ["db", "web"] });
    expect(p.summary).toMatchObject({ hosts: 4, critical: 1, warn: 1, ok: 2 });
  });

  it("applies the view's filter and sort", () => {
    const p = previewOf(snapshot, { ...DEFAULT_VIEW, tag: "db", sort: "name", dir: "asc" });
    expect(p.snapshot.hosts.map((h) => h.name)).toEqual(["crit-1", "ok-2"]);
    expect(p.shown).toBe(2);
  });
});
