import "server-only";
import type { HostFactsRow, SampleRow } from "@/lib/store/fleet-store";
import type { FleetStorePort } from "@/lib/store/ports";

/** Where poll results go: the store, through the batching writer below. */
export interface SampleSink {
  insertSample(row: SampleRow): void;
  upsertFacts(host: string, ts: number, facts: HostFactsRow): void;
}

const FLUSH_MS = 250;
const FLUSH_ROWS = 500;
/** Samples held in memory while the store is behind (~17 min of 1000 hosts every 5 s; ~60 MB). */
const MAX_QUEUED_SAMPLES = 200_000;
const DROP_LOG_MS = 60_000;

interface Batch {
  samples: SampleRow[];
  facts: Map<string, { ts: number; facts: HostFactsRow }>;
  /** Resolves when this batch is stored, failed or dropped. */
  done: Promise<void>;
  settle: () => void;
}

/**
 * Batches poll results into one transaction every 250 ms (or 500 rows): at 1000 hosts every 5 s
 * that is one commit instead of 50, and the raw sample and its rollups still land together. Facts
 * (kernel, cores, RAM) are written only when they change. Live state is in memory, so the store
 * lagging a quarter second behind is invisible; a crash loses at most that much history, and the
 * counter baselines come back from the last stored sample (deltas are reset-aware).
 *
 * One batch is written at a time, in the order flushed: rollups keep the last `max` of a bucket, so
 * a later batch must not commit before an earlier one. Polls never wait for the store: they queue.
 * A store that stops answering (a database that hangs rather than refuses) must not take the
 * dashboard's memory with it: beyond `maxQueued` samples waiting, the oldest queued batches are
 * dropped (history loses them; live state and alerts do not), and the log says how many.
 */
export class SampleWriter implements SampleSink {
  private samples: SampleRow[] = [];
  private facts = new Map<string, { ts: number; facts: HostFactsRow }>();
  private readonly lastFacts = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  /** Batches waiting behind the one being written, oldest first. */
  private readonly queue: Batch[] = [];
  private queuedSamples = 0;
  private inFlight: Batch | null = null;
  /** Samples dropped because the store was too far behind (since start). */
  dropped = 0;
  private droppedUnlogged = 0;
  private lastDropLog = 0;

  constructor(
    private readonly store: FleetStorePort,
    private readonly maxQueued = MAX_QUEUED_SAMPLES,
  ) {}

  insertSample(row: SampleRow): void {
    this.samples.push(row);
    this.schedule();
  }

  upsertFacts(host: string, ts: number, facts: HostFactsRow): void {
    const key = JSON.stringify(facts);
    if (this.lastFacts.get(host) === key) return;
    this.lastFacts.set(host, key);
    this.facts.set(host, { ts, facts });
    this.schedule();
  }

  /**
   * Writes everything queued now (tests, benchmarks, shutdown, and before a read that must see it);
   * resolves when it and every batch before it are stored (or failed and logged, or dropped). Never rejects.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.samples.length === 0 && this.facts.size === 0) {
      return (this.queue.at(-1) ?? this.inFlight)?.done ?? Promise.resolve();
    }
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const batch: Batch = { samples: this.samples, facts: this.facts, done, settle };
    this.samples = [];
    this.facts = new Map();
    this.queue.push(batch);
    this.queuedSamples += batch.samples.length;
    this.shed();
    if (!this.inFlight) void this.drain();
    return done;
  }

  /** Oldest waiting batches out until the queue fits (never the newest: it is what was just flushed). */
  private shed(): void {
    while (this.queuedSamples > this.maxQueued && this.queue.length > 1) {
      const old = this.queue.shift()!;
      this.queuedSamples -= old.samples.length;
      this.dropped += old.samples.length;
      this.droppedUnlogged += old.samples.length;
      this.forgetFacts(old);
      old.settle();
    }
    const now = Date.now();
    if (this.droppedUnlogged > 0 && now - this.lastDropLog >= DROP_LOG_MS) {
      console.error(`[store] the store is not keeping up: dropped ${this.droppedUnlogged} queued samples (oldest first) to hold at most ${this.maxQueued} in memory; live state is unaffected, history has a gap`);
      this.droppedUnlogged = 0;
      this.lastDropLog = now;
    }
  }

  private async drain(): Promise<void> {
    for (let batch = this.queue.shift(); batch; batch = this.queue.shift()) {
      this.queuedSamples -= batch.samples.length;
      this.inFlight = batch;
      try {
        await this.store.writeBatch(batch.samples, [...batch.facts].map(([host, f]) => ({ host, ...f })));
      } catch (err) {
        this.forgetFacts(batch);
        console.error(`[store] could not write ${batch.samples.length} samples: ${(err as Error).message}`);
      }
      this.inFlight = null;
      batch.settle();
    }
  }

  /** Facts we could not write: forget them, so the next poll writes them again. */
  private forgetFacts(batch: Batch): void {
    for (const host of batch.facts.keys()) this.lastFacts.delete(host);
  }

  private schedule(): void {
    if (this.samples.length >= FLUSH_ROWS) {
      void this.flush();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
    this.timer.unref?.();
  }
}
