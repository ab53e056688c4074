import "server-only";
import type pg from "pg";
import { REASON_MAX, type AuditEntry, type AuditOutcome, type NewAuditEntry } from "@/lib/store/audit-store";
import type { AuditPort, LatestRaise } from "@/lib/store/ports";
import { text } from "./pg-db";

const COLUMNS = `id, ts, user_name AS "user", role, host, action, mode, old_max AS "oldMax", new_max AS "newMax",
  old_hashsize AS "oldHashsize", new_hashsize AS "newHashsize", commands, files, outcome, error, detail, reason`;

/** Stored text is capped: a hostile request must not grow the audit log without bound. */
const cap = (s: string | null, n = 2000) => (s === null ? null : s.length > n ? `${s.slice(0, n)}…` : s);

/** The limit-change audit log: append-only (no update or delete verb). */
export class PgAudit implements AuditPort {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Each host's latest successful raise. Other replicas append too, so there is no cache to date:
   * the partial index holds only successful raises, newest first per host, and the query reads
   * the first entry of each host from it.
   */
  async latestRaises(): Promise<Map<string, LatestRaise>> {
    const { rows } = await this.pool.query<LatestRaise & { host: string }>(
      `SELECT DISTINCT ON (host) host, ts, user_name AS "user", mode, old_max AS "oldMax", new_max AS "newMax", outcome
       FROM audit WHERE outcome = 'success' AND mode IS NOT NULL AND new_max IS NOT NULL
       ORDER BY host, ts DESC, id DESC`,
    );
    return new Map(rows.map(({ host, ...r }) => [host, r]));
  }

  async append(e: NewAuditEntry): Promise<number> {
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO audit (ts, user_name, role, host, action, mode, old_max, new_max, old_hashsize, new_hashsize, commands, files, outcome, error, detail, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
      [
        e.ts,
        text(e.user),
        text(e.role),
        text(cap(e.host, 300)),
        e.action,
        e.mode,
        e.oldMax,
        e.newMax,
        e.oldHashsize,
        e.newHashsize,
        JSON.stringify(e.commands),
        JSON.stringify(e.files),
        e.outcome,
        text(cap(e.error)),
        text(cap(e.detail)),
        text(cap(e.reason ?? null, REASON_MAX)),
      ],
    );
    return rows[0]!.id;
  }

  async query(q: { from: number; to: number; host?: string | null; user?: string | null; outcome?: AuditOutcome | null; limit?: number }): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<Omit<AuditEntry, "commands" | "files"> & { commands: string; files: string }>(
      `SELECT ${COLUMNS} FROM audit
       WHERE ts >= $1 AND ts <= $2 AND ($3::text IS NULL OR host = $3) AND ($4::text IS NULL OR user_name = $4)
         AND ($5::text IS NULL OR outcome = $5)
       ORDER BY ts DESC, id DESC LIMIT $6`,
      [q.from, q.to, q.host ?? null, q.user ?? null, q.outcome ?? null, q.limit ?? 1000],
    );
    return rows.map((r) => ({ ...r, commands: JSON.parse(r.commands) as string[], files: JSON.parse(r.files) as string[] }));
  }
}
