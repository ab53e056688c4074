import "server-only";
import type pg from "pg";
import type { HistoryPort } from "@/lib/store/ports";
import type { Resolution, SeriesPoint, StoredEvent } from "@/lib/store/history-store";
import { text } from "./pg-db";
import { pruneHistory } from "./prune";
import type { DayPartitions } from "./partitions";

const BUCKET_MS: Record<Exclude<Resolution, "raw">, number> = { "1m": 60_000, "1h": 3_600_000 };
const HOUR = 3_600_000;
type Event = Omit<StoredEvent, "host">;

/** Time series, events and retention (the same answers as lib/store/history-store.ts). */
export class PgHistory implements HistoryPort {
  constructor(
    private readonly pool: pg.Pool,
    private readonly partitions: DayPartitions,
  ) {}

  async series(hostId: number, fromMs: number, toMs: number, resolution: Resolution): Promise<SeriesPoint[]> {
    if (resolution === "raw") {
      // The sample before the window too: the first point's span is measured from it.
      const { rows } = await this.pool.query<Omit<SeriesPoint, "spanSeconds">>(
        `(SELECT ts, NULL::bigint AS count, NULL::bigint AS "countMax", NULL::bigint AS max, NULL::bigint AS drops,
                 NULL::bigint AS "earlyDrops", NULL::bigint AS "insertFailed", 0 AS k
          FROM samples WHERE host_id = $1 AND ts < $2 ORDER BY ts DESC LIMIT 1)
         UNION ALL
         (SELECT ts, count, count, max, drop_delta, early_drop_delta, insert_failed_delta, 1
          FROM samples WHERE host_id = $1 AND ts >= $2 AND ts <= $3 ORDER BY ts)
         ORDER BY k, ts`,
        [hostId, fromMs, toMs],
      );
      let prev: number | null = null;
      const out: SeriesPoint[] = [];
      for (const { k, ...r } of rows as (Omit<SeriesPoint, "spanSeconds"> & { k: number })[]) {
        if (k === 1) out.push({ ...r, spanSeconds: prev === null ? 0 : (r.ts - prev) / 1000 });
        prev = r.ts;
      }
      return out;
    }
    const b = BUCKET_MS[resolution];
    const table = resolution === "1m" ? "samples_1m" : "samples_1h";
    const { rows } = await this.pool.query<Omit<SeriesPoint, "spanSeconds">>(
      `SELECT bucket AS ts, round(count_sum::numeric / n)::bigint AS count, count_max AS "countMax", max_last AS max,
              drop_sum AS drops, early_drop_sum AS "earlyDrops", insert_failed_sum AS "insertFailed"
       FROM ${table} WHERE host_id = $1 AND bucket >= $2 AND bucket <= $3 ORDER BY bucket`,
      [hostId, Math.floor(fromMs / b) * b, toMs],
    );
    return rows.map((r) => ({ ...r, spanSeconds: b / 1000 }));
  }

  async hostExtent(hostId: number, sinceMs: number, limit = 20_000): Promise<{ firstSampleMs: number | null; dropTimesDesc: number[] }> {
    const since = Math.floor(sinceMs);
    const [first, counter, logged] = await Promise.all([
      this.pool.query<{ ts: number | null }>(`SELECT min(ts) AS ts FROM samples WHERE host_id = $1`, [hostId]),
      this.pool.query<{ t: number }>(
        `SELECT bucket AS t FROM samples_1m WHERE host_id = $1 AND bucket >= $2 AND drop_sum > 0 ORDER BY bucket DESC LIMIT $3`,
        [hostId, since, limit],
      ),
      this.pool.query<{ t: number }>(
        `SELECT ts AS t FROM events WHERE host_id = $1 AND ts >= $2 AND kind IN ('table_full', 'suppressed') ORDER BY ts DESC LIMIT $3`,
        [hostId, since, limit],
      ),
    ]);
    const times = [...counter.rows.map((r) => r.t), ...logged.rows.map((r) => r.t)].sort((a, b) => b - a);
    return { firstSampleMs: first.rows[0]?.ts ?? null, dropTimesDesc: times };
  }

  async peakDropRate(hostId: number, fromMs: number): Promise<number | null> {
    const { rows } = await this.pool.query<{ drops: number | null }>(
      `SELECT max(drop_sum) AS drops FROM samples_1m WHERE host_id = $1 AND bucket >= $2`,
      [hostId, Math.floor(fromMs / 60_000) * 60_000],
    );
    const drops = rows[0]?.drops;
    return drops == null ? null : drops / 60;
  }

  async peakCount(hostId: number, fromMs: number): Promise<number | null> {
    const { rows } = await this.pool.query<{ peak: number | null }>(
      `SELECT max(count_max) AS peak FROM samples_1h WHERE host_id = $1 AND bucket >= $2`,
      [hostId, Math.floor(fromMs / HOUR) * HOUR],
    );
    return rows[0]?.peak ?? null;
  }

  /**
   * One statement for the whole list. seq comes from the shared sequence in the order given (the
   * rows are inserted in ordinality order), so lines of one second keep their log order even when
   * replicas append at once. A key given twice keeps its first event, as INSERT OR IGNORE does.
   */
  async insertEvents(hostId: number, events: Event[], onAdded?: (e: Event) => void): Promise<number> {
    const first = new Map<string, Event>();
    for (const e of events) if (!first.has(e.key)) first.set(e.key, e);
    const list = [...first.values()];
    if (list.length === 0) return 0;
    const { rows } = await this.pool.query<{ key: string }>(
      `INSERT INTO events (host_id, key, ts, kind, count, source, line)
       SELECT $1, key, ts, kind, count, source, line
       FROM unnest($2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::text[]) WITH ORDINALITY AS u(key, ts, kind, count, source, line, ord)
       ORDER BY ord
       ON CONFLICT (host_id, key) DO NOTHING
       RETURNING key`,
      [
        hostId,
        list.map((e) => text(e.key)),
        list.map((e) => e.ts),
        list.map((e) => text(e.kind)),
        list.map((e) => e.count),
        list.map((e) => text(e.source)),
        list.map((e) => text(e.line)),
      ],
    );
    const added = new Set(rows.map((r) => r.key));
    if (onAdded) for (const e of list) if (added.has(text(e.key))) onAdded(e);
    return added.size;
  }

  async eventTotals(): Promise<{ hostId: number; kind: string; total: number }[]> {
    const { rows } = await this.pool.query<{ hostId: number; kind: string; total: number }>(
      `SELECT host_id AS "hostId", kind, sum(count)::bigint AS total FROM events GROUP BY host_id, kind ORDER BY host_id, kind`,
    );
    return rows;
  }

  async events(opts: { hostId: number | null; fromMs: number; toMs: number; limit: number }): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<StoredEvent>(
      `SELECT h.name AS host, e.ts, e.kind, e.count, e.source, e.line, e.key FROM events e JOIN hosts h ON h.id = e.host_id
       WHERE ($1::integer IS NULL OR e.host_id = $1) AND e.ts >= $2 AND e.ts <= $3 ORDER BY e.ts, e.seq, e.key LIMIT $4`,
      [opts.hostId, opts.fromMs, opts.toMs, opts.limit],
    );
    return rows;
  }

  async logState<T>(hostId: number): Promise<T | null> {
    const { rows } = await this.pool.query<{ state: string }>(`SELECT state FROM log_state WHERE host_id = $1`, [hostId]);
    return rows[0] ? (JSON.parse(rows[0].state) as T) : null;
  }

  async putLogState(hostId: number, state: unknown): Promise<void> {
    await this.pool.query(
      `INSERT INTO log_state (host_id, state, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (host_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      [hostId, JSON.stringify(state), Date.now()],
    );
  }

  prune(now: number, retention: { samplesMs: number; rollupMs: number; eventsMs: number }): Promise<{ samples: number; rollups: number; events: number }> {
    return pruneHistory(this.pool, this.partitions, now, retention);
  }

  async hostsWithDrops(fromMs: number, toMs: number): Promise<number[]> {
    // A host whose hours sum to more than 0 has an hour above 0: the partial index finds those
    // hosts, and only their hours are summed.
    const { rows } = await this.pool.query<{ id: number }>(
      `SELECT host_id AS id FROM samples_1h
       WHERE host_id IN (SELECT DISTINCT host_id FROM samples_1h WHERE bucket >= $1 AND bucket <= $2 AND drop_sum > 0)
         AND bucket >= $1 AND bucket <= $2
       GROUP BY host_id HAVING sum(drop_sum) > 0 ORDER BY host_id`,
      [Math.floor(fromMs / HOUR) * HOUR, Math.floor(toMs)],
    );
    return rows.map((r) => r.id);
  }

  async timelineBuckets(
    table: "1m" | "1h",
    stepMs: number,
    fromMs: number,
    toMs: number,
    hostIds: readonly number[],
  ): Promise<{ hostId: number; ts: number; drops: number | null; util: number | null }[]> {
    if (hostIds.length === 0) return [];
    const name = table === "1m" ? "samples_1m" : "samples_1h";
    const util = "CASE WHEN s.max_last > 0 THEN s.count_max::float8 / s.max_last END";
    const window = [[...hostIds], Math.floor(fromMs / stepMs) * stepMs, Math.floor(toMs)];
    type Row = { hostId: number; ts: number; drops: number | null; util: number | null };
    // The regrouping is skipped when the step is the table's own bucket.
    const { rows } =
      stepMs !== BUCKET_MS[table]
        ? await this.pool.query<Row>(
            `SELECT s.host_id AS "hostId", s.bucket - s.bucket % $4 AS ts, sum(s.drop_sum)::bigint AS drops, max(${util}) AS util
             FROM ${name} s WHERE s.host_id = ANY($1::integer[]) AND s.bucket >= $2 AND s.bucket <= $3
             GROUP BY s.host_id, s.bucket - s.bucket % $4 ORDER BY 1, 2`,
            [...window, Math.round(stepMs)],
          )
        : await this.pool.query<Row>(
            `SELECT s.host_id AS "hostId", s.bucket AS ts, s.drop_sum AS drops, ${util} AS util
             FROM ${name} s WHERE s.host_id = ANY($1::integer[]) AND s.bucket >= $2 AND s.bucket <= $3
             ORDER BY s.host_id, s.bucket`,
            window,
          );
    return rows;
  }

  async dropSpans(fromMs: number, toMs: number): Promise<{ hostId: number; first: number; last: number }[]> {
    const { rows } = await this.pool.query<{ hostId: number; first: number; last: number }>(
      `SELECT host_id AS "hostId", min(ts) AS first, max(ts) AS last FROM samples
       WHERE ts >= $1 AND ts <= $2 AND drop_delta > 0 GROUP BY host_id ORDER BY host_id`,
      [Math.floor(fromMs), Math.floor(toMs)],
    );
    return rows;
  }

  async timelineEvents(stepMs: number, fromMs: number, toMs: number): Promise<{ hostId: number; ts: number; kind: string; count: number }[]> {
    const { rows } = await this.pool.query<{ hostId: number; ts: number; kind: string; count: number }>(
      `SELECT host_id AS "hostId", min(ts) AS ts, kind, sum(count)::bigint AS count FROM events
       WHERE ts >= $2 AND ts <= $3 GROUP BY host_id, kind, ts - ts % $1 ORDER BY host_id, ts, kind`,
      [Math.round(stepMs), Math.floor(fromMs), Math.floor(toMs)],
    );
    return rows;
  }
}
