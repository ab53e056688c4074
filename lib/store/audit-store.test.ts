import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AuditStore, type NewAuditEntry } from "./audit-store";
import { openDatabase } from "./sqlite";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "audit-store-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const T = Date.parse("2026-11-25T18:00:00.000Z");
const raise = (e: Partial<NewAuditEntry> & Pick<NewAuditEntry, "host" | "ts">): NewAuditEntry => ({
  user: "olivia", role: "operator", action: "raise-limit", mode: "temporary", oldMax: 262144, newMax: 524288, oldHashsize: null, newHashsize: null,
  commands: [], files: [], outcome: "success", error: null, detail: null, ...e,
});

describe("AuditStore.latestRaises", () => {
  it("is each host's latest successful raise; refusals, failures and attempts without a value do not count", () => {
    const a = new AuditStore(openDatabase(path.join(work, "one")));
    a.append(raise({ host: "web-01", ts: T - 3000 }));
    a.append(raise({ host: "web-01", ts: T - 2000, mode: "permanent", newMax: 786432, oldMax: 524288 }));
    a.append(raise({ host: "web-01", ts: T - 1000, outcome: "failed" }));
    a.append(raise({ host: "db-01", ts: T - 1000, outcome: "refused" }));
    a.append(raise({ host: "db-01", ts: T - 500, mode: null, newMax: null }));
    expect([...a.latestRaises()]).toEqual([["web-01", { ts: T - 2000, user: "olivia", mode: "permanent", oldMax: 524288, newMax: 786432, outcome: "success" }]]);
  });

  it("sees appends through this store and commits by another connection (a second process on the same file)", () => {
    const dir = path.join(work, "two");
    const a = new AuditStore(openDatabase(dir));
    const other = new AuditStore(openDatabase(dir));
    a.append(raise({ host: "web-01", ts: T - 3000 }));
    const first = a.latestRaises();
    expect(a.latestRaises()).toBe(first); // unchanged: the cached answer
    a.append(raise({ host: "lb-01", ts: T - 2000 }));
    expect([...a.latestRaises().keys()].sort()).toEqual(["lb-01", "web-01"]);
    other.append(raise({ host: "web-01", ts: T - 1000, mode: "permanent" }));
    expect(a.latestRaises().get("web-01")?.mode).toBe("permanent");
  });
});
