import "server-only";
import type { HistoryPort } from "./ports";
import type { Db } from "./sqlite";

export type Resolution = "raw" | "1m" | "1h";

export interface SeriesPoint {
  ts: number;
  count: number | null;
  countMax: number | null;
  max: number | null;
  drops: number | null;
  earlyDrops: number | null;
  insertFailed: number | null;
  /** Seconds this point covers (raw: since the previous sample; rollups: the bucket). */
  spanSeconds: number;
}

export interface StoredEvent {
  host: string;
  ts: number;
  kind: string;
  count: number;
  source: string;
  line: string;
  key: string;
}

const BUCKET_MS: Record<Exclude<Resolution, "raw">, number> = { "1m": 60_000, "1h": 3_600_000 };
const HOUR = 3_600_000;

/** Raw up to 6 h, minute buckets up to 7 d, hourly beyond: a few thousand points at most. */
export function resolutionFor(fromMs: number, toMs: number): Resolution {
  const span = toMs - fromMs;
  if (span <= 6 * HOUR) return "raw";
  if (span <= 7 * 24 * HOUR) return "1m";
  return "1h";
}

/** Time series, events and retention over the same SQLite file as FleetStore. */
export class HistoryStore implements HistoryPort {
  private readonly stmts;
  /** Last `events.seq` handed out; one process writes the store, so a counter in memory is enough. */
  private seq: number;

  constructor(private readonly db: Db) {
    const rollup = (table: string) =>
      db.prepare(
        `INSERT INTO ${table} (host_id, bucket, n, count_sum, count_max, max_last, drop_sum, early_drop_sum, insert_failed_sum)
         VALUES (@hostId, @bucket, 1, @count, @count, @max, @dropDelta, @earlyDropDelta, @insertFailedDelta)
         ON CONFLICT(host_id, bucket) DO UPDATE SET
           n = n + 1,
           count_sum = count_sum + excluded.count_sum,
           count_max = max(coalesce(count_max, excluded.count_max), excluded.count_max),
           max_last = excluded.max_last,
           drop_sum = CASE WHEN excluded.drop_sum IS NULL THEN drop_sum ELSE coalesce(drop_sum, 0) + excluded.drop_sum END,
           early_drop_sum = CASE WHEN excluded.early_drop_sum IS NULL THEN early_drop_sum ELSE coalesce(early_drop_sum, 0) + excluded.early_drop_sum END,
           insert_failed_sum = CASE WHEN excluded.insert_failed_sum IS NULL THEN insert_failed_sum ELSE coalesce(insert_failed_sum, 0) + excluded.insert_failed_sum END`,
      );
    const series = (table: string) =>
      db.prepare(
        `SELECT bucket AS ts, CAST(round(1.0 * count_sum / n) AS INTEGER) AS count, count_max AS countMax, max_last AS max,
                drop_sum AS drops, early_drop_sum AS earlyDrops, insert_failed_sum AS insertFailed
         FROM ${table} WHERE host_id = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket`,
      );
    this.stmts = {
      rollup1m: rollup("samples_1m"),
      rollup1h: rollup("samples_1h"),
      raw: db.prepare(
        `SELECT ts, count, count AS countMax, max, drop_delta AS drops, early_drop_delta AS earlyDrops, insert_failed_delta AS insertFailed
         FROM samples WHERE host_id = ? AND ts >= ? AND ts <= ? ORDER BY ts`,
      ),
      rawBefore: db.prepare(`SELECT ts FROM samples WHERE host_id = ? AND ts < ? ORDER BY ts DESC LIMIT 1`),
      series1m: series("samples_1m"),
      series1h: series("samples_1h"),
      insertEvent: db.prepare(
        `INSERT OR IGNORE INTO events (host_id, key, ts, kind, count, source, line, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      eventsAll: db.prepare(
        `SELECT h.name AS host, e.ts, e.kind, e.count, e.source, e.line, e.key FROM events e JOIN hosts h ON h.id = e.host_id
         WHERE e.ts >= ? AND e.ts <= ? ORDER BY e.ts, e.seq, e.key LIMIT ?`,
      ),
      eventsHost: db.prepare(
        `SELECT h.name AS host, e.ts, e.kind, e.count, e.source, e.line, e.key FROM events e JOIN hosts h ON h.id = e.host_id
         WHERE e.host_id = ? AND e.ts >= ? AND e.ts <= ? ORDER BY e.ts, e.seq, e.key LIMIT ?`,
      ),
      eventTotals: db.prepare(`SELECT host_id AS hostId, kind, sum(count) AS total FROM events GROUP BY host_id, kind`),
      lastSeq: db.prepare(`SELECT coalesce(max(seq), 0) AS seq FROM events`),
      peak: db.prepare(`SELECT max(count_max) AS peak FROM samples_1h WHERE host_id = ? AND bucket >= ?`),
      getLogState: db.prepare(`SELECT state FROM log_state WHERE host_id = ?`),
      putLogState: db.prepare(
        `INSERT INTO log_state (host_id, state, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(host_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      ),
    };
    this.seq = (this.stmts.lastSeq.get() as { seq: number }).seq;
  }

  /** Called in the same transaction as the raw insert, so rollups never disagree with samples. */
  rollupSample(s: { hostId: number; ts: number; count: number | null; max: number | null; dropDelta: number | null; earlyDropDelta: number | null; insertFailedDelta: number | null }): void {
    if (s.count === null) return; // failures and no-conntrack polls carry no numbers to aggregate
    for (const [res, stmt] of [["1m", this.stmts.rollup1m], ["1h", this.stmts.rollup1h]] as const) {
      const b = BUCKET_MS[res];
      stmt.run({ ...s, bucket: Math.floor(s.ts / b) * b });
    }
  }

  async series(hostId: number, fromMs: number, toMs: number, resolution: Resolution): Promise<SeriesPoint[]> {
    if (resolution === "raw") {
      const rows = this.stmts.raw.all(hostId, fromMs, toMs) as Omit<SeriesPoint, "spanSeconds">[];
      let prev = (this.stmts.rawBefore.get(hostId, fromMs) as { ts: number } | undefined)?.ts ?? null;
      return rows.map((r) => {
        const span = prev === null ? 0 : (r.ts - prev) / 1000;
        prev = r.ts;
        return { ...r, spanSeconds: span };
      });
    }
    const b = BUCKET_MS[resolution];
    const stmt = resolution === "1m" ? this.stmts.series1m : this.stmts.series1h;
    const rows = stmt.all(hostId, Math.floor(fromMs / b) * b, toMs) as Omit<SeriesPoint, "spanSeconds">[];
    return rows.map((r) => ({ ...r, spanSeconds: b / 1000 }));
  }

  /**
   * What a host page needs to pick its opening range: the first raw sample the store still has,
   * and the times (newest first, minute resolution) the drop counter moved or the kernel logged a
   * drop since `sinceMs`. Primary-key and (host, ts) index range reads of one host only.
   */
  async hostExtent(hostId: number, sinceMs: number, limit = 20_000): Promise<{ firstSampleMs: number | null; dropTimesDesc: number[] }> {
    const first = this.db.prepare(`SELECT min(ts) AS ts FROM samples WHERE host_id = ?`).get(hostId) as { ts: number | null } | undefined;
    const counter = this.db
      .prepare(`SELECT bucket FROM samples_1m WHERE host_id = ? AND bucket >= ? AND drop_sum > 0 ORDER BY bucket DESC LIMIT ?`)
      .raw()
      .all(hostId, Math.floor(sinceMs), limit) as [number][];
    const logged = this.db
      .prepare(`SELECT ts FROM events WHERE host_id = ? AND ts >= ? AND kind IN ('table_full', 'suppressed') ORDER BY ts DESC LIMIT ?`)
      .raw()
      .all(hostId, Math.floor(sinceMs), limit) as [number][];
    const times = [...counter.map((r) => r[0]), ...logged.map((r) => r[0])].sort((a, b) => b - a);
    return { firstSampleMs: first?.ts ?? null, dropTimesDesc: times };
  }

  /** Worst drop rate since `fromMs`: the largest minute's counter drops, per second. Null with no counter reading. */
  async peakDropRate(hostId: number, fromMs: number): Promise<number | null> {
    const row = this.db
      .prepare(`SELECT max(drop_sum) AS drops FROM samples_1m WHERE host_id = ? AND bucket >= ?`)
      .get(hostId, Math.floor(fromMs / 60_000) * 60_000) as { drops: number | null } | undefined;
    return row?.drops == null ? null : row.drops / 60;
  }

  /** Highest count seen since `fromMs` (hourly rollups keep every sample's peak). */
  async peakCount(hostId: number, fromMs: number): Promise<number | null> {
    const row = this.stmts.peak.get(hostId, Math.floor(fromMs / 3_600_000) * 3_600_000) as { peak: number | null } | undefined;
    return row?.peak ?? null;
  }

  /** Stores events not stored yet (by key), remembering the order given: pass them in log order. */
  async insertEvents(hostId: number, events: Omit<StoredEvent, "host">[], onAdded?: (e: Omit<StoredEvent, "host">) => void): Promise<number> {
    // One transaction (a backfill is thousands of lines); `onAdded` hears of them once they are committed.
    const added = this.db.transaction(() => {
      const out: Omit<StoredEvent, "host">[] = [];
      for (const e of events) {
        const seq = ++this.seq;
        if (this.stmts.insertEvent.run(hostId, e.key, e.ts, e.kind, e.count, e.source, e.line, seq).changes > 0) out.push(e);
      }
      return out;
    })();
    for (const e of added) onAdded?.(e);
    return added.length;
  }

  /** What every host's stored events stand for, per kind: read once at start, then counted in memory (/metrics). */
  async eventTotals(): Promise<{ hostId: number; kind: string; total: number }[]> {
    return this.stmts.eventTotals.all() as { hostId: number; kind: string; total: number }[];
  }

  async events(opts: { hostId: number | null; fromMs: number; toMs: number; limit: number }): Promise<StoredEvent[]> {
    return (
      opts.hostId === null
        ? this.stmts.eventsAll.all(opts.fromMs, opts.toMs, opts.limit)
        : this.stmts.eventsHost.all(opts.hostId, opts.fromMs, opts.toMs, opts.limit)
    ) as StoredEvent[];
  }

  async logState<T>(hostId: number): Promise<T | null> {
    const row = this.stmts.getLogState.get(hostId) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as T) : null;
  }

  async putLogState(hostId: number, state: unknown): Promise<void> {
    this.stmts.putLogState.run(hostId, JSON.stringify(state), Date.now());
  }

  /**
   * Deletes what is older than the retention, in batches so the poll loop never waits long on the
   * write lock. Rollups outlive raw samples: they are what long ranges read.
   */
  async prune(now: number, retention: { samplesMs: number; rollupMs: number; eventsMs: number }): Promise<{ samples: number; rollups: number; events: number }> {
    const batch = (sql: string, cutoff: number) => {
      const stmt = this.db.prepare(sql);
      let total = 0;
      for (;;) {
        const n = stmt.run(cutoff).changes;
        total += n;
        if (n < 5000) return total;
      }
    };
    return {
      samples: batch(`DELETE FROM samples WHERE (host_id, ts) IN (SELECT host_id, ts FROM samples WHERE ts < ? LIMIT 5000)`, now - retention.samplesMs),
      rollups:
        batch(`DELETE FROM samples_1m WHERE (host_id, bucket) IN (SELECT host_id, bucket FROM samples_1m WHERE bucket < ? LIMIT 5000)`, now - retention.samplesMs) +
        batch(`DELETE FROM samples_1h WHERE (host_id, bucket) IN (SELECT host_id, bucket FROM samples_1h WHERE bucket < ? LIMIT 5000)`, now - retention.rollupMs),
      events: batch(`DELETE FROM events WHERE (host_id, key) IN (SELECT host_id, key FROM events WHERE ts < ? LIMIT 5000)`, now - retention.eventsMs),
    };
  }

  /**
   * Hosts whose drop counter moved in the hourly buckets overlapping a window: a cheap superset of
   * the hosts that dropped (one primary-key range seek per host, no per-step grouping).
   */
  async hostsWithDrops(fromMs: number, toMs: number): Promise<number[]> {
    const rows = this.db
      .prepare(
        `SELECT s.host_id FROM hosts h CROSS JOIN samples_1h s ON s.host_id = h.id AND s.bucket >= ? AND s.bucket <= ?
         GROUP BY s.host_id HAVING sum(s.drop_sum) > 0`,
      )
      .raw()
      .all(Math.floor(fromMs / HOUR) * HOUR, Math.floor(toMs)) as [number][];
    return rows.map((r) => r[0]);
  }

  /**
   * Rollup rows of the given hosts in a window, regrouped into `stepMs` steps, in one statement.
   * CROSS JOIN pins the loop order (SQLite otherwise scans the whole table by bucket); the per-step
   * regrouping is skipped when the step is the table's own bucket.
   */
  async timelineBuckets(table: "1m" | "1h", stepMs: number, fromMs: number, toMs: number, hostIds: readonly number[]): Promise<{ hostId: number; ts: number; drops: number | null; util: number | null }[]> {
    if (hostIds.length === 0) return [];
    const name = table === "1m" ? "samples_1m" : "samples_1h";
    const regroup = stepMs !== BUCKET_MS[table];
    const util = "CASE WHEN s.max_last > 0 THEN 1.0 * s.count_max / s.max_last END";
    const sql = regroup
      ? `SELECT s.host_id AS hostId, s.bucket - s.bucket % @step AS ts, sum(s.drop_sum) AS drops, max(${util}) AS util
         FROM json_each(@ids) j CROSS JOIN ${name} s ON s.host_id = j.value AND s.bucket >= @from AND s.bucket <= @to
         GROUP BY s.host_id, s.bucket - s.bucket % @step ORDER BY s.host_id, ts`
      : `SELECT s.host_id AS hostId, s.bucket AS ts, s.drop_sum AS drops, ${util} AS util
         FROM json_each(@ids) j CROSS JOIN ${name} s ON s.host_id = j.value AND s.bucket >= @from AND s.bucket <= @to
         ORDER BY s.host_id, s.bucket`;
    return this.db
      .prepare(sql)
      .all({ ids: JSON.stringify(hostIds), step: Math.round(stepMs), from: Math.floor(fromMs / stepMs) * stepMs, to: Math.floor(toMs) }) as {
      hostId: number;
      ts: number;
      drops: number | null;
      util: number | null;
    }[];
  }

  /** Per host, the first and last raw sample whose drop counter moved (reads the partial drops index). */
  async dropSpans(fromMs: number, toMs: number): Promise<{ hostId: number; first: number; last: number }[]> {
    return this.db
      .prepare(
        `SELECT host_id AS hostId, min(ts) AS first, max(ts) AS last FROM samples
         WHERE ts >= ? AND ts <= ? AND drop_delta > 0 GROUP BY host_id`,
      )
      .all(Math.floor(fromMs), Math.floor(toMs)) as { hostId: number; first: number; last: number }[];
  }

  /** Kernel-log events grouped per host, kind and step: `ts` is each group's first event, `count` their sum. */
  async timelineEvents(stepMs: number, fromMs: number, toMs: number): Promise<{ hostId: number; ts: number; kind: string; count: number }[]> {
    return this.db
      .prepare(
        `SELECT host_id AS hostId, min(ts) AS ts, kind, sum(count) AS count FROM events
         WHERE ts >= @from AND ts <= @to GROUP BY host_id, kind, ts - ts % @step ORDER BY host_id, ts`,
      )
      .all({ step: Math.round(stepMs), from: Math.floor(fromMs), to: Math.floor(toMs) }) as { hostId: number; ts: number; kind: string; count: number }[];
  }
}
