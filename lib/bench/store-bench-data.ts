import type { HostFactsRow, SampleRow } from "@/lib/store/fleet-store";
import type { StoredEvent } from "@/lib/store/history-store";

/**
 * What the store benchmark writes and reads, whichever engine: the verbs it uses, each answered
 * directly (SQLite's current classes) or as a promise (the async ports); `await` takes both.
 */
type Maybe<T> = T | Promise<T>;
export interface BenchFleet {
  syncHosts(hosts: { name: string; address: string }[]): Maybe<void>;
  idOf(host: string): number;
  writeBatch(samples: readonly SampleRow[], facts: readonly { host: string; ts: number; facts: HostFactsRow }[]): Maybe<void>;
  history: {
    insertEvents(hostId: number, events: Omit<StoredEvent, "host">[]): Maybe<number>;
    series(hostId: number, fromMs: number, toMs: number, resolution: "raw" | "1m" | "1h"): Maybe<unknown[]>;
    hostsWithDrops(fromMs: number, toMs: number): Maybe<number[]>;
    timelineBuckets(table: "1m" | "1h", stepMs: number, fromMs: number, toMs: number, hostIds: readonly number[]): Maybe<unknown[]>;
    dropSpans(fromMs: number, toMs: number): Maybe<unknown[]>;
    timelineEvents(stepMs: number, fromMs: number, toMs: number): Maybe<{ hostId: number; kind: string }[]>;
  };
}

export const hostName = (i: number) => `web-${String(i + 1).padStart(5, "0")}`;
export const fleetOf = (n: number) => Array.from({ length: n }, (_, i) => ({ name: hostName(i), address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }));

/** A poll's row: a count that wanders, and drops while `dropping`. */
export function pollRow(host: string, ts: number, i: number, hostIndex: number, total: { drops: number }, dropping: boolean): SampleRow {
  const d = dropping ? 25 + (i % 13) : 0;
  total.drops += d;
  return {
    host, ts, status: "ok", errorCode: null, errorMessage: null,
    count: dropping ? 262_144 : Math.round(120_000 + 60_000 * Math.sin((i + hostIndex * 37) / 400)), max: 262_144, buckets: 65_536,
    dropTotal: total.drops, earlyDropTotal: 0, insertFailedTotal: 0, dropDelta: d, earlyDropDelta: 0, insertFailedDelta: 0, bootTime: null,
  };
}

/**
 * The collector's batches for `hosts` hosts polled every `intervalMs`: each poll round spread over
 * the interval, flushed every `batch` samples (SampleWriter flushes at 500 rows or 250 ms).
 */
export function* collectorBatches(hosts: number, intervalMs: number, rounds: number, batch: number, t0: number, firstHost = 0): Generator<SampleRow[]> {
  const totals = Array.from({ length: hosts }, () => ({ drops: 0 }));
  let out: SampleRow[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let h = 0; h < hosts; h++) {
      const ts = t0 + r * intervalMs + Math.floor((h * intervalMs) / hosts);
      out.push(pollRow(hostName(firstHost + h), ts, r, h, totals[h]!, (h + r) % 97 === 0));
      if (out.length === batch) {
        yield out;
        out = [];
      }
    }
  }
  if (out.length > 0) yield out;
}

/**
 * The read data set: `hosts` hosts × `days` days at `intervalS`, one host in four with a 2-hour
 * incident (drops and kernel-log events) somewhere in the window, written a day at a time.
 */
export async function fillFleet(store: BenchFleet, hosts: number, days: number, intervalS: number, now: number, batch: number): Promise<{ samples: number; events: number }> {
  const n = Math.floor((days * 86_400) / intervalS);
  const incidentLen = Math.floor(7200 / intervalS);
  const incidentAt = (h: number) => (h % 4 === 0 ? Math.floor((((h * 7919) % 1000) / 1000) * (n - incidentLen)) : -1);
  const totals = Array.from({ length: hosts }, () => ({ drops: 0 }));
  let samples = 0;
  let events = 0;
  let rows: SampleRow[] = [];
  const flush = async () => {
    if (rows.length === 0) return;
    await store.writeBatch(rows, []);
    samples += rows.length;
    rows = [];
  };
  // Time-major, as the collector writes: every host's sample of one poll before the next poll.
  for (let i = 0; i < n; i++) {
    const ts = now - (n - i) * intervalS * 1000;
    for (let h = 0; h < hosts; h++) {
      const at = incidentAt(h);
      rows.push(pollRow(hostName(h), ts, i, h, totals[h]!, at >= 0 && i >= at && i < at + incidentLen));
      if (rows.length >= batch) await flush();
    }
  }
  await flush();
  for (let h = 0; h < hosts; h += 4) {
    const at = incidentAt(h);
    const list: Omit<StoredEvent, "host">[] = [];
    for (let i = at; i < at + incidentLen; i++) {
      const ts = now - (n - i) * intervalS * 1000;
      list.push({ ts: ts - 1000, kind: "table_full", count: 1, source: "kern.log", line: "nf_conntrack: table full, dropping packet", key: `${ts}-f` });
      list.push({ ts: ts - 500, kind: "suppressed", count: 20, source: "kern.log", line: "net_ratelimit: 20 callbacks suppressed", key: `${ts}-s` });
    }
    events += await store.history.insertEvents(store.idOf(hostName(h)), list);
  }
  return { samples, events };
}

/** One host polled every `intervalS` for `days`: the host page's 30-day history. */
export async function fillHistoryHost(store: BenchFleet, host: string, days: number, intervalS: number, now: number, batch: number): Promise<number> {
  const n = Math.floor((days * 86_400) / intervalS);
  const total = { drops: 0 };
  let rows: SampleRow[] = [];
  for (let i = 0; i < n; i++) {
    rows.push(pollRow(host, now - (n - i) * intervalS * 1000, i, 0, total, i % 1000 < 20));
    if (rows.length >= batch) {
      await store.writeBatch(rows, []);
      rows = [];
    }
  }
  if (rows.length > 0) await store.writeBatch(rows, []);
  return n;
}
