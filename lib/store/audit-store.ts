import "server-only";
import type { AuditPort, LatestRaise } from "./ports";
import type { Db } from "./sqlite";

export type AuditOutcome = "success" | "failed" | "refused";

export interface AuditEntry {
  id: number;
  ts: number;
  user: string;
  role: string;
  /** As requested; may be a name that is not in the fleet (a refused attempt). */
  host: string;
  action: "raise-limit";
  mode: "temporary" | "permanent" | null;
  oldMax: number | null;
  newMax: number | null;
  oldHashsize: number | null;
  newHashsize: number | null;
  commands: string[];
  files: string[];
  outcome: AuditOutcome;
  error: string | null;
  /** Which step failed and what state the host was left in, or why a request was refused. */
  detail: string | null;
  /** The operator's reason or ticket, as typed (text, never interpreted). */
  reason: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, "id" | "reason"> & { reason?: string | null };

/** Longest reason kept; the API refuses longer ones, the store caps as a last line. */
export const REASON_MAX = 200;

/** Append-only: there is no update or delete verb. */
export class AuditStore implements AuditPort {
  private readonly stmts;
  /** Appends through this store; with SQLite's data_version (commits by other connections) it dates the cache. */
  private appended = 0;
  private raises: { appended: number; dataVersion: number; byHost: Map<string, LatestRaise> } | null = null;

  constructor(private readonly db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO audit (ts, user, role, host, action, mode, old_max, new_max, old_hashsize, new_hashsize, commands, files, outcome, error, detail, reason)
         VALUES (@ts, @user, @role, @host, @action, @mode, @oldMax, @newMax, @oldHashsize, @newHashsize, @commands, @files, @outcome, @error, @detail, @reason)`,
      ),
      query: db.prepare(
        `SELECT id, ts, user, role, host, action, mode, old_max AS oldMax, new_max AS newMax, old_hashsize AS oldHashsize,
                new_hashsize AS newHashsize, commands, files, outcome, error, detail, reason
         FROM audit
         WHERE ts >= @from AND ts <= @to
           AND (@host IS NULL OR host = @host)
           AND (@user IS NULL OR user = @user)
           AND (@outcome IS NULL OR outcome = @outcome)
         ORDER BY ts DESC, id DESC LIMIT @limit`,
      ),
      // SQLite takes the bare columns from the row holding MAX(ts): the latest successful raise per host.
      latestRaises: db.prepare(
        `SELECT host, MAX(ts) AS ts, user, mode, old_max AS oldMax, new_max AS newMax, outcome
         FROM audit
         WHERE outcome = 'success' AND mode IS NOT NULL AND new_max IS NOT NULL
         GROUP BY host`,
      ),
    };
  }

  /**
   * Each host's latest successful raise, for the overview's "temporary until reboot": one query for
   * the whole fleet instead of one per host, and only when the audit log may have changed (it is
   * read on every overview refresh; 2000 entries for 800 hosts cost ~3 ms to group on a busy 2-core machine, a cache hit ~30 µs).
   */
  async latestRaises(): Promise<Map<string, LatestRaise>> {
    const dataVersion = this.db.pragma("data_version", { simple: true }) as number;
    const hit = this.raises;
    if (hit && hit.appended === this.appended && hit.dataVersion === dataVersion) return hit.byHost;
    const rows = this.stmts.latestRaises.all() as (LatestRaise & { host: string })[];
    const byHost = new Map(rows.map(({ host, ...r }) => [host, r]));
    this.raises = { appended: this.appended, dataVersion, byHost };
    return byHost;
  }

  async append(e: NewAuditEntry): Promise<number> {
    // Stored text is capped: a hostile request must not grow the audit log without bound.
    const cap = (s: string | null, n = 2000) => (s === null ? null : s.length > n ? `${s.slice(0, n)}…` : s);
    const info = this.stmts.insert.run({
      ...e,
      host: cap(e.host, 300),
      commands: JSON.stringify(e.commands),
      files: JSON.stringify(e.files),
      error: cap(e.error),
      detail: cap(e.detail),
      reason: cap(e.reason ?? null, REASON_MAX),
    });
    this.appended++;
    return Number(info.lastInsertRowid);
  }

  async query(q: { from: number; to: number; host?: string | null; user?: string | null; outcome?: AuditOutcome | null; limit?: number }): Promise<AuditEntry[]> {
    const rows = this.stmts.query.all({
      from: q.from,
      to: q.to,
      host: q.host ?? null,
      user: q.user ?? null,
      outcome: q.outcome ?? null,
      limit: q.limit ?? 1000,
    }) as (Omit<AuditEntry, "commands" | "files"> & { commands: string; files: string })[];
    return rows.map((r) => ({ ...r, commands: JSON.parse(r.commands) as string[], files: JSON.parse(r.files) as string[] }));
  }
}
