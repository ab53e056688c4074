import { createHash, randomBytes } from "node:crypto";

/**
 * API tokens: `ctf_` and 32 random bytes in base64url. The prefix lets secret scanners (and people)
 * recognise one in a paste or a repository; 256 bits of randomness make a plain SHA-256 the right
 * stored form (a slow password hash protects guessable secrets, and these are not guessable).
 */
export const TOKEN_PREFIX = "ctf_";
const TOKEN_RE = /^ctf_[A-Za-z0-9_-]{43}$/;

export const TOKEN_ROLES = ["viewer", "operator", "metrics"] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export const TOKEN_NAME_RE = /^[A-Za-z0-9._-]{1,64}$/;
export const TOKEN_NAME_RULE = "1-64 letters, digits, '.', '_' or '-'";

/** What the audit log and the API call a token's caller: `token:ci`. */
export const tokenUser = (name: string) => `token:${name}`;

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isTokenShaped(token: string): boolean {
  return TOKEN_RE.test(token);
}

/** Shown in lists so a person can tell tokens apart without the secret: `ctf_AbCd…`. */
export function tokenHint(token: string): string {
  return `${token.slice(0, TOKEN_PREFIX.length + 4)}…`;
}

/**
 * The bearer credential of a request: `absent` (no Authorization header: a cookie session may
 * apply), the token, or why the header is unusable. A present header always means token auth,
 * so a bad one is a 401, never a silent fall-back to the cookie.
 */
export function readBearer(headers: Headers): { kind: "absent" } | { kind: "token"; token: string } | { kind: "malformed"; reason: string } {
  const value = headers.get("authorization");
  if (value === null) return { kind: "absent" };
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(value);
  if (!m) return { kind: "malformed", reason: "the Authorization header must be `Bearer <token>`" };
  return { kind: "token", token: m[1] as string };
}

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
const MAX_EXPIRY_MS = 10 * 365 * 86_400_000;

/** `--expires 30d` (h, d or w), `never`, or a date: the expiry time, null for none. */
export function parseExpiry(text: string, now: number): number | null {
  const t = text.trim();
  if (t === "never") return null;
  const m = /^([0-9]{1,5})([hdw])$/.exec(t);
  if (m) {
    const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
    if (ms <= 0) throw new Error(`expiry ${t}: must be more than zero`);
    if (ms > MAX_EXPIRY_MS) throw new Error(`expiry ${t}: at most 10 years`);
    return now + ms;
  }
  if (/^\d{4}-\d\d-\d\d(T[0-9:.]+(Z|[+-]\d\d:\d\d))?$/.test(t)) {
    const at = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
    if (!Number.isFinite(at)) throw new Error(`expiry ${t}: not a valid date`);
    if (at <= now) throw new Error(`expiry ${t}: already in the past`);
    if (at - now > MAX_EXPIRY_MS) throw new Error(`expiry ${t}: at most 10 years ahead`);
    return at;
  }
  throw new Error(`expiry ${t}: write a duration such as 12h, 30d or 2w, a date such as 2027-01-31, or never`);
}
