import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { SessionPort } from "@/lib/store/ports";
import type { Db } from "@/lib/store/sqlite";

export type Role = "viewer" | "operator";

export interface Session {
  user: string;
  role: Role;
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
}

const hashId = (id: string) => createHash("sha256").update(id).digest("hex");

/**
 * Server-side sessions. The browser holds a random 256-bit id in an HttpOnly cookie; the database
 * holds its SHA-256. Idle and absolute timeouts are enforced on every lookup.
 */
export class SessionStore implements SessionPort {
  private readonly stmts;
  private lastSweep = 0;

  constructor(
    private readonly db: Db,
    private readonly limits: { idleMs: number; absoluteMs: number },
  ) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO sessions (id_hash, user, role, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)`),
      get: db.prepare(`SELECT user, role, csrf, created_at AS createdAt, last_seen_at AS lastSeenAt FROM sessions WHERE id_hash = ?`),
      touch: db.prepare(`UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`),
      remove: db.prepare(`DELETE FROM sessions WHERE id_hash = ?`),
      removeUser: db.prepare(`DELETE FROM sessions WHERE user = ?`),
      sweep: db.prepare(`DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?`),
    };
  }

  /** A new id at every login: a session id planted before login is worthless after it. */
  async create(user: string, role: Role, now = Date.now()): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString("base64url");
    const csrf = randomBytes(32).toString("base64url");
    this.stmts.insert.run(hashId(id), user, role, csrf, now, now);
    return { id, session: { user, role, csrf, createdAt: now, lastSeenAt: now } };
  }

  async get(id: string | undefined, now = Date.now()): Promise<Session | null> {
    if (!id || id.length > 128) return null;
    this.sweep(now);
    const key = hashId(id);
    const row = this.stmts.get.get(key) as Session | undefined;
    if (!row) return null;
    if (now - row.lastSeenAt > this.limits.idleMs || now - row.createdAt > this.limits.absoluteMs) {
      this.stmts.remove.run(key);
      return null;
    }
    // Touch at most every 10 s: reads stay reads under polling.
    if (now - row.lastSeenAt > 10_000) this.stmts.touch.run(now, key);
    return { ...row, lastSeenAt: now };
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id) this.stmts.remove.run(hashId(id));
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    this.stmts.sweep.run(now - this.limits.idleMs, now - this.limits.absoluteMs);
  }
}
