import "server-only";
import type { FleetConfig } from "@/lib/config/fleet-file";
import { COLLECT_COMMAND, collectCommandWithNetlinkStats } from "@/lib/conntrack/collect-command";
import { parseCollectOutput, type HostReading } from "@/lib/conntrack/parse-collect";
import { HostConnection } from "@/lib/ssh/host-connection";
import type { HostKeyStore } from "@/lib/ssh/host-keys";
import { Limiter } from "@/lib/ssh/limiter";
import type { FleetStore } from "@/lib/store/fleet-store";
import { commandFailure, emptyLive, recordFailure, recordReading, type HostLive, type HostSlot } from "./host-record";
import type { FailureCode, HostStatus } from "./host-status";
import { LogCollector } from "./log-collector";

export type { HostLive } from "./host-record";

const HOUR_MS = 3_600_000;
export const DROPPING_NOW_WINDOW_MS = 5 * 60_000;

/**
 * Polls every host on a fixed cadence over its persistent connection. Hosts are independent:
 * each poll is its own promise, a host still busy from the previous round is skipped rather than
 * queued, and a host in reconnect backoff costs nothing until its next dial.
 */
export class FleetPoller {
  private readonly slots = new Map<string, HostSlot>();
  private timer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  readonly logs: LogCollector;

  constructor(
    private readonly config: FleetConfig,
    private readonly store: FleetStore,
    hostKeys: HostKeyStore,
  ) {
    const handshakes = new Limiter(config.maxConcurrentHandshakes);
    store.syncHosts(config.hosts);
    const hourAgo = Date.now() - HOUR_MS;
    const drops = store.dropsSince(hourAgo);
    for (const host of config.hosts) {
      const slot: HostSlot = {
        config: host,
        conn: new HostConnection(host, { timeoutMs: config.timeoutMs, hostKeys, handshakes }),
        live: emptyLive(host),
        counters: null,
        recentDrops: drops.filter((d) => d.host === host.name).map((d) => ({ ts: d.ts, delta: d.dropDelta })),
        inFlight: null,
        netlinkStats: false,
        bootTimeMs: null,
        lastReading: null,
      };
      this.restore(slot);
      this.slots.set(host.name, slot);
    }
    this.logs = new LogCollector(config, store);
  }

  /** Picks up where the last run stopped, so a restart neither loses the state nor re-counts drops. */
  private restore(slot: HostSlot): void {
    const name = slot.config.name;
    const last = this.store.lastSample(name);
    const ok = this.store.lastOkSample(name);
    const counter = this.store.lastCounterSample(name);
    const facts = this.store.facts(name);
    const live = slot.live;
    if (ok) {
      live.count = ok.count;
      live.max = ok.max;
      live.buckets = ok.buckets;
      live.drops = ok.dropTotal;
      live.lastOkAt = ok.ts;
    }
    live.kernel = facts?.kernel ?? null;
    if (last) {
      live.lastPollAt = last.ts;
      live.status = last.status as HostStatus;
      live.error = last.errorCode ? { code: last.errorCode as FailureCode, message: last.errorMessage ?? "" } : null;
    }
    if (counter && counter.dropTotal !== null) {
      slot.counters = {
        ts: counter.ts,
        uptimeMs: counter.bootTime === null ? null : counter.ts - counter.bootTime,
        drop: counter.dropTotal,
        earlyDrop: counter.earlyDropTotal ?? 0,
        insertFailed: counter.insertFailedTotal ?? 0,
      };
    }
  }

  start(): void {
    if (this.timer || this.stopped) return;
    const tick = () => {
      if (this.stopped) return;
      const started = Date.now();
      for (const slot of this.slots.values()) if (!slot.inFlight) this.pollSlot(slot);
      this.timer = setTimeout(tick, Math.max(0, this.config.pollIntervalMs - (Date.now() - started)));
      this.timer.unref?.();
    };
    tick();
    const prune = () => {
      try {
        const n = this.store.history.prune(Date.now(), this.config.retention);
        if (n.samples + n.rollups + n.events > 0) console.log(`[retention] pruned ${n.samples} samples, ${n.rollups} rollups, ${n.events} events`);
      } catch (err) {
        console.error("[retention] prune failed", err);
      }
    };
    prune();
    this.pruneTimer = setInterval(prune, 3_600_000);
    this.pruneTimer.unref?.();
  }

  /** One poll of every host; resolves when all have answered or failed. For benchmarks and tests. */
  async pollAll(opts: { logs?: boolean } = {}): Promise<void> {
    await Promise.all([...this.slots.values()].map((s) => s.inFlight ?? this.pollSlot(s)));
    if (opts.logs) await this.logs.drain();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    for (const slot of this.slots.values()) slot.conn.dispose();
  }

  hosts(now = Date.now()): (HostLive & { dropsLastHour: number | null; droppingNow: boolean })[] {
    return [...this.slots.values()].map((s) => {
      s.recentDrops = s.recentDrops.filter((d) => d.ts >= now - HOUR_MS);
      const known = s.counters !== null || s.recentDrops.length > 0;
      return {
        ...s.live,
        dropsLastHour: known ? s.recentDrops.reduce((a, d) => a + d.delta, 0) : null,
        droppingNow: s.recentDrops.some((d) => d.ts >= now - DROPPING_NOW_WINDOW_MS),
      };
    });
  }

  lastReading(name: string): HostReading | null {
    return this.slots.get(name)?.lastReading ?? null;
  }

  /** Runs a command on the host's persistent connection (the limits feature; fixed templates only). */
  exec(name: string, command: string, timeoutMs?: number) {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`unknown host ${name}`);
    return slot.conn.exec(command, timeoutMs);
  }

  /** Polls one host now (after a change) and resolves when its state is updated. */
  async pollNow(name: string): Promise<void> {
    const slot = this.slots.get(name);
    if (!slot) return;
    if (slot.inFlight) await slot.inFlight;
    await this.pollSlot(slot);
  }

  bootTime(name: string): number | null {
    return this.slots.get(name)?.bootTimeMs ?? null;
  }

  host(name: string): HostLive | null {
    return this.slots.get(name)?.live ?? null;
  }

  private pollSlot(slot: HostSlot): Promise<void> {
    // A host in backoff is not dialled; its last failure stays on screen with its time.
    if (slot.conn.backoff && slot.live.lastPollAt !== null) return Promise.resolve();
    const p = this.pollHost(slot).finally(() => {
      slot.inFlight = null;
    });
    slot.inFlight = p;
    return p;
  }

  private async pollHost(slot: HostSlot): Promise<void> {
    const started = Date.now();
    let reading: HostReading;
    try {
      const res = await slot.conn.exec(slot.netlinkStats ? collectCommandWithNetlinkStats(slot.config.sudo) : COLLECT_COMMAND);
      if (res.exitCode !== 0) throw commandFailure(res.exitCode);
      reading = parseCollectOutput(res.stdout);
    } catch (err) {
      recordFailure(this.store, slot, started, err);
      return;
    }
    slot.lastReading = reading;
    const hot = recordReading(this.store, this.config.thresholds, slot, started, Date.now(), reading);
    if (reading.kind === "conntrack" && reading.statSource !== "procfs") slot.netlinkStats = true;
    // Not awaited: a long first backfill must not hold up this host's next counter poll.
    void this.logs.maybeRead(slot.config.name, slot.conn, { hot, bootTimeMs: slot.bootTimeMs, sudo: slot.config.sudo });
  }
}
