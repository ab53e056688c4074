import "server-only";
import type { TokenPort } from "@/lib/store/ports";
import type { Db } from "@/lib/store/sqlite";
import { generateToken, hashToken, isTokenShaped, tokenHint, type TokenRole } from "./api-token";
import { judgeToken, NOT_A_TOKEN } from "./credential-rules";

export interface ApiToken {
  id: number;
  name: string;
  role: TokenRole;
  /** `ctf_AbCd…`: enough to tell tokens apart, never enough to use one. */
  hint: string;
  createdAt: number;
  createdBy: string;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
  revokedBy: string | null;
}

export type TokenCheck = { ok: true; token: ApiToken } | { ok: false; reason: string };

export { LAST_USED_RESOLUTION_MS } from "./credential-rules";

const COLUMNS = `id, name, role, hint, created_at AS createdAt, created_by AS createdBy, expires_at AS expiresAt,
  last_used_at AS lastUsedAt, revoked_at AS revokedAt, revoked_by AS revokedBy`;

export class TokenNameTaken extends Error {
  constructor(readonly tokenName: string) {
    super(`a token named ${tokenName} exists already (revoke it first, or pick another name)`);
    this.name = "TokenNameTaken";
  }
}


/**
 * API tokens in the store: only a SHA-256 of each secret is kept, so a copy of the database hands
 * out no tokens. Revoked tokens stay (without their use) so a caller still holding one is told it
 * was revoked, and when, instead of "unknown".
 */
export class TokenStore implements TokenPort {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO api_tokens (name, role, secret_hash, hint, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
      ),
      liveByName: db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE name = ? AND revoked_at IS NULL`),
      byHash: db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE secret_hash = ?`),
      byId: db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`),
      list: db.prepare(`SELECT ${COLUMNS} FROM api_tokens ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC`),
      touch: db.prepare(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`),
      revoke: db.prepare(`UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL`),
    };
  }

  /** The secret is returned here and nowhere else: it is shown once. */
  async create(t: { name: string; role: TokenRole; createdBy: string; expiresAt: number | null }, now = Date.now()): Promise<{ secret: string; token: ApiToken }> {
    return this.db.transaction(() => {
      if (this.stmts.liveByName.get(t.name)) throw new TokenNameTaken(t.name);
      const secret = generateToken();
      const token = this.stmts.insert.get(t.name, t.role, hashToken(secret), tokenHint(secret), now, t.createdBy, t.expiresAt) as ApiToken;
      return { secret, token };
    })();
  }

  async list(): Promise<ApiToken[]> {
    return this.stmts.list.all() as ApiToken[];
  }

  async get(id: number): Promise<ApiToken | null> {
    return (this.stmts.byId.get(id) as ApiToken | undefined) ?? null;
  }

  /** The token not yet revoked that carries this name. */
  async liveByName(name: string): Promise<ApiToken | null> {
    return (this.stmts.liveByName.get(name) as ApiToken | undefined) ?? null;
  }

  /** False when the token was already revoked (or never existed). */
  async revoke(id: number, by: string, now = Date.now()): Promise<boolean> {
    return this.stmts.revoke.run(now, by, id).changes > 0;
  }

  /** Who a presented secret belongs to, or why it is refused (said to the caller: it knows the secret). */
  async check(secret: string, now = Date.now()): Promise<TokenCheck> {
    if (!isTokenShaped(secret)) return NOT_A_TOKEN;
    const verdict = judgeToken((this.stmts.byHash.get(hashToken(secret)) as ApiToken | undefined) ?? null, now);
    if (!verdict.ok) return verdict;
    if (verdict.touch) {
      this.stmts.touch.run(now, verdict.token.id);
      verdict.token.lastUsedAt = now;
    }
    return { ok: true, token: verdict.token };
  }
}
