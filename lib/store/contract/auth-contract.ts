import { afterEach, beforeEach, expect, it } from "vitest";
import { LAST_USED_RESOLUTION_MS, TokenNameTaken } from "@/lib/auth/token-store";
import type { EngineFactory, StoreFixture } from "./fixture";

/** API tokens (lib/auth/token-store.test.ts) and sessions (lib/auth/session-store.ts). */

const T0 = Date.parse("2026-11-25T18:00:00Z");

export function tokensContract(engine: EngineFactory): void {
  let fx: StoreFixture;
  beforeEach(async () => {
    fx = await engine.create();
  });
  afterEach(() => fx.dispose());

  it("knows a token by its secret, which is returned once and never stored or listed", async () => {
    const tokens = fx.store.tokens;
    const { secret, token } = await tokens.create({ name: "ci", role: "viewer", createdBy: "olivia", expiresAt: null }, T0);
    expect(token).toMatchObject({ name: "ci", role: "viewer", createdBy: "olivia", createdAt: T0, expiresAt: null, lastUsedAt: null, revokedAt: null, revokedBy: null });
    expect(secret.startsWith(token.hint.replace(/…$/, ""))).toBe(true);
    expect(JSON.stringify(await tokens.list())).not.toContain(secret);
    const r = await tokens.check(secret, T0 + 1000);
    expect(r.ok && r.token).toMatchObject({ id: token.id, name: "ci", role: "viewer", createdBy: "olivia", lastUsedAt: T0 + 1000 });
    expect(await tokens.get(token.id)).toMatchObject({ lastUsedAt: T0 + 1000 });
    expect(await tokens.get(token.id + 1000)).toBeNull();
  });

  it("writes last-used at most once a minute", async () => {
    const tokens = fx.store.tokens;
    const { secret, token } = await tokens.create({ name: "scraper", role: "metrics", createdBy: "cli:root", expiresAt: null }, T0);
    await tokens.check(secret, T0 + 5_000);
    await tokens.check(secret, T0 + 30_000);
    expect((await tokens.get(token.id))?.lastUsedAt).toBe(T0 + 5_000);
    await tokens.check(secret, T0 + 5_000 + LAST_USED_RESOLUTION_MS);
    expect((await tokens.get(token.id))?.lastUsedAt).toBe(T0 + 5_000 + LAST_USED_RESOLUTION_MS);
  });

  it("refuses an expired, a revoked, an unknown and a malformed token with the reason", async () => {
    const tokens = fx.store.tokens;
    const exp = await tokens.create({ name: "short", role: "operator", createdBy: "olivia", expiresAt: T0 + 60_000 }, T0);
    expect((await tokens.check(exp.secret, T0 + 59_999)).ok).toBe(true);
    expect(await tokens.check(exp.secret, T0 + 60_000)).toEqual({ ok: false, reason: "API token short expired at 2026-11-25T18:01:00.000Z" });
    const rev = await tokens.create({ name: "gone", role: "viewer", createdBy: "olivia", expiresAt: null }, T0);
    expect(await tokens.revoke(rev.token.id, "victor", T0 + 120_000)).toBe(true);
    expect(await tokens.revoke(rev.token.id, "victor", T0 + 130_000)).toBe(false);
    expect(await tokens.get(rev.token.id)).toMatchObject({ revokedAt: T0 + 120_000, revokedBy: "victor" });
    expect(await tokens.check(rev.secret, T0 + 200_000)).toEqual({ ok: false, reason: "API token gone was revoked at 2026-11-25T18:02:00.000Z" });
    expect(await tokens.check(`ctf_${"A".repeat(43)}`, T0)).toEqual({ ok: false, reason: "unknown API token" });
    expect((await tokens.check("hunter2", T0)).ok).toBe(false);
  });

  it("a name is unique among live tokens; a revoked token's name can be reused; live tokens list first", async () => {
    const tokens = fx.store.tokens;
    await tokens.create({ name: "ci", role: "viewer", createdBy: "olivia", expiresAt: null }, T0);
    await expect(tokens.create({ name: "ci", role: "operator", createdBy: "olivia", expiresAt: null }, T0)).rejects.toThrow(TokenNameTaken);
    const gone = await tokens.create({ name: "gone", role: "viewer", createdBy: "olivia", expiresAt: null }, T0 - 1000);
    await tokens.revoke(gone.token.id, "victor", T0);
    const again = await tokens.create({ name: "gone", role: "viewer", createdBy: "olivia", expiresAt: null }, T0 + 1000);
    expect((await tokens.liveByName("gone"))?.id).toBe(again.token.id);
    expect(await tokens.liveByName("nobody")).toBeNull();
    const list = await tokens.list();
    expect(list.map((t) => [t.name, t.revokedAt === null])).toEqual([["gone", true], ["ci", true], ["gone", false]]);
  });
}

export function sessionsContract(engine: EngineFactory): void {
  let fx: StoreFixture;
  const limits = { idleMs: 60_000, absoluteMs: 3_600_000 };
  beforeEach(async () => {
    fx = await engine.create();
  });
  afterEach(() => fx.dispose());

  it("a session is found by its id (here and through another store) until logout", async () => {
    const sessions = fx.store.sessions(limits);
    const { id, session } = await sessions.create("olivia", "operator", T0);
    expect(session).toMatchObject({ user: "olivia", role: "operator", createdAt: T0, lastSeenAt: T0 });
    expect(session.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await sessions.get(id, T0 + 1000)).toEqual({ ...session, lastSeenAt: T0 + 1000 });
    expect(await (await fx.reopen()).sessions(limits).get(id, T0 + 2000)).toEqual({ ...session, lastSeenAt: T0 + 2000 });
    await sessions.destroy(id);
    expect(await sessions.get(id, T0 + 3000)).toBeNull();
    expect(await sessions.get(undefined, T0)).toBeNull();
    expect(await sessions.get("x".repeat(129), T0)).toBeNull();
    await sessions.destroy(undefined);
  });

  it("idle timeout, measured from the last touch; a touch is written at most every 10 s", async () => {
    const sessions = fx.store.sessions(limits);
    const a = await sessions.create("olivia", "viewer", T0);
    // Seen 5 s after login: not written, so idleness still counts from login.
    expect(await sessions.get(a.id, T0 + 5_000)).toMatchObject({ lastSeenAt: T0 + 5_000 });
    expect(await sessions.get(a.id, T0 + 60_001)).toBeNull();
    expect(await sessions.get(a.id, T0 + 60_002)).toBeNull(); // and it is gone for good
    const b = await sessions.create("olivia", "viewer", T0);
    expect(await sessions.get(b.id, T0 + 11_000)).not.toBeNull(); // written
    expect(await sessions.get(b.id, T0 + 70_000)).toMatchObject({ lastSeenAt: T0 + 70_000 });
  });

  it("absolute timeout, however active the session is", async () => {
    const sessions = fx.store.sessions(limits);
    const { id } = await sessions.create("olivia", "viewer", T0);
    for (let t = T0 + 50_000; t <= T0 + limits.absoluteMs; t += 50_000) expect(await sessions.get(id, t)).not.toBeNull();
    expect(await sessions.get(id, T0 + limits.absoluteMs + 1)).toBeNull();
  });
}
