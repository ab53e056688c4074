import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/store/sqlite";
import { hashToken } from "./api-token";
import { LAST_USED_RESOLUTION_MS, TokenNameTaken, TokenStore } from "./token-store";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "token-store-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const T0 = Date.parse("2026-11-25T18:00:00Z");

describe("TokenStore (a real SQLite file)", () => {
  const db = openDatabase(dir);
  const store = new TokenStore(db);

  it("keeps only the SHA-256 of the secret, and knows the token by it", async () => {
    const { secret, token } = await store.create({ name: "ci", role: "viewer", createdBy: "olivia", expiresAt: null }, T0);
    const row = db.prepare("SELECT * FROM api_tokens WHERE id = ?").get(token.id) as Record<string, unknown>;
    expect(Object.values(row)).not.toContain(secret);
    expect(row.secret_hash).toBe(hashToken(secret));
    const r = await store.check(secret, T0 + 1000);
    expect(r.ok && r.token).toMatchObject({ name: "ci", role: "viewer", createdBy: "olivia", lastUsedAt: T0 + 1000 });
  });

  it("writes last-used at most once a minute", async () => {
    const { secret, token } = await store.create({ name: "scraper", role: "metrics", createdBy: "cli:root", expiresAt: null }, T0);
    await store.check(secret, T0 + 5_000);
    await store.check(secret, T0 + 30_000);
    expect((await store.get(token.id))?.lastUsedAt).toBe(T0 + 5_000);
    await store.check(secret, T0 + 5_000 + LAST_USED_RESOLUTION_MS);
    expect((await store.get(token.id))?.lastUsedAt).toBe(T0 + 5_000 + LAST_USED_RESOLUTION_MS);
  });

  it("refuses an expired, a revoked, an unknown and a malformed token with the reason", async () => {
    const exp = await store.create({ name: "short", role: "operator", createdBy: "olivia", expiresAt: T0 + 60_000 }, T0);
    expect((await store.check(exp.secret, T0 + 59_999)).ok).toBe(true);
    expect(await store.check(exp.secret, T0 + 60_000)).toEqual({ ok: false, reason: "API token short expired at 2026-11-25T18:01:00.000Z" });
    const rev = await store.create({ name: "gone", role: "viewer", createdBy: "olivia", expiresAt: null }, T0);
    expect(await store.revoke(rev.token.id, "victor", T0 + 120_000)).toBe(true);
    expect(await store.revoke(rev.token.id, "victor", T0 + 130_000)).toBe(false);
    expect(await store.check(rev.secret, T0 + 200_000)).toEqual({ ok: false, reason: "API token gone was revoked at 2026-11-25T18:02:00.000Z" });
    expect(await store.check(`ctf_${"A".repeat(43)}`, T0)).toEqual({ ok: false, reason: "unknown API token" });
    expect((await store.check("hunter2", T0)).ok).toBe(false);
  });

  it("a name is unique among live tokens; a revoked token's name can be reused", async () => {
    await expect(store.create({ name: "ci", role: "operator", createdBy: "olivia", expiresAt: null }, T0)).rejects.toThrow(TokenNameTaken);
    const again = await store.create({ name: "gone", role: "viewer", createdBy: "olivia", expiresAt: null }, T0);
    expect((await store.liveByName("gone"))?.id).toBe(again.token.id);
    expect((await store.list()).filter((t) => t.name === "gone")).toHaveLength(2);
    // Live tokens first.
    expect((await store.list()).at(-1)?.revokedAt).not.toBeNull();
  });
});
