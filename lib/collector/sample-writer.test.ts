import { describe, expect, it } from "vitest";
import type { SampleRow } from "@/lib/store/fleet-store";
import type { FleetStorePort } from "@/lib/store/ports";
import { SampleWriter } from "./sample-writer";

/**
 * Batches reach the store one at a time, in the order flushed, when the store answers late (as a
 * network store does): rollups keep a bucket's last `max`, so a later batch committing first would
 * leave the earlier value.
 */

const sample = (host: string, ts: number): SampleRow => ({
  host, ts, status: "ok", errorCode: null, errorMessage: null, count: 1, max: ts, buckets: 1, dropTotal: null, earlyDropTotal: null,
  insertFailedTotal: null, dropDelta: null, earlyDropDelta: null, insertFailedDelta: null, bootTime: null,
});

function lateStore() {
  const started: number[][] = [];
  const factsOf: string[][] = [];
  const committed: number[][] = [];
  const pending: (() => void)[] = [];
  let fail = false;
  const store = {
    writeBatch: (samples: readonly SampleRow[], facts: readonly { host: string }[]) => {
      const ts = samples.map((s) => s.ts);
      started.push(ts);
      factsOf.push(facts.map((f) => f.host));
      return new Promise<void>((resolve, reject) =>
        pending.push(() => (fail ? reject(new Error("database is gone")) : (committed.push(ts), resolve()))),
      );
    },
  } as unknown as FleetStorePort;
  return { store, started, factsOf, committed, release: (failIt = false) => ((fail = failIt), pending.shift()?.()) };
}

describe("SampleWriter", () => {
  it("writes one batch at a time, in the order flushed, and a flush resolves once its batch is stored", async () => {
    const { store, started, committed, release } = lateStore();
    const writer = new SampleWriter(store);
    writer.insertSample(sample("web-01", 1));
    const first = writer.flush();
    writer.insertSample(sample("web-01", 2));
    writer.insertSample(sample("db-01", 3));
    const second = writer.flush();
    expect(started).toEqual([[1]]);
    let secondDone = false;
    void second.then(() => (secondDone = true));
    release();
    await first;
    expect(started).toEqual([[1], [2, 3]]);
    expect(secondDone).toBe(false);
    // Nothing new queued: the flush waits for what is in flight.
    const idle = writer.flush();
    release();
    await second;
    await idle;
    expect(committed).toEqual([[1], [2, 3]]);
  });

  it("a failed batch is logged, its facts are written again later, and the next batch still goes out", async () => {
    const { store, started, factsOf, release } = lateStore();
    const writer = new SampleWriter(store);
    const facts = { kernel: "6.1.0", cores: 2, memTotalBytes: 1, module: "nf_conntrack" };
    writer.upsertFacts("web-01", 1, facts);
    writer.insertSample(sample("web-01", 1));
    const failed = writer.flush();
    const original = console.error;
    const errors: string[] = [];
    console.error = (m: string) => void errors.push(m);
    try {
      release(true);
      await expect(failed).resolves.toBeUndefined();
    } finally {
      console.error = original;
    }
    expect(errors).toEqual(["[store] could not write 1 samples: database is gone"]);
    // The same facts again: not deduplicated away, since the first write of them failed.
    writer.upsertFacts("web-01", 2, facts);
    writer.insertSample(sample("web-01", 2));
    const next = writer.flush();
    release();
    await next;
    expect(started).toEqual([[1], [2]]);
    expect(factsOf).toEqual([["web-01"], ["web-01"]]);
  });

  it("holds a bounded number of samples while the store does not answer: the oldest queued batches go, logged once", async () => {
    const { store, started, committed, release } = lateStore();
    const writer = new SampleWriter(store, 250);
    const batch = (from: number) => {
      for (let i = 0; i < 100; i++) writer.insertSample(sample("web-01", from + i));
      return writer.flush();
    };
    const errors: string[] = [];
    const original = console.error;
    console.error = (m: string) => void errors.push(m);
    let flushed: Promise<void>[];
    try {
      // The first batch is in flight (the store hangs); 250 may wait behind it.
      flushed = [batch(0), batch(100), batch(200), batch(300), batch(400), batch(500)];
    } finally {
      console.error = original;
    }
    // Three batches dropped, one log line (the later drops within the minute are counted, not logged).
    expect(writer.dropped).toBe(300);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[store\] the store is not keeping up: dropped 100 queued samples \(oldest first\) to hold at most 250 in memory/);
    // A dropped batch's flush resolves at once; the others when stored.
    await Promise.all(flushed.slice(1, 4));
    expect(started.map((ts) => ts[0])).toEqual([0]);
    for (let i = 0; i < 3; i++) {
      release();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(flushed);
    // In order, the newest kept.
    expect(started.map((ts) => ts[0])).toEqual([0, 400, 500]);
    expect(committed.flat()).toHaveLength(300);
  });
});
