import "server-only";
import type { FleetConfig, HostConfig } from "@/lib/config/fleet-file";
import { COLLECT_COMMAND, collectCommandWithNetlinkStats } from "@/lib/conntrack/collect-command";
import { parseCollectOutput, type HostReading } from "@/lib/conntrack/parse-collect";
import { HostConnection, SshError } from "@/lib/ssh/host-connection";
import type { HostKeyStore } from "@/lib/ssh/host-keys";
import { Limiter } from "@/lib/ssh/limiter";
import type { FleetStore } from "@/lib/store/fleet-store";
import { LogCollector } from "./log-collector";
import {
  counterDeltas,
  statusOfFailure,
  statusOfUtilization,
  utilizationOf,
  type CounterSnapshot,
  type FailureCode,
  type HostStatus,
} from "./host-status";

export interface HostLive {
  name: string;
  address: string;
  tags: string[];
  status: HostStatus;
  error: { code: FailureCode | "no-conntrack"; message: string; fingerprint?: string } | null;
  count: number | null;
  max: number | null;
  buckets: number | null;
  drops: number | null;
  kernel: string | null;
  lastPollAt: number | null;
  lastOkAt: number | null;
  lastPollMs: number | null;
}

interface HostSlot {
  config: HostConfig;
  conn: HostConnection;
  live: HostLive;
  counters: CounterSnapshot | null;
  /** Non-zero drop increments within the last hour, oldest first. */
  recentDrops: { ts: number; delta: number }[];
  inFlight: Promise<void> | null;
  /** The kernel has no procfs stats: poll with `conntrack -S` appended. */
  netlinkStats: boolean;
  bootTimeMs: number | null;
  /** The last successful read, as parsed: what a limit raise is sized from. */
  lastReading: HostReading | null;
}

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
      this.recordFailure(slot, started, err);
      return;
    }
    slot.lastReading = reading;
    const hot = this.recordReading(slot, started, Date.now(), reading);
    if (reading.kind === "conntrack" && reading.statSource !== "procfs") slot.netlinkStats = true;
    // Not awaited: a long first backfill must not hold up this host's next counter poll.
    void this.logs.maybeRead(slot.config.name, slot.conn, { hot, bootTimeMs: slot.bootTimeMs, sudo: slot.config.sudo });
  }

  private recordFailure(slot: HostSlot, started: number, err: unknown): void {
    const ts = Date.now();
    let code: FailureCode = "command";
    let message: string;
    let fingerprint: string | undefined;
    if (err instanceof SshError) {
      code = err.failure;
      message = err.message;
      fingerprint = err.fingerprint ?? undefined;
    } else if (err instanceof Error && (err as { code?: string }).code === "parse") {
      message = `unexpected output from the poll command: ${err.message}`;
    } else {
      console.error(`[poll] ${slot.config.name}: unexpected error`, err);
      message = "internal error while polling; see the server log";
    }
    const live = slot.live;
    live.status = statusOfFailure(code);
    live.error = { code, message, ...(fingerprint ? { fingerprint } : {}) };
    live.lastPollAt = ts;
    live.lastPollMs = ts - started;
    this.store.insertSample({
      host: slot.config.name,
      ts,
      status: live.status,
      errorCode: code,
      errorMessage: message,
      count: null,
      max: null,
      buckets: null,
      dropTotal: null,
      earlyDropTotal: null,
      insertFailedTotal: null,
      dropDelta: null,
      earlyDropDelta: null,
      insertFailedDelta: null,
      bootTime: null,
    });
  }

  /** Stores one successful read; returns whether the host is hot enough to read its kernel log now. */
  private recordReading(slot: HostSlot, started: number, ts: number, reading: HostReading): boolean {
    const live = slot.live;
    const name = slot.config.name;
    const facts = reading.facts;
    const uptimeMs = facts.uptimeSeconds === null ? null : Math.round(facts.uptimeSeconds * 1000);
    slot.bootTimeMs = uptimeMs === null ? null : ts - uptimeMs;
    live.kernel = facts.kernel;
    live.lastPollAt = ts;
    live.lastPollMs = ts - started;
    this.store.upsertFacts(name, ts, {
      kernel: facts.kernel,
      cores: facts.cores,
      memTotalBytes: facts.memTotalBytes,
      module: reading.kind === "conntrack" ? reading.module : null,
    });

    if (reading.kind === "no-conntrack") {
      live.status = "no-conntrack";
      live.error = { code: "no-conntrack", message: "nf_conntrack module not loaded: connection tracking is not in use" };
      live.count = live.max = live.buckets = live.drops = null;
      live.lastOkAt = ts;
      this.store.insertSample({
        host: name, ts, status: live.status, errorCode: null, errorMessage: null, count: null, max: null, buckets: null,
        dropTotal: null, earlyDropTotal: null, insertFailedTotal: null, dropDelta: null, earlyDropDelta: null,
        insertFailedDelta: null, bootTime: uptimeMs === null ? null : ts - uptimeMs,
      });
      return false;
    }

    let deltas = null;
    if (reading.stat) {
      const snap: CounterSnapshot = {
        ts,
        uptimeMs,
        drop: reading.stat.drop,
        earlyDrop: reading.stat.earlyDrop,
        insertFailed: reading.stat.insertFailed,
      };
      deltas = counterDeltas(slot.counters, snap);
      slot.counters = snap;
      if (deltas && deltas.drop > 0) slot.recentDrops.push({ ts, delta: deltas.drop });
    }
    const utilization = utilizationOf(reading.count, reading.max);
    // nf_conntrack_max = 0 means "no limit" to the kernel: nothing to fill up.
    live.status = utilization === null ? "ok" : statusOfUtilization(utilization, this.config.thresholds);
    live.error = null;
    live.count = reading.count;
    live.max = reading.max;
    live.buckets = reading.buckets;
    live.drops = reading.stat ? reading.stat.drop : null;
    live.lastOkAt = ts;
    this.store.insertSample({
      host: name,
      ts,
      status: live.status,
      errorCode: null,
      errorMessage: null,
      count: reading.count,
      max: reading.max,
      buckets: reading.buckets,
      dropTotal: reading.stat?.drop ?? null,
      earlyDropTotal: reading.stat?.earlyDrop ?? null,
      insertFailedTotal: reading.stat?.insertFailed ?? null,
      dropDelta: deltas?.drop ?? null,
      earlyDropDelta: deltas?.earlyDrop ?? null,
      insertFailedDelta: deltas?.insertFailed ?? null,
      bootTime: uptimeMs === null ? null : ts - uptimeMs,
    });
    const moved = deltas !== null && (deltas.drop > 0 || deltas.insertFailed > 0);
    return live.status === "warn" || live.status === "critical" || moved;
  }
}

function emptyLive(host: HostConfig): HostLive {
  return {
    name: host.name,
    address: host.address,
    tags: host.tags,
    status: "pending",
    error: null,
    count: null,
    max: null,
    buckets: null,
    drops: null,
    kernel: null,
    lastPollAt: null,
    lastOkAt: null,
    lastPollMs: null,
  };
}

function commandFailure(exitCode: number): SshError {
  // Raw stderr stays on the server: it can carry paths and environment details.
  const hint = exitCode === 127 ? " (a required command is missing on the host)" : exitCode === 126 ? " (permission denied)" : "";
  return new SshError("command", `poll command exited with status ${exitCode}${hint}`);
}
