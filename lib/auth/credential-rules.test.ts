import { describe, expect, it } from "vitest";
import { hashSessionId, isPlausibleSessionId, judgeSession, judgeToken, LAST_USED_RESOLUTION_MS, newSession } from "./credential-rules";
import type { ApiToken } from "./token-store";

const LIMITS = { idleMs: 60_000, absoluteMs: 3_600_000 };
const T = Date.UTC(2026, 11, 2, 12);
const token = (over: Partial<ApiToken> = {}): ApiToken => ({
  id: 1, name: "ci", role: "viewer", hint: "ctf_AbCd…", createdAt: T - 1000, createdBy: "olivia",
  expiresAt: null, lastUsedAt: null, revokedAt: null, revokedBy: null, ...over,
});

describe("session rules", () => {
  it.each([
    ["just used", { createdAt: T - 5_000, lastSeenAt: T - 5_000 }, "fresh"],
    ["10 s idle exactly", { createdAt: T - 10_000, lastSeenAt: T - 10_000 }, "fresh"],
    ["11 s idle", { createdAt: T - 11_000, lastSeenAt: T - 11_000 }, "touch"],
    ["idle past the idle timeout", { createdAt: T - 70_000, lastSeenAt: T - 60_001 }, "expired"],
    ["active but past the absolute timeout", { createdAt: T - 3_600_001, lastSeenAt: T - 1_000 }, "expired"],
  ] as const)("%s: %s", (_label, row, verdict) => {
    expect(judgeSession(row, T, LIMITS)).toBe(verdict);
  });

  it("hands out a fresh 256-bit id and CSRF token, and stores only the id's hash", () => {
    const a = newSession("olivia", "operator", T);
    const b = newSession("olivia", "operator", T);
    expect(a.id).not.toBe(b.id);
    expect(a.session.csrf).not.toBe(a.id);
    expect(Buffer.from(a.id, "base64url")).toHaveLength(32);
    expect(a.idHash).toBe(hashSessionId(a.id));
    expect(a.idHash).not.toContain(a.id);
    expect(a.session).toEqual({ user: "olivia", role: "operator", csrf: a.session.csrf, createdAt: T, lastSeenAt: T });
  });

  it("does not look up ids no store issued", () => {
    expect(isPlausibleSessionId(undefined)).toBe(false);
    expect(isPlausibleSessionId("")).toBe(false);
    expect(isPlausibleSessionId("x".repeat(129))).toBe(false);
    expect(isPlausibleSessionId(newSession("v", "viewer", T).id)).toBe(true);
  });
});

describe("token rules", () => {
  it("refuses unknown, revoked and expired tokens with the reason", () => {
    expect(judgeToken(null, T)).toEqual({ ok: false, reason: "unknown API token" });
    expect(judgeToken(token({ revokedAt: T - 1 }), T)).toEqual({ ok: false, reason: `API token ci was revoked at ${new Date(T - 1).toISOString()}` });
    expect(judgeToken(token({ expiresAt: T }), T)).toEqual({ ok: false, reason: `API token ci expired at ${new Date(T).toISOString()}` });
  });

  it("writes the last use at most once per resolution", () => {
    expect(judgeToken(token(), T)).toMatchObject({ ok: true, touch: true });
    expect(judgeToken(token({ lastUsedAt: T - LAST_USED_RESOLUTION_MS + 1 }), T)).toMatchObject({ ok: true, touch: false });
    expect(judgeToken(token({ lastUsedAt: T - LAST_USED_RESOLUTION_MS }), T)).toMatchObject({ ok: true, touch: true });
  });
});
