import "server-only";
import type { FleetConfig } from "@/lib/config/fleet-file";
import { parseCollectOutput, type HostReading } from "@/lib/conntrack/parse-collect";
import { HandshakeAdmission } from "@/lib/ssh/handshake-admission";
import { HostConnection } from "@/lib/ssh/host-connection";
import { JumpPool } from "@/lib/ssh/jump-pool";
import type { HostConfig } from "@/lib/config/fleet-file";
import type { HostKeyStore } from "@/lib/ssh/host-keys";
import type { SampleRow } from "@/lib/store/fleet-store";
import type { FactsWithEntry, FleetStorePort } from "@/lib/store/ports";
import { bootTimeOf, emptyLive, recordFailure, recordReading, type HostLive, type HostSlot } from "./host-record";
import { PollReader, type PollMode } from "./poll-reader";
import { SampleWriter } from "./sample-writer";
import type { FailureCode, HostStatus } from "./host-status";
import { LogCollector } from "./log-collector";
import { isDroppingNow, NO_DROP_ACTIVITY } from "./drop-activity";
import type { HostMetrics } from "@/lib/metrics/fleet-metrics";
import type { AlertEngine } from "@/lib/alerts/alert-engine";
import type { HostAccess } from "./host-access";

export type { HostLive } from "./host-record";
export type { HostMetrics } from "@/lib/metrics/fleet-metrics";

const HOUR_MS = 3_600_000;
export const DROPPING_NOW_WINDOW_MS = 5 * 60_000;
const NETLINK_QUIET_INTERVAL_MS = 30_000;

/** What the store remembers of a host from the last run (see FleetPoller.restore). */
interface SavedHost {
  last: SampleRow | null;
  ok: SampleRow | null;
  counter: SampleRow | null;
  facts: FactsWithEntry | null;
}

/**
 * Polls every host on its own schedule over its persistent connection. Each host has a phase within
 * the poll interval (spread evenly over the fleet), so 1000 hosts are a steady stream of polls, not a
 * herd at the top of every interval. Hosts are independent: a host that is slow, timing out or
 * reconnecting never delays another, and a host in reconnect backoff costs nothing until its next dial.
 */
export class FleetPoller {
  private readonly slots = new Map<string, HostSlot>();
  private order: HostSlot[] = [];
  private pruneTimer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;
  /** Hosts not tried since start-up: until every host has been, kernel-log reads wait (see pollHost). */
  private readonly untried = new Set<HostSlot>();
  private readonly createdAt = Date.now();
  private readonly writer: SampleWriter;
  readonly handshakes: HandshakeAdmission;
  readonly logs: LogCollector;
  /** Connections to jump hosts, one per bastion, shared by the hosts behind it. */
  readonly jumps: JumpPool;
  private readonly hostKeys: HostKeyStore;
  /** Fleet re-reads apply one at a time, in the order asked (see reconcile). */
  private reconciling: Promise<unknown> = Promise.resolve();
  private pruning = false;

  private constructor(
    private readonly config: FleetConfig,
    private readonly store: FleetStorePort,
    hostKeys: HostKeyStore,
    private readonly opts: { kernelLog?: boolean; alerts?: AlertEngine } = {},
  ) {
    this.handshakes = new HandshakeAdmission({ timeoutMs: config.timeoutMs, maxConcurrency: config.maxConcurrentHandshakes });
    this.hostKeys = hostKeys;
    this.jumps = new JumpPool({ timeoutMs: config.timeoutMs, hostKeys, handshakes: this.handshakes });
    this.writer = new SampleWriter(store);
    this.logs = new LogCollector(config, store, opts.alerts);
  }

  /** Registers the fleet's hosts in the store and picks up each host's state from the last run. */
  static async open(config: FleetConfig, store: FleetStorePort, hostKeys: HostKeyStore, opts: { kernelLog?: boolean; alerts?: AlertEngine } = {}): Promise<FleetPoller> {
    const poller = new FleetPoller(config, store, hostKeys, opts);
    await store.syncHosts(config.hosts);
    const [drops, saved] = await Promise.all([store.dropsSince(Date.now() - HOUR_MS), poller.loadSaved(config.hosts)]);
    const byHost = groupBy(drops, (d) => d.host);
    for (const host of config.hosts) {
      const slot = poller.newSlot(host, byHost.get(host.name) ?? [], saved.get(host.name) ?? null);
      poller.slots.set(host.name, slot);
      poller.order.push(slot);
      poller.untried.add(slot);
    }
    await poller.logs.addHosts(config.hosts.map((h) => h.name));
    return poller;
  }

  /** A connection to the host (sharing its jump hosts' connections; `closeSlot` or `borrow` releases them). */
  private connectionTo(host: HostConfig): HostConnection {
    return new HostConnection(host, { timeoutMs: this.config.timeoutMs, hostKeys: this.hostKeys, handshakes: this.handshakes }, this.jumps.acquire(host.jumps));
  }

  private readerOn(conn: HostConnection, host: HostConfig, persistent = this.config.persistentReader): PollReader {
    return new PollReader(conn, { sudo: host.sudo, timeoutMs: this.config.timeoutMs, persistent });
  }

  private newSlot(host: HostConfig, recentDrops: readonly { ts: number; dropDelta: number }[], saved: SavedHost | null): HostSlot {
    const conn = this.connectionTo(host);
    const slot: HostSlot = {
      config: host,
      conn,
      reader: this.readerOn(conn, host),
      live: emptyLive(host),
      counters: null,
      recentDrops: recentDrops.map((d) => ({ ts: d.ts, delta: d.dropDelta })),
      dropActivity: NO_DROP_ACTIVITY,
      inFlight: null,
      timer: null,
      dueAt: null,
      netlinkStats: false,
      netlinkReadAt: null,
      bootTimeMs: null,
      lastReading: null,
    };
    if (saved) this.restore(slot, saved);
    return slot;
  }

  /** Ends a host's polling: its timer, its reader, its connection and its share of a jump connection. */
  private closeSlot(slot: HostSlot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.dueAt = null;
    slot.reader.close();
    slot.conn.dispose();
    this.jumps.release(slot.config.jumps);
  }

  /**
   * Applies a re-read fleet to the running poller: new hosts start polling (phases spread over one
   * interval, or over `spreadMs`: a replica taking over a dead one's hosts polls them sooner),
   * removed hosts stop and their connections close (their history stays in the store), hosts whose
   * address, login, key or jump path changed get a new connection and keep their state; a change
   * of tags or sudo alone keeps the connection. Re-reads apply one after the other:
   * two applied at once would both see a new host as new and give it two connections.
   */
  reconcile(hosts: readonly HostConfig[], opts: { spreadMs?: number } = {}): Promise<{ added: string[]; removed: string[]; changed: string[] }> {
    const run = this.reconciling.then(() => this.reconcileNow(hosts, opts.spreadMs ?? this.config.pollIntervalMs));
    this.reconciling = run.catch(() => undefined);
    return run;
  }

  private async reconcileNow(hosts: readonly HostConfig[], spreadMs: number): Promise<{ added: string[]; removed: string[]; changed: string[] }> {
    const next = new Map(hosts.map((h) => [h.name, h]));
    const result = { added: [] as string[], removed: [] as string[], changed: [] as string[] };
    // The store's reads first: the changes below are made without waiting, so no poll sees half of
    // them (new hosts' log positions come last: a host's log is not read before its position is in).
    const fresh = hosts.filter((h) => !this.slots.has(h.name));
    await this.store.syncHosts(fresh);
    const [drops, saved] = fresh.length > 0 ? await Promise.all([this.store.dropsSince(Date.now() - HOUR_MS), this.loadSaved(fresh)]) : [[], new Map<string, SavedHost>()];
    if (this.stopped) return result;
    const recent = groupBy(drops, (d) => d.host);
    for (const slot of this.order) {
      if (next.has(slot.config.name)) continue;
      this.closeSlot(slot);
      this.slots.delete(slot.config.name);
      this.untried.delete(slot);
      this.logs.removeHost(slot.config.name);
      result.removed.push(slot.config.name);
    }
    const now = Date.now();
    const armed: HostSlot[] = [];
    for (const host of hosts) {
      const slot = this.slots.get(host.name);
      if (!slot) {
        const created = this.newSlot(host, recent.get(host.name) ?? [], saved.get(host.name) ?? null);
        this.slots.set(host.name, created);
        this.untried.add(created);
        armed.push(created);
        result.added.push(host.name);
        continue;
      }
      if (connectionKey(slot.config) !== connectionKey(host)) {
        // The old connection goes before the new one takes its jump share: a bastion used by both stays up.
        const replacement = this.newSlot(host, [], null);
        this.closeSlot(slot);
        slot.conn = replacement.conn;
        slot.reader = replacement.reader;
        slot.netlinkStats = false;
        slot.netlinkReadAt = null;
        armed.push(slot);
        result.changed.push(host.name);
      } else if (slot.config.sudo !== host.sudo) {
        slot.reader.close();
        slot.reader = this.readerOn(slot.conn, host);
      }
      slot.config = host;
      slot.live.address = host.address;
      slot.live.tags = host.tags;
    }
    this.order = hosts.map((h) => this.slots.get(h.name)!);
    if (this.started && !this.stopped) {
      armed.forEach((slot, i) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.dueAt = now + Math.floor((i * spreadMs) / armed.length);
        this.arm(slot);
      });
    }
    await this.logs.addHosts(result.added);
    return result;
  }

  /** How a host is reached: its jump path, each hop with the state of its shared connection. */
  jumpPath(name: string): { name: string; spec: string; address: string; port: number; user: string; connection: HostConnection["state"] }[] {
    const slot = this.slots.get(name);
    if (!slot) return [];
    const states: HostConnection["state"][] = [];
    for (let c = slot.conn.via; c; c = c.via) states.unshift(c.state);
    return slot.config.jumps.map((j, i) => ({ name: j.name, spec: j.spec, address: j.address, port: j.port, user: j.user, connection: states[i] ?? "idle" }));
  }

  /** Each host's last samples and facts (independent reads: a network store answers them together). */
  private async loadSaved(hosts: readonly HostConfig[]): Promise<Map<string, SavedHost>> {
    const s = this.store;
    const rows = await Promise.all(
      hosts.map(async ({ name }) => {
        const [last, ok, counter, facts] = await Promise.all([s.lastSample(name), s.lastOkSample(name), s.lastCounterSample(name), s.facts(name)]);
        return [name, { last, ok, counter, facts }] as const;
      }),
    );
    return new Map(rows);
  }

  /** Picks up where the last run stopped, so a restart neither loses the state nor re-counts drops. */
  private restore(slot: HostSlot, { last, ok, counter, facts }: SavedHost): void {
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

  /** Starts every host's timer, phases spread evenly over one interval. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const now = Date.now();
    const interval = this.config.pollIntervalMs;
    this.order.forEach((slot, i) => {
      slot.dueAt = now + Math.floor((i * interval) / this.order.length);
      this.arm(slot);
    });
    // One prune at a time: on a large shared store one may outlast the hour.
    const prune = async () => {
      if (this.pruning) return;
      this.pruning = true;
      try {
        const n = await this.store.history.prune(Date.now(), this.config.retention);
        if (n.samples + n.rollups + n.events > 0) console.log(`[retention] pruned ${n.samples} samples, ${n.rollups} rollups, ${n.events} events`);
      } catch (err) {
        console.error("[retention] prune failed", err);
      } finally {
        this.pruning = false;
      }
    };
    void prune();
    this.pruneTimer = setInterval(() => void prune(), 3_600_000);
    this.pruneTimer.unref?.();
  }

  /**
   * One poll of every host at once, bypassing the schedule; resolves when all have answered or
   * failed and their samples are stored. For benchmarks and tests (a host in backoff is skipped).
   */
  async pollAll(opts: { logs?: boolean } = {}): Promise<void> {
    await Promise.all(this.order.map((s) => s.inFlight ?? this.pollSlot(s)));
    await this.writer.flush();
    if (opts.logs) await this.logs.drain();
  }

  /** Stops polling at once; resolves when what was polled is stored. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    for (const slot of this.order) this.closeSlot(slot);
    this.jumps.dispose();
    return this.writer.flush();
  }

  /** Cold-start progress: how many hosts have a connection, are dialling, are failing, not tried yet. */
  progress(): FleetProgress {
    return progressOf(this.order.map((s) => s.conn.state));
  }

  /** A polled host's connection state (null for a host this poller does not poll). */
  connectionOf(name: string): HostConnection["state"] | null {
    return this.slots.get(name)?.conn.state ?? null;
  }

  hosts(now = Date.now()): HostView[] {
    return this.order.map((s) => this.viewOf(s, now));
  }

  /** One host's view, without building the fleet's (null for a name not in the fleet). */
  hostView(name: string, now = Date.now()): HostView | null {
    const slot = this.slots.get(name);
    return slot ? this.viewOf(slot, now) : null;
  }

  private viewOf(s: HostSlot, now: number): HostView {
    while (s.recentDrops.length > 0 && (s.recentDrops[0]?.ts ?? now) < now - HOUR_MS) s.recentDrops.shift();
    const known = s.counters !== null || s.recentDrops.length > 0;
    const l = s.live;
    // Spelled out, not `...s.live`: at 5000 hosts the spread was most of a fleet view's time and garbage.
    return {
      name: l.name,
      address: l.address,
      tags: l.tags,
      status: l.status,
      error: l.error,
      count: l.count,
      max: l.max,
      buckets: l.buckets,
      drops: l.drops,
      kernel: l.kernel,
      lastPollAt: l.lastPollAt,
      lastOkAt: l.lastOkAt,
      lastPollMs: l.lastPollMs,
      dropsLastHour: known ? s.recentDrops.reduce((a, d) => a + d.delta, 0) : null,
      droppingNow: isDroppingNow(s.dropActivity, now, this.freshMs()),
      dropRate: s.dropActivity.rate,
      droppingSince: s.dropActivity.since,
      lastDropAt: s.dropActivity.lastAt ?? s.recentDrops.at(-1)?.ts ?? null,
      nextPollAt: this.nextPollAt(s),
      pollMode: s.reader.mode,
      readerRestarts: s.reader.restarts,
      readerKills: s.reader.kills,
      pollModeReason: s.reader.fallbackReason,
      connection: s.conn.state,
    };
  }

  /**
   * How old a host's last counter read may be and still say what the host is doing now: two intervals
   * and a timeout (one poll may fail or run late without the host's state turning unknown).
   */
  private freshMs(): number {
    return 2 * this.config.pollIntervalMs + this.config.timeoutMs;
  }

  /** When the host is next due: its next scheduled poll, or its next dial while backing off. */
  private nextPollAt(s: HostSlot): number | null {
    if (s.dueAt === null) return null;
    const backoff = s.conn.backoff;
    return backoff ? Math.max(s.dueAt, backoff.until) : s.dueAt;
  }

  /** What /metrics exposes, straight from memory: no SQL per scrape, whatever the fleet's size. */
  metricsView(): HostMetrics[] {
    return this.order.map((s) => ({
      name: s.config.name,
      tags: s.config.tags,
      status: s.live.status,
      count: s.live.count,
      max: s.live.max,
      buckets: s.live.buckets,
      counters: s.counters,
      lastOkAt: s.live.lastOkAt,
      events: this.logs.totals(s.config.name),
    }));
  }

  /** The limit feature's handle on a host this poller polls (null for one it does not: see `borrow`). */
  access(name: string): HostAccess | null {
    const slot = this.slots.get(name);
    if (!slot) return null;
    return {
      reading: slot.lastReading,
      status: slot.live.status,
      bootTimeMs: slot.bootTimeMs,
      exec: (command, timeoutMs) => slot.conn.exec(command, timeoutMs),
      refresh: () => this.pollNow(name),
    };
  }

  /**
   * A host another replica polls, reached for one operation (a limit change): a connection of its
   * own and one exec-mode read to plan from, both closed when `fn` settles. Nothing is stored: the
   * owning replica's next poll shows the result.
   */
  async borrow<T>(host: HostConfig, fn: (access: HostAccess) => Promise<T>): Promise<T> {
    const conn = this.connectionTo(host);
    const reader = this.readerOn(conn, host, false);
    try {
      let reading: HostReading | null = null;
      let status = "ok";
      try {
        reading = parseCollectOutput(await reader.poll(false));
      } catch (err) {
        status = `unreachable from this replica: ${err instanceof Error ? err.message : String(err)}`;
      }
      return await fn({
        reading,
        status,
        bootTimeMs: reading ? bootTimeOf(reading.facts, Date.now()) : null,
        exec: (command, timeoutMs) => conn.exec(command, timeoutMs),
        refresh: async () => undefined,
      });
    } finally {
      reader.close();
      conn.dispose();
      this.jumps.release(host.jumps);
    }
  }

  /** Polls one host now (after a change) and resolves when its state is updated. */
  async pollNow(name: string): Promise<void> {
    const slot = this.slots.get(name);
    if (!slot) return;
    if (slot.inFlight) await slot.inFlight;
    await this.pollSlot(slot);
    await this.writer.flush();
  }

  bootTime(name: string): number | null {
    return this.slots.get(name)?.bootTimeMs ?? null;
  }

  host(name: string): HostLive | null {
    return this.slots.get(name)?.live ?? null;
  }

  /** Sets the host's timer for its `dueAt` (or its next dial, when in backoff). */
  private arm(slot: HostSlot): void {
    // A host removed by a reload is not re-armed by the poll that was in flight when it left.
    if (this.stopped || this.slots.get(slot.config.name) !== slot) return;
    if (slot.timer) clearTimeout(slot.timer);
    const at = this.nextPollAt(slot) ?? Date.now();
    slot.timer = setTimeout(() => {
      slot.timer = null;
      void this.pollSlot(slot).finally(() => {
        this.advance(slot);
        this.arm(slot);
      });
    }, Math.max(0, at - Date.now()));
    slot.timer.unref?.();
  }

  /** The host's next slot on its own grid (phase kept), skipping slots a slow poll overran. */
  private advance(slot: HostSlot): void {
    const interval = this.config.pollIntervalMs;
    const now = Date.now();
    let due = (slot.dueAt ?? now) + interval;
    if (due <= now) due += Math.ceil((now - due + 1) / interval) * interval;
    slot.dueAt = due;
  }

  private pollSlot(slot: HostSlot): Promise<void> {
    if (slot.inFlight) return slot.inFlight;
    // A host in backoff is not dialled; its last failure stays on screen with its time.
    if (slot.conn.backoff && slot.live.lastPollAt !== null) return Promise.resolve();
    const p = this.pollHost(slot).finally(() => {
      slot.inFlight = null;
      this.markTried(slot);
    });
    slot.inFlight = p;
    return p;
  }

  private async pollHost(slot: HostSlot): Promise<void> {
    const started = Date.now();
    let reading: HostReading;
    let statFresh = true;
    const netlink = slot.netlinkStats && this.netlinkDue(slot, started);
    try {
      reading = parseCollectOutput(await slot.reader.poll(netlink));
      if (netlink) slot.netlinkReadAt = started;
      else if (slot.netlinkStats) {
        reading = withLastStat(reading, slot.lastReading);
        statFresh = false;
      }
    } catch (err) {
      recordFailure(this.writer, slot, started, err);
      void this.opts.alerts?.observe({ source: "poll", host: slot.config.name, status: slot.live.status, count: null, max: null, dropDelta: null });
      return;
    }
    slot.lastReading = reading;
    const { hot, dropDelta } = recordReading(this.writer, this.config.thresholds, slot, started, Date.now(), reading, statFresh, this.freshMs());
    // A files-only read of a netlink host carries its last counters forward: it says nothing about drops.
    this.observeAlerts(slot, statFresh ? dropDelta : null);
    if (reading.kind === "conntrack" && reading.statSource !== "procfs") slot.netlinkStats = true;
    if (this.coldStartDone()) this.readLog(slot, hot);
  }

  /**
   * The alert rules see the poll just recorded (in memory; a change is queued in the store). Not
   * awaited: a slow store must not hold up the polls (the engine keeps each host's writes in order).
   */
  private observeAlerts(slot: HostSlot, dropDelta: number | null): void {
    const alerts = this.opts.alerts;
    if (!alerts?.enabled) return;
    const l = slot.live;
    void alerts.observe({ source: "poll", host: l.name, status: l.status, count: l.count, max: l.max, dropDelta });
  }

  /**
   * Every host tried once, or at least none still waiting for a handshake slot once each has had its
   * first turn (a blackholed host's handshake running into its timeout must not hold up the others' logs).
   */
  private coldStartDone(): boolean {
    if (this.untried.size === 0) return true;
    return Date.now() - this.createdAt > this.config.pollIntervalMs && this.handshakes.stats().queued === 0;
  }

  /**
   * `conntrack -S` is a process on the host at every read (kernels without procfs stats). It runs on
   * every poll while the host is hot (warn/critical, or drops in the last 5 minutes) and every 30 s
   * otherwise: the counters are cumulative, so nothing is lost, only a quiet host's drop rate is
   * coarser. A host that fills up turns hot from its count, which is read on every poll.
   */
  private netlinkDue(slot: HostSlot, now: number): boolean {
    if (slot.netlinkReadAt === null || now - slot.netlinkReadAt >= NETLINK_QUIET_INTERVAL_MS) return true;
    if (slot.live.status === "warn" || slot.live.status === "critical") return true;
    const last = slot.recentDrops.at(-1);
    return last !== undefined && last.ts >= now - DROPPING_NOW_WINDOW_MS;
  }

  /** Not awaited: a long first backfill must not hold up this host's next counter poll. */
  private readLog(slot: HostSlot, hot: boolean): void {
    if (this.opts.kernelLog === false) return;
    void this.logs.maybeRead(slot.config.name, slot.conn, { hot, bootTimeMs: slot.bootTimeMs, sudo: slot.config.sudo });
  }

  /**
   * Cold start first gives every host its numbers, then its history: first-contact log backfills
   * (up to 30 days of rotated files per host) would otherwise compete with the handshakes of the
   * hosts still waiting for their first poll. When the last host has been tried, every host that
   * answered starts its log read (one already reading is not asked twice).
   */
  private markTried(slot: HostSlot): void {
    if (!this.untried.delete(slot) || this.untried.size > 0) return;
    for (const s of this.order) if (s.lastReading) this.readLog(s, false);
  }
}

/** A files-only read of a netlink-stats host keeps the counters of its last `conntrack -S` read. */
function withLastStat(reading: HostReading, last: HostReading | null): HostReading {
  if (reading.kind !== "conntrack" || reading.stat !== null || last?.kind !== "conntrack" || last.stat === null) return reading;
  return { ...reading, stat: last.stat, statSource: last.statSource };
}

export type HostView = HostLive & {
  dropsLastHour: number | null;
  /** The last real counter read moved and is fresh (see drop-activity.ts). */
  droppingNow: boolean;
  /** Drops per second between the last two counter reads; null before two reads. */
  dropRate: number | null;
  /** When the current run of drops was first seen; null when not dropping. */
  droppingSince: number | null;
  /** The last read that saw drops (this run or an earlier one). */
  lastDropAt: number | null;
  nextPollAt: number | null;
  pollMode: PollMode | null;
  readerRestarts: number;
  readerKills: number;
  pollModeReason: string | null;
  connection: "connected" | "connecting" | "backoff" | "idle";
};

export interface FleetProgress {
  total: number;
  connected: number;
  connecting: number;
  failing: number;
  pending: number;
}

/** Cold-start progress from the hosts' connection states (a host in backoff is failing). */
export function progressOf(states: readonly HostConnection["state"][]): FleetProgress {
  const p = { total: states.length, connected: 0, connecting: 0, failing: 0, pending: 0 };
  for (const st of states) {
    if (st === "connected") p.connected++;
    else if (st === "connecting") p.connecting++;
    else if (st === "backoff") p.failing++;
    else p.pending++;
  }
  return p;
}

/** What the connection depends on: a change of any of these needs a new connection. */
function connectionKey(h: HostConfig): string {
  const hop = (t: { address: string; port: number; user: string; privateKey: Buffer | null; passphrase: string | null; agentSocket: string | null }) =>
    [t.address, t.port, t.user, t.privateKey?.toString("base64") ?? "", t.passphrase ?? "", t.agentSocket ?? ""].join("\0");
  return [hop(h), ...h.jumps.map(hop)].join("\n");
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
