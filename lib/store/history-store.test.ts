import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FleetStore } from "./fleet-store";
import { openDatabase, type Db } from "./sqlite";

/** Event order against a real SQLite file: kern.log stamps whole seconds, so ties are the norm in a burst. */

const T = Date.parse("2026-11-25T20:48:00Z");
const line = (msg: string) => `Nov 25 20:48:00 web-01 kernel: [17304320.480000] ${msg}`;
const FULL = "nf_conntrack: nf_conntrack: table full, dropping packet";
const SUPPRESSED = "net_ratelimit: 245 callbacks suppressed";

let dir: string;
let db: Db;

async function open(): Promise<FleetStore> {
  db = openDatabase(dir);
  const store = new FleetStore(db);
  await store.syncHosts([{ name: "web-01", address: "127.0.0.1" }]);
  return store;
}

const ordered = async (store: FleetStore) =>
  (await store.history.events({ hostId: store.idOf("web-01"), fromMs: T - 60_000, toMs: T + 60_000, limit: 100 })).map((e) => e.line);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "history-store-test-"));
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("kernel-log events in one second", () => {
  it("come back in the order they were logged, not in the order of their keys", async () => {
    const store = await open();
    // Keys sorting opposite to the log order: "z…" logged first, "a" (the suppressed line) last.
    const burst = [
      ...Array.from({ length: 5 }, (_, i) => ({ ts: T, kind: "table_full", count: 1, source: "kern.log", line: line(FULL), key: `z${9 - i}` })),
      { ts: T, kind: "suppressed", count: 245, source: "kern.log", line: line(SUPPRESSED), key: "a" },
    ];
    expect(await store.history.insertEvents(store.idOf("web-01"), burst)).toBe(6);
    const lines = await ordered(store);
    expect(lines).toHaveLength(6);
    expect(lines.slice(0, 5).every((l) => l.endsWith(FULL))).toBe(true);
    expect(lines[5]).toBe(line(SUPPRESSED));
  });

  it("keep that order across a restart, and a re-read adds nothing and reorders nothing", async () => {
    let store = await open();
    const id = store.idOf("web-01");
    await store.history.insertEvents(id, [{ ts: T, kind: "table_full", count: 1, source: "kern.log", line: line(FULL), key: "m" }]);
    db.close();
    store = await open();
    // After the restart: the same line again (overlapping read) and a later line of the same second.
    const added = await store.history.insertEvents(id, [
      { ts: T, kind: "table_full", count: 1, source: "kern.log", line: line(FULL), key: "m" },
      { ts: T, kind: "suppressed", count: 245, source: "kern.log", line: line(SUPPRESSED), key: "b" },
    ]);
    expect(added).toBe(1);
    expect(await ordered(store)).toEqual([line(FULL), line(SUPPRESSED)]);
  });
});
