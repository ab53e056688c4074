import { createHash, randomBytes } from "node:crypto";
import type { Role, Session } from "./session-store";
import type { ApiToken, TokenCheck } from "./token-store";

/**
 * The rules both store engines apply to sessions and API tokens: what a store keeps of a session
 * id, when a session has expired or is due a touch, and why a presented token is refused. The
 * engines only read and write rows.
 */

/** Only a hash of the session id is stored: a copy of the database does not hand out sessions. */
export const hashSessionId = (id: string) => createHash("sha256").update(id).digest("hex");

/** A new id at every login (a session id planted before login is worthless after it), with its CSRF token. */
export function newSession(user: string, role: Role, now: number): { id: string; idHash: string; session: Session } {
  const id = randomBytes(32).toString("base64url");
  const csrf = randomBytes(32).toString("base64url");
  return { id, idHash: hashSessionId(id), session: { user, role, csrf, createdAt: now, lastSeenAt: now } };
}

/** Ids no store issued (absent, or longer than any it hands out) are not looked up. */
export const isPlausibleSessionId = (id: string | undefined): id is string => !!id && id.length <= 128;

/** Expired past its idle or absolute timeout; touched at most every 10 s, so reads stay reads under polling. */
export function judgeSession(row: Pick<Session, "createdAt" | "lastSeenAt">, now: number, limits: { idleMs: number; absoluteMs: number }): "expired" | "touch" | "fresh" {
  if (now - row.lastSeenAt > limits.idleMs || now - row.createdAt > limits.absoluteMs) return "expired";
  return now - row.lastSeenAt > 10_000 ? "touch" : "fresh";
}

/** Expired sessions are deleted in bulk at most this often (each lookup also refuses its own). */
export const SESSION_SWEEP_MS = 60_000;

/** last_used_at is written at most this often per token: a scrape every second is not a write every second. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export const NOT_A_TOKEN: TokenCheck = Object.freeze({ ok: false, reason: "not an API token of this dashboard (they start with ctf_)" });

const iso = (ms: number) => new Date(ms).toISOString();

/** The verdict on the token a presented secret hashes to (null: none does), and whether its last use is due a write. */
export function judgeToken(token: ApiToken | null, now: number): { ok: false; reason: string } | { ok: true; token: ApiToken; touch: boolean } {
  if (!token) return { ok: false, reason: "unknown API token" };
  if (token.revokedAt !== null) return { ok: false, reason: `API token ${token.name} was revoked at ${iso(token.revokedAt)}` };
  if (token.expiresAt !== null && token.expiresAt <= now) return { ok: false, reason: `API token ${token.name} expired at ${iso(token.expiresAt)}` };
  return { ok: true, token, touch: token.lastUsedAt === null || now - token.lastUsedAt >= LAST_USED_RESOLUTION_MS };
}
