import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fleetSnapshotSchema } from "@/lib/client/fleet-schema";
import type { Runtime } from "@/lib/collector/runtime";
import { parseFleetLines } from "@/lib/client/fleet-parse";
import { AuditStore, type NewAuditEntry } from "@/lib/store/audit-store";
import { openDatabase } from "@/lib/store/sqlite";
import { etagMatches, fleetDocument, fleetView, hostView } from "./hosts-view";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "hosts-view-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let dbCount = 0;
/** A real audit log in a fresh SQLite file. */
const auditStore = () => new AuditStore(openDatabase(path.join(work, String(dbCount++))));

const T = Date.parse("2026-11-25T18:00:00.000Z");

function liveHost(name: string, over: Record<string, unknown> = {}) {
  return {
    name, address: "127.0.10.1", tags: ["web"], status: "ok", error: null, count: 100, max: 1000, buckets: 250, drops: 0,
    kernel: "6.1.0", lastPollAt: T - 1000, lastOkAt: T - 1000, lastPollMs: 12, dropsLastHour: 0, droppingNow: false,
    dropRate: 0, droppingSince: null, lastDropAt: null, nextPollAt: T + 4000, connection: "connected", pollMode: "reader", readerRestarts: 0, ...over,
  };
}

let configError: { at: number; problems: string[] } | null = null;

/** Only what the view reads of a runtime: the config, the fleet's live report, the audit log and the reload state. */
function runtime(
  hosts: ReturnType<typeof liveHost>[],
  progress = { total: hosts.length, connected: hosts.length, connecting: 0, failing: 0, pending: 0 },
  audit = auditStore(),
  boot: Record<string, number> = {},
): Runtime {
  const fleet = {
    hosts: () => hosts,
    progress: () => progress,
    hostView: (name: string) => hosts.find((h) => h.name === name) ?? null,
    has: (name: string) => hosts.some((h) => h.name === name),
    bootTime: (name: string) => boot[name] ?? null,
  };
  const reloader = { status: { file: "/etc/fleet.yaml", loadedAt: T - 60_000, error: configError } };
  return { config: { pollIntervalMs: 5000, timeoutMs: 10_000, thresholds: { warn: 0.75, critical: 0.9 } }, fleet, store: { audit }, reloader } as unknown as Runtime;
}

const raise = (e: Partial<NewAuditEntry> & Pick<NewAuditEntry, "host" | "ts">): NewAuditEntry => ({
  user: "olivia", role: "operator", action: "raise-limit", mode: "temporary", oldMax: 1000, newMax: 2000, oldHashsize: null, newHashsize: null,
  commands: [], files: [], outcome: "success", error: null, detail: null, ...e,
});

describe("fleetView", () => {
  it("carries the schedule, poll mode and progress the collector reports", async () => {
    const rt = runtime(
      [liveHost("a", { readerRestarts: 2 })],
      { total: 1, connected: 1, connecting: 0, failing: 0, pending: 0 },
    );
    const doc = await fleetView(rt, T);
    expect(doc).toMatchObject({ timeoutSeconds: 10, progress: { total: 1, connected: 1 } });
    expect(doc.hosts[0]).toMatchObject({ nextPollAt: "2026-11-25T18:00:04.000Z", connection: "connected", pollMode: "reader", readerRestarts: 2, utilization: 0.1 });
    expect(fleetSnapshotSchema.safeParse(doc).success).toBe(true);
  });

  it("says when the running configuration was read, and what a refused reload found", async () => {
    expect((await fleetView(runtime([liveHost("a")]), T)).config).toEqual({ loadedAt: "2026-11-25T17:59:00.000Z", error: null });
    configError = { at: T - 1000, problems: ["/etc/hosts.ini:3: [web] a: ansible_port: not a port number: http"] };
    try {
      const doc = await fleetView(runtime([liveHost("a")]), T);
      expect(doc.config.error).toEqual({ at: "2026-11-25T17:59:59.000Z", problems: ["/etc/hosts.ini:3: [web] a: ansible_port: not a port number: http"] });
      expect(fleetSnapshotSchema.parse(doc).config?.error?.problems).toHaveLength(1);
    } finally {
      configError = null;
    }
  });

  it("marks a live max set by a temporary raise since boot, from one audit query for the whole fleet, as the host's own view does", async () => {
    const audit = auditStore();
    const boot = { a: T - 3_600_000, b: T - 3_600_000, c: T - 3_600_000, d: T - 60_000 };
    // a: raised temporarily to its live max; b: then made permanent; c: a temporary raise to another value; d: before its reboot.
    await audit.append(raise({ host: "a", ts: T - 600_000 }));
    await audit.append(raise({ host: "a", ts: T - 500_000, outcome: "failed", mode: "permanent" }));
    await audit.append(raise({ host: "b", ts: T - 600_000 }));
    await audit.append(raise({ host: "b", ts: T - 300_000, mode: "permanent", oldMax: 2000 }));
    await audit.append(raise({ host: "c", ts: T - 600_000, newMax: 3000 }));
    await audit.append(raise({ host: "d", ts: T - 120_000 }));
    const hosts = ["a", "b", "c", "d"].map((n) => liveHost(n, { max: 2000 }));
    const rt = runtime(hosts, undefined, audit, boot);
    const doc = await fleetView(rt, T);
    expect(doc.hosts.map((h) => [h.name, h.temporaryRaise])).toEqual([
      ["a", { at: new Date(T - 600_000).toISOString(), user: "olivia", max: 2000, before: 1000 }],
      ["b", null],
      ["c", null],
      ["d", null],
    ]);
    for (const h of doc.hosts) expect((await hostView(rt, h.name, T))?.temporaryRaise).toEqual(h.temporaryRaise);
    expect(fleetSnapshotSchema.parse(doc).hosts[0]!.temporaryRaise).toMatchObject({ max: 2000 });
  });
});

describe("fleetDocument", () => {
  const hosts = [liveHost("a"), liveHost("b", { status: "critical", count: 950 })];

  it("is the view as JSON, generatedAt first", async () => {
    const { body } = await fleetDocument(runtime(hosts), T);
    expect(JSON.parse(body)).toEqual(await fleetView(runtime(hosts), T));
    expect(body.startsWith('{"generatedAt":"2026-11-25T18:00:00.000Z",')).toBe(true);
  });

  it("as NDJSON: the envelope with a host count, then one host per line, and the browser's parser reads it back", async () => {
    const { body, etag } = await fleetDocument(runtime(hosts), T, "ndjson");
    const lines = body.split("\n");
    expect(lines.at(-1)).toBe("");
    const { hosts: expected, ...envelope } = await fleetView(runtime(hosts), T);
    expect(JSON.parse(lines[0]!)).toEqual({ ...envelope, hostCount: 2 });
    expect(lines.slice(1, -1).map((l) => JSON.parse(l))).toEqual(expected);
    expect(etag).not.toBe((await fleetDocument(runtime(hosts), T)).etag);
    const parsed = await parseFleetLines(body);
    expect(parsed).toEqual(fleetSnapshotSchema.parse(await fleetView(runtime(hosts), T)));
    // A truncated body (one host line missing) is not a fleet.
    expect(await parseFleetLines(lines.slice(0, 2).join("\n"))).toBeNull();
    expect(await parseFleetLines((await fleetDocument(runtime([]), T, "ndjson")).body)).toMatchObject({ hosts: [] });
  });

  it("keeps its ETag while only the clock moves, and changes it when a host does", async () => {
    const a = (await fleetDocument(runtime(hosts), T)).etag;
    expect((await fleetDocument(runtime(hosts), T + 5000)).etag).toBe(a);
    const moved = [hosts[0]!, { ...hosts[1]!, count: 951 }];
    expect((await fleetDocument(runtime(moved), T)).etag).not.toBe(a);
    expect(a).toMatch(/^W\/"[A-Za-z0-9_-]{22}"$/);
  });
});

describe("etagMatches", () => {
  const etag = 'W/"abc"';
  it.each<[string | null, boolean]>([
    [null, false],
    ["", false],
    ['W/"abc"', true],
    ['"abc"', true],
    ['"x", W/"abc"', true],
    ["*", true],
    ['W/"abd"', false],
  ])("%s → %s", (header, expected) => {
    expect(etagMatches(header, etag)).toBe(expected);
  });
});
