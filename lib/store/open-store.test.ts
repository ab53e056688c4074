import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "./open-store";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "open-store-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const limits = { idleMs: 60_000, absoluteMs: 3_600_000 };

describe("openStore without a database URL: the SQLite file in dataDir", () => {
  it("serves the fleet, sessions and tokens through the ports, and keeps them across a close and reopen", async () => {
    const dataDir = path.join(work, "data");
    const first = await openStore({ dataDir, databaseUrl: null });
    expect(first.engine).toBe("sqlite");
    expect(first.fleet.engine).toBe("sqlite");
    expect(fs.existsSync(path.join(dataDir, "conntrack.db"))).toBe(true);
    await first.fleet.syncHosts([{ name: "web-01", address: "10.0.0.1" }]);
    await first.fleet.upsertFacts("web-01", 1_000, { kernel: "6.1.0", cores: 4, memTotalBytes: 8 << 30, module: "nf_conntrack" });
    const sessions = first.sessions(limits);
    const now = Date.now();
    const { id } = await sessions.create("olivia", "operator", now);
    const { secret } = await first.tokens.create({ name: "ci", role: "viewer", createdBy: "olivia", expiresAt: null }, now);
    await first.close();

    const again = await openStore({ dataDir });
    try {
      await again.fleet.syncHosts([{ name: "web-01", address: "10.0.0.1" }]);
      expect(await again.fleet.facts("web-01")).toEqual({ kernel: "6.1.0", cores: 4, memTotalBytes: 8 << 30, module: "nf_conntrack", entryBytes: null });
      const s = again.sessions(limits);
      expect(await s.get(id, now + 1_000)).toMatchObject({ user: "olivia", role: "operator" });
      // Idle past the limit: gone, and stays gone.
      expect(await s.get(id, now + 1_000 + limits.idleMs + 1)).toBeNull();
      expect(await s.get(id, now + 2_000)).toBeNull();
      const check = await again.tokens.check(secret, now + 3_000);
      expect(check.ok && check.token.name).toBe("ci");
    } finally {
      await again.close();
    }
  });

  it("a destroyed session is not found again", async () => {
    const store = await openStore({ dataDir: path.join(work, "destroy") });
    try {
      const sessions = store.sessions(limits);
      const { id } = await sessions.create("victor", "viewer");
      expect(await sessions.get(id)).not.toBeNull();
      await sessions.destroy(id);
      expect(await sessions.get(id)).toBeNull();
    } finally {
      await store.close();
    }
  });
});
