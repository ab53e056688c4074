import { describe, expect, it } from "vitest";
import { parseFleetInSlices, sameHost } from "./fleet-parse";
import type { FleetHost } from "./fleet-schema";
import { makeHost } from "./test-hosts";

const doc = (hosts: FleetHost[], over: object = {}) => ({
  generatedAt: "2026-11-25T18:00:00.000Z",
  pollIntervalSeconds: 5,
  thresholds: { warn: 0.75, critical: 0.9 },
  hosts: hosts.map((h) => JSON.parse(JSON.stringify(h)) as unknown),
  ...over,
});
const fleet = Array.from({ length: 600 }, (_, i) => makeHost(`h-${i}`, { tags: ["web", "eu"], count: i }));

describe("parseFleetInSlices", () => {
  it("parses a document spanning several slices, in order, filling defaults", async () => {
    const parsed = await parseFleetInSlices(doc(fleet));
    expect(parsed!.hosts.map((h) => h.name)).toEqual(fleet.map((h) => h.name));
    expect(parsed!.progress).toBeNull();
    expect(parsed!.hosts[7]).toEqual(fleet[7]);
  });

  it("hands back the objects it already had for hosts that did not change", async () => {
    const first = (await parseFleetInSlices(doc(fleet)))!;
    const moved = fleet.map((h, i) => (i === 500 ? { ...h, count: 5 } : h));
    const second = (await parseFleetInSlices(doc(moved, { generatedAt: "2026-11-25T18:00:05.000Z" }), first))!;
    expect(second.hosts[499]).toBe(first.hosts[499]);
    expect(second.hosts[500]).not.toBe(first.hosts[500]);
    expect(second.hosts[500]!.count).toBe(5);
    expect(second.thresholds).toBe(first.thresholds);
    const third = (await parseFleetInSlices(doc(moved), second))!;
    expect(third.hosts).toBe(second.hosts);
  });

  it("matches hosts by name, not position, when the fleet file changes", async () => {
    const first = (await parseFleetInSlices(doc(fleet.slice(0, 3))))!;
    const second = (await parseFleetInSlices(doc([fleet[2]!, fleet[0]!]), first))!;
    expect(second.hosts[0]).toBe(first.hosts[2]);
    expect(second.hosts).not.toBe(first.hosts);
  });

  it.each([
    ["a host that does not fit", doc([makeHost("a"), { ...makeHost("b"), status: "on-fire" } as unknown as FleetHost])],
    ["no hosts array", { generatedAt: "x", pollIntervalSeconds: 5, thresholds: { warn: 0.7, critical: 0.9 } }],
    ["not JSON", null],
  ])("is null for %s", async (_label, body) => {
    expect(await parseFleetInSlices(body)).toBeNull();
  });
});

describe("sameHost", () => {
  const a = makeHost("a", { tags: ["x", "y"], error: { code: "auth", message: "no" } });
  it.each<[string, Partial<FleetHost>, boolean]>([
    ["identical copy", {}, true],
    ["count moved", { count: 2 }, false],
    ["polled again", { lastPollAt: "2026-11-25T18:00:05.000Z" }, false],
    ["tag order", { tags: ["y", "x"] }, false],
    ["same error text", { error: { code: "auth", message: "no" } }, true],
    ["other error text", { error: { code: "auth", message: "denied" } }, false],
    ["next due time", { nextPollAt: null }, false],
  ])("%s → %s", (_label, over, expected) => {
    expect(sameHost(a, { ...a, ...over })).toBe(expected);
  });

  // A changed host key carries the expected lines: a fresh parse of the same text is the same host.
  const key = (line: number) => ({
    code: "hostkey",
    message: "HOST KEY CHANGED",
    fingerprint: "SHA256:new",
    expected: [{ type: "ssh-ed25519", fingerprint: "SHA256:old", file: "/k", line }],
    removeCommands: ["ssh-keygen -R h -f /k"],
  });
  it.each([
    ["same expected lines, new arrays", key(3), true],
    ["expected line moved", key(4), false],
  ] as const)("hostkey: %s → %s", (_label, error, expected) => {
    expect(sameHost({ ...a, error: key(3) }, { ...a, error })).toBe(expected);
  });
});
