import "server-only";
import { hashSessionId, isPlausibleSessionId, judgeSession, newSession, SESSION_SWEEP_MS } from "./credential-rules";
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
    const { id, idHash, session } = newSession(user, role, now);
    this.stmts.insert.run(idHash, user, role, session.csrf, now, now);
    return { id, session };
  }

  async get(id: string | undefined, now = Date.now()): Promise<Session | null> {
    if (!isPlausibleSessionId(id)) return null;
    this.sweep(now);
    const key = hashSessionId(id);
    const row = this.stmts.get.get(key) as Session | undefined;
    if (!row) return null;
    const verdict = judgeSession(row, now, this.limits);
    if (verdict === "expired") {
      this.stmts.remove.run(key);
      return null;
    }
    if (verdict === "touch") this.stmts.touch.run(now, key);
    return { ...row, lastSeenAt: now };
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id) this.stmts.remove.run(hashSessionId(id));
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SESSION_SWEEP_MS) return;
    this.lastSweep = now;
    this.stmts.sweep.run(now - this.limits.idleMs, now - this.limits.absoluteMs);
  }
}
