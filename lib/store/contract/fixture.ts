import type { SampleRow } from "@/lib/store/fleet-store";
import type { Store } from "@/lib/store/ports";

/**
 * What the store contract suite (lib/store/store-contract.test.ts) runs against: an engine that
 * makes a fresh, empty store, and can open a second store over the same data (a restart of the
 * process, or another process/replica sharing it).
 */
export interface EngineFactory {
  name: string;
  create(): Promise<StoreFixture>;
}

export interface StoreFixture {
  store: Store;
  /** Another store over the same data; closed by `dispose`. */
  reopen(): Promise<Store>;
  /** Closes every store this fixture opened and removes its data. */
  dispose(): Promise<void>;
}

/** A successful poll's row with counters; override what the test is about. */
export function sample(host: string, ts: number, over: Partial<SampleRow> = {}): SampleRow {
  return {
    host, ts, status: "ok", errorCode: null, errorMessage: null, count: 1000, max: 262_144, buckets: 65_536,
    dropTotal: 0, earlyDropTotal: 0, insertFailedTotal: 0, dropDelta: 0, earlyDropDelta: 0, insertFailedDelta: 0, bootTime: null, ...over,
  };
}

/** A failed poll's row: no numbers. */
export function failure(host: string, ts: number): SampleRow {
  return sample(host, ts, {
    status: "error", errorCode: "ssh_timeout", errorMessage: "no answer within 10 s", count: null, max: null, buckets: null,
    dropTotal: null, earlyDropTotal: null, insertFailedTotal: null, dropDelta: null, earlyDropDelta: null, insertFailedDelta: null,
  });
}
