import { describe, expect, it } from "vitest";
import { generateToken, hashToken, isTokenShaped, parseExpiry, readBearer, tokenHint } from "./api-token";

const NOW = Date.parse("2026-11-25T18:00:00Z");

describe("API token format", () => {
  it("is ctf_ and 43 base64url characters, different every time, stored as a SHA-256", () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).toMatch(/^ctf_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(isTokenShaped(a)).toBe(true);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toBe(hashToken(b));
    expect(tokenHint(a)).toBe(`${a.slice(0, 8)}…`);
  });

  it.each([
    ["ctf_short", false],
    ["ghp_" + "a".repeat(43), false],
    ["ctf_" + "a".repeat(42) + "=", false],
    ["ctf_" + "a".repeat(44), false],
    ["ctf_" + "A-_9".repeat(10) + "abc", true],
  ])("%s shaped like a token: %s", (t, ok) => expect(isTokenShaped(t)).toBe(ok));
});

describe("readBearer", () => {
  it.each<[Record<string, string>, ReturnType<typeof readBearer>]>([
    [{}, { kind: "absent" }],
    [{ authorization: "Bearer ctf_abc" }, { kind: "token", token: "ctf_abc" }],
    [{ authorization: "bearer  ctf_abc " }, { kind: "token", token: "ctf_abc" }],
    [{ authorization: "Basic b2xpdmlhOnB3" }, { kind: "malformed", reason: "the Authorization header must be `Bearer <token>`" }],
    [{ authorization: "Bearer" }, { kind: "malformed", reason: "the Authorization header must be `Bearer <token>`" }],
    [{ authorization: "Bearer a b" }, { kind: "malformed", reason: "the Authorization header must be `Bearer <token>`" }],
  ])("%j", (headers, want) => expect(readBearer(new Headers(headers))).toEqual(want));
});

describe("parseExpiry", () => {
  it.each([
    ["30d", NOW + 30 * 86_400_000],
    ["12h", NOW + 12 * 3_600_000],
    ["2w", NOW + 14 * 86_400_000],
    ["never", null],
    ["2027-01-31", Date.parse("2027-01-31T00:00:00Z")],
    ["2027-01-31T12:00:00+02:00", Date.parse("2027-01-31T10:00:00Z")],
  ])("%s", (text, want) => expect(parseExpiry(text, NOW)).toBe(want));

  it.each([
    ["0d", /more than zero/],
    ["30", /write a duration/],
    ["30m", /write a duration/],
    ["1e3d", /write a duration/],
    ["4000d", /at most 10 years/],
    ["2026-01-01", /in the past/],
    ["2026-02-30", /not a valid date|in the past/],
  ])("%s is refused", (text, re) => expect(() => parseExpiry(text, NOW)).toThrow(re));
});
