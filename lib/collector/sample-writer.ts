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

/**
 * Batches poll results into one transaction every 250 ms (or 500 rows): at 1000 hosts every 5 s
 * that is one commit instead of 50, and the raw sample and its rollups still land together. Facts
 * (kernel, cores, RAM) are written only when they change. Live state is in memory, so the store
 * lagging a quarter second behind is invisible; a crash loses at most that much history, and the
 * counter baselines come back from the last stored sample (deltas are reset-aware).
 *
 * One batch is written at a time, in the order flushed: rollups keep the last `max` of a bucket, so
 * a later batch must not commit before an earlier one. Polls never wait for the store: they queue.
 */
export class SampleWriter implements SampleSink {
  private samples: SampleRow[] = [];
  private facts = new Map<string, { ts: number; facts: HostFactsRow }>();
  private readonly lastFacts = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  /** The batch being written and those queued behind it; null when the store is idle. */
  private writing: Promise<void> | null = null;

  constructor(private readonly store: FleetStorePort) {}

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
   * resolves when it and every batch before it are stored (or failed and logged). Never rejects.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.samples.length === 0 && this.facts.size === 0) return this.writing ?? Promise.resolve();
    const samples = this.samples;
    const facts = this.facts;
    this.samples = [];
    this.facts = new Map();
    const write = () => this.write(samples, facts);
    const done = this.writing ? this.writing.then(write) : write();
    this.writing = done;
    void done.then(() => {
      if (this.writing === done) this.writing = null;
    });
    return done;
  }

  private async write(samples: SampleRow[], facts: Map<string, { ts: number; facts: HostFactsRow }>): Promise<void> {
    try {
      await this.store.writeBatch(samples, [...facts].map(([host, f]) => ({ host, ...f })));
    } catch (err) {
      // Forget the facts we could not write, so the next poll writes them again.
      for (const host of facts.keys()) this.lastFacts.delete(host);
      console.error(`[store] could not write ${samples.length} samples: ${(err as Error).message}`);
    }
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
