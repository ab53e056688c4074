import "server-only";
import type { HostFactsRow, SampleRow } from "@/lib/store/fleet-store";
import { text } from "./pg-db";

/**
 * The collector's write as one statement: raw samples, their minute and hour rollups, and facts,
 * as columns (arrays) unnested server-side. One statement is one round trip and one implicit
 * transaction, so rollups never disagree with samples (as in SQLite, where the rollup runs in the
 * raw insert's transaction). The writer computes rollups because it holds the samples already:
 * no trigger, no second pass, no other replica involved.
 *
 * SQLite applies each sample to its buckets one by one; here a batch's samples of one host and
 * bucket are first folded into one row (ON CONFLICT may touch a row only once per statement) with
 * the same arithmetic: n and sums add, count_max is the larger, max_last is the last sample's max
 * (in the order given, NULL included), and a NULL delta leaves a sum as it was.
 */

const rollup = (table: string, bucketMs: number) => `
  ${table}_rows AS (
    INSERT INTO ${table} AS t (host_id, bucket, n, count_sum, count_max, max_last, drop_sum, early_drop_sum, insert_failed_sum)
    SELECT host_id, ts - ts % ${bucketMs}, count(*), sum(count)::bigint, max(count),
           (array_agg(max ORDER BY ord DESC))[1],
           sum(drop_delta)::bigint, sum(early_drop_delta)::bigint, sum(insert_failed_delta)::bigint
    FROM u WHERE count IS NOT NULL
    GROUP BY host_id, ts - ts % ${bucketMs}
    ON CONFLICT (host_id, bucket) DO UPDATE SET
      n = t.n + excluded.n,
      count_sum = t.count_sum + excluded.count_sum,
      count_max = greatest(t.count_max, excluded.count_max),
      max_last = excluded.max_last,
      drop_sum = CASE WHEN excluded.drop_sum IS NULL THEN t.drop_sum ELSE coalesce(t.drop_sum, 0) + excluded.drop_sum END,
      early_drop_sum = CASE WHEN excluded.early_drop_sum IS NULL THEN t.early_drop_sum ELSE coalesce(t.early_drop_sum, 0) + excluded.early_drop_sum END,
      insert_failed_sum = CASE WHEN excluded.insert_failed_sum IS NULL THEN t.insert_failed_sum ELSE coalesce(t.insert_failed_sum, 0) + excluded.insert_failed_sum END
    RETURNING 1
  )`;

/**
 * With replicas, a write is fenced by the host's lease ($23 is the writing replica): a replica that
 * lost a host (it stalled past its lease, another took over) cannot add a second, overlapping
 * counter increment for it, so drops are never counted twice across a failover.
 */
const FENCE = (hostId: string) => `${hostId} IN (SELECT h.id FROM hosts h JOIN host_leases l ON l.host = h.name AND l.replica = $23)`;

const writeBatchSql = (fenced: boolean) => `
  WITH u AS MATERIALIZED (
    SELECT * FROM unnest($1::integer[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[],
                         $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[], $16::boolean[])
      WITH ORDINALITY AS u(host_id, ts, status, error_code, error_message, count, max, buckets, drop_total, early_drop_total,
                           insert_failed_total, drop_delta, early_drop_delta, insert_failed_delta, boot_time, keep, ord)
    ${fenced ? `WHERE ${FENCE("u.host_id")}` : ""}
  ),
  samples_rows AS (
    INSERT INTO samples AS t (host_id, ts, status, error_code, error_message, count, max, buckets, drop_total, early_drop_total,
                              insert_failed_total, drop_delta, early_drop_delta, insert_failed_delta, boot_time)
    SELECT host_id, ts, status, error_code, error_message, count, max, buckets, drop_total, early_drop_total,
           insert_failed_total, drop_delta, early_drop_delta, insert_failed_delta, boot_time
    FROM u WHERE keep
    ON CONFLICT (host_id, ts) DO UPDATE SET
      status = excluded.status, error_code = excluded.error_code, error_message = excluded.error_message, count = excluded.count,
      max = excluded.max, buckets = excluded.buckets, drop_total = excluded.drop_total, early_drop_total = excluded.early_drop_total,
      insert_failed_total = excluded.insert_failed_total, drop_delta = excluded.drop_delta, early_drop_delta = excluded.early_drop_delta,
      insert_failed_delta = excluded.insert_failed_delta, boot_time = excluded.boot_time
    RETURNING 1
  ),
  ${rollup("samples_1m", 60_000)},
  ${rollup("samples_1h", 3_600_000)},
  facts_rows AS (
    INSERT INTO host_facts AS t (host_id, kernel, cores, mem_total_bytes, module, updated_at)
    SELECT * FROM unnest($17::integer[], $18::text[], $19::integer[], $20::bigint[], $21::text[], $22::bigint[]) AS f(host_id)
    ${fenced ? `WHERE ${FENCE("f.host_id")}` : ""}
    ON CONFLICT (host_id) DO UPDATE SET kernel = excluded.kernel, cores = excluded.cores,
      mem_total_bytes = excluded.mem_total_bytes, module = excluded.module, updated_at = excluded.updated_at
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM samples_rows) AS samples`;

export const WRITE_BATCH_SQL = writeBatchSql(false);
export const FENCED_WRITE_BATCH_SQL = writeBatchSql(true);

/** The statement's parameters: columns of the samples, then of the facts (each host's last facts only). */
export function writeBatchParams(
  samples: readonly (SampleRow & { hostId: number })[],
  facts: readonly { hostId: number; ts: number; facts: HostFactsRow }[],
): unknown[] {
  // A (host, ts) given twice keeps its last row, as SQLite's INSERT OR REPLACE does; both still
  // count in the rollups, as they do there.
  const last = new Map<string, number>();
  samples.forEach((s, i) => last.set(`${s.hostId}:${s.ts}`, i));
  const col = <T>(f: (s: SampleRow & { hostId: number }) => T) => samples.map(f);
  const lastFacts = new Map<number, { ts: number; facts: HostFactsRow }>();
  for (const f of facts) lastFacts.set(f.hostId, f);
  const fs = [...lastFacts];
  return [
    col((s) => s.hostId),
    col((s) => s.ts),
    col((s) => text(s.status)),
    col((s) => text(s.errorCode)),
    col((s) => text(s.errorMessage)),
    col((s) => s.count),
    col((s) => s.max),
    col((s) => s.buckets),
    col((s) => s.dropTotal),
    col((s) => s.earlyDropTotal),
    col((s) => s.insertFailedTotal),
    col((s) => s.dropDelta),
    col((s) => s.earlyDropDelta),
    col((s) => s.insertFailedDelta),
    col((s) => s.bootTime),
    samples.map((s, i) => last.get(`${s.hostId}:${s.ts}`) === i),
    fs.map(([id]) => id),
    fs.map(([, f]) => text(f.facts.kernel)),
    fs.map(([, f]) => f.facts.cores),
    fs.map(([, f]) => f.facts.memTotalBytes),
    fs.map(([, f]) => text(f.facts.module)),
    fs.map(([, f]) => f.ts),
  ];
}
