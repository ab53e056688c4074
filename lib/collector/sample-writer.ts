import "server-only";
import type { FleetStore, HostFactsRow, SampleRow } from "@/lib/store/fleet-store";

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
 */
export class SampleWriter implements SampleSink {
  private samples: SampleRow[] = [];
  private facts = new Map<string, { ts: number; facts: HostFactsRow }>();
  private readonly lastFacts = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly store: FleetStore) {}

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

  /** Writes everything queued now (tests, benchmarks, shutdown, and before a read that must see it). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.samples.length === 0 && this.facts.size === 0) return;
    const samples = this.samples;
    const facts = this.facts;
    this.samples = [];
    this.facts = new Map();
    try {
      this.store.writeBatch(samples, [...facts].map(([host, f]) => ({ host, ...f })));
    } catch (err) {
      // Forget the facts we could not write, so the next poll writes them again.
      for (const host of facts.keys()) this.lastFacts.delete(host);
      console.error(`[store] could not write ${samples.length} samples: ${(err as Error).message}`);
    }
  }

  private schedule(): void {
    if (this.samples.length >= FLUSH_ROWS) return this.flush();
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), FLUSH_MS);
    this.timer.unref?.();
  }
}
