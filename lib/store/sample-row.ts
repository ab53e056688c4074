import type { SampleRow } from "./fleet-store";

/** A `samples` row (snake_case columns, numbers possibly as strings) as the domain's SampleRow: both engines read rows this way. */
export function toSample(host: string, raw: unknown): SampleRow | null {
  if (!raw) return null;
  const r = raw as Record<string, number | string | null>;
  const num = (k: string) => (r[k] === null || r[k] === undefined ? null : Number(r[k]));
  const str = (k: string) => (r[k] === null || r[k] === undefined ? null : String(r[k]));
  return {
    host,
    ts: Number(r.ts),
    status: String(r.status),
    errorCode: str("error_code"),
    errorMessage: str("error_message"),
    count: num("count"),
    max: num("max"),
    buckets: num("buckets"),
    dropTotal: num("drop_total"),
    earlyDropTotal: num("early_drop_total"),
    insertFailedTotal: num("insert_failed_total"),
    dropDelta: num("drop_delta"),
    earlyDropDelta: num("early_drop_delta"),
    insertFailedDelta: num("insert_failed_delta"),
    bootTime: num("boot_time"),
  };
}
