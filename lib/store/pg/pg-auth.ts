import "server-only";
import type pg from "pg";
import { generateToken, hashToken, isTokenShaped, tokenHint, type TokenRole } from "@/lib/auth/api-token";
import { hashSessionId, isPlausibleSessionId, judgeSession, judgeToken, newSession, NOT_A_TOKEN, SESSION_SWEEP_MS } from "@/lib/auth/credential-rules";
import type { Role, Session } from "@/lib/auth/session-store";
import { TokenNameTaken, type ApiToken, type TokenCheck } from "@/lib/auth/token-store";
import type { SessionPort, TokenPort } from "@/lib/store/ports";


/**
 * Server-side sessions shared by the replicas (a login on one is valid on all). Only the SHA-256 of
 * the id is stored; idle and absolute timeouts are checked on every lookup (lib/auth/session-store.ts).
 */
export class PgSessions implements SessionPort {
  private lastSweep = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly limits: { idleMs: number; absoluteMs: number },
  ) {}

  /** A new id at every login: a session id planted before login is worthless after it. */
  async create(user: string, role: Role, now = Date.now()): Promise<{ id: string; session: Session }> {
    const { id, idHash, session } = newSession(user, role, now);
    await this.pool.query(
      `INSERT INTO sessions (id_hash, user_name, role, csrf, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)`,
      [idHash, user, role, session.csrf, now],
    );
    return { id, session };
  }

  async get(id: string | undefined, now = Date.now()): Promise<Session | null> {
    if (!isPlausibleSessionId(id)) return null;
    await this.sweep(now);
    const key = hashSessionId(id);
    const { rows } = await this.pool.query<Session>(
      `SELECT user_name AS "user", role, csrf, created_at AS "createdAt", last_seen_at AS "lastSeenAt" FROM sessions WHERE id_hash = $1`,
      [key],
    );
    const row = rows[0];
    if (!row) return null;
    const verdict = judgeSession(row, now, this.limits);
    if (verdict === "expired") {
      await this.pool.query(`DELETE FROM sessions WHERE id_hash = $1`, [key]);
      return null;
    }
    if (verdict === "touch") await this.pool.query(`UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2`, [now, key]);
    return { ...row, lastSeenAt: now };
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id) await this.pool.query(`DELETE FROM sessions WHERE id_hash = $1`, [hashSessionId(id)]);
  }

  private async sweep(now: number): Promise<void> {
    if (now - this.lastSweep < SESSION_SWEEP_MS) return;
    this.lastSweep = now;
    await this.pool.query(`DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2`, [now - this.limits.idleMs, now - this.limits.absoluteMs]);
  }
}

const TOKEN_COLUMNS = `id, name, role, hint, created_at AS "createdAt", created_by AS "createdBy", expires_at AS "expiresAt",
  last_used_at AS "lastUsedAt", revoked_at AS "revokedAt", revoked_by AS "revokedBy"`;

/** API tokens (lib/auth/token-store.ts): only a SHA-256 of each secret; revoked rows stay. */
export class PgTokens implements TokenPort {
  constructor(private readonly pool: pg.Pool) {}

  /** The secret is returned here and nowhere else: it is shown once. */
  async create(t: { name: string; role: TokenRole; createdBy: string; expiresAt: number | null }, now = Date.now()): Promise<{ secret: string; token: ApiToken }> {
    const secret = generateToken();
    try {
      const { rows } = await this.pool.query<ApiToken>(
        `INSERT INTO api_tokens (name, role, secret_hash, hint, created_at, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING ${TOKEN_COLUMNS}`,
        [t.name, t.role, hashToken(secret), tokenHint(secret), now, t.createdBy, t.expiresAt],
      );
      return { secret, token: rows[0]! };
    } catch (err) {
      // The partial unique index decides, so two replicas creating one name at once cannot both win.
      const e = err as { code?: string; constraint?: string };
      if (e.code === "23505" && e.constraint === "api_tokens_live_name") throw new TokenNameTaken(t.name);
      throw err;
    }
  }

  async list(): Promise<ApiToken[]> {
    const { rows } = await this.pool.query<ApiToken>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC`,
    );
    return rows;
  }

  async get(id: number): Promise<ApiToken | null> {
    const { rows } = await this.pool.query<ApiToken>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async liveByName(name: string): Promise<ApiToken | null> {
    const { rows } = await this.pool.query<ApiToken>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE name = $1 AND revoked_at IS NULL`, [name]);
    return rows[0] ?? null;
  }

  /** False when the token was already revoked (or never existed). */
  async revoke(id: number, by: string, now = Date.now()): Promise<boolean> {
    const res = await this.pool.query(`UPDATE api_tokens SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL`, [now, by, id]);
    return (res.rowCount ?? 0) > 0;
  }

  /** Who a presented secret belongs to, or why it is refused (said to the caller: it knows the secret). */
  async check(secret: string, now = Date.now()): Promise<TokenCheck> {
    if (!isTokenShaped(secret)) return NOT_A_TOKEN;
    const { rows } = await this.pool.query<ApiToken>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE secret_hash = $1`, [hashToken(secret)]);
    const verdict = judgeToken(rows[0] ?? null, now);
    if (!verdict.ok) return verdict;
    if (verdict.touch) {
      await this.pool.query(`UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, [now, verdict.token.id]);
      verdict.token.lastUsedAt = now;
    }
    return { ok: true, token: verdict.token };
  }
}
