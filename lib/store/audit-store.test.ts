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
  it("is each host's latest successful raise; refusals, failures and attempts without a value do not count", async () => {
    const a = new AuditStore(openDatabase(path.join(work, "one")));
    await a.append(raise({ host: "web-01", ts: T - 3000 }));
    await a.append(raise({ host: "web-01", ts: T - 2000, mode: "permanent", newMax: 786432, oldMax: 524288 }));
    await a.append(raise({ host: "web-01", ts: T - 1000, outcome: "failed" }));
    await a.append(raise({ host: "db-01", ts: T - 1000, outcome: "refused" }));
    await a.append(raise({ host: "db-01", ts: T - 500, mode: null, newMax: null }));
    expect([...(await a.latestRaises())]).toEqual([["web-01", { ts: T - 2000, user: "olivia", mode: "permanent", oldMax: 524288, newMax: 786432, outcome: "success" }]]);
  });

  it("sees appends through this store and commits by another connection (a second process on the same file)", async () => {
    const dir = path.join(work, "two");
    const a = new AuditStore(openDatabase(dir));
    const other = new AuditStore(openDatabase(dir));
    await a.append(raise({ host: "web-01", ts: T - 3000 }));
    const first = await a.latestRaises();
    expect(await a.latestRaises()).toBe(first); // unchanged: the cached answer
    await a.append(raise({ host: "lb-01", ts: T - 2000 }));
    expect([...(await a.latestRaises()).keys()].sort()).toEqual(["lb-01", "web-01"]);
    await other.append(raise({ host: "web-01", ts: T - 1000, mode: "permanent" }));
    expect((await a.latestRaises()).get("web-01")?.mode).toBe("permanent");
  });
});
