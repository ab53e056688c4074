import "server-only";
import type { FleetConfig } from "@/lib/config/fleet-file";
import type { HostConnection } from "@/lib/ssh/host-connection";
import type { FleetStorePort } from "@/lib/store/ports";
import type { KernelEventKind } from "@/lib/kernel-log/types";
import type { AlertEngine } from "@/lib/alerts/alert-engine";
import { EMPTY_LOG_STATE, readKernelLog, type LogState } from "./log-reader";

/** Backfill reads whole rotated files: give it longer than a poll. */
const LOG_COMMAND_TIMEOUT_MS = 60_000;

interface HostLog {
  state: LogState;
  inFlight: Promise<void> | null;
  /** Lines each kind stands for, all stored history included: /metrics reads these, never the table. */
  totals: Record<KernelEventKind, number>;
}

export const EVENT_KINDS: readonly KernelEventKind[] = ["table_full", "expect_full", "suppressed"];

/**
 * Decides when each host's kernel log is read and stores what comes back. A host that is hot or
 * whose drop counters moved is read right after its poll, so events show up with the poll that saw
 * the drops; a quiet host is read every `logIntervalMs`. Reads never hold up the counter polls.
 */
export class LogCollector {
  private readonly hosts = new Map<string, HostLog>();

  /** Reads nothing yet: `addHosts` brings in the fleet's hosts (FleetPoller.open does, at start-up). */
  constructor(
    private readonly config: FleetConfig,
    private readonly store: FleetStorePort,
    private readonly alerts?: AlertEngine,
  ) {}

  /**
   * Hosts that joined the fleet (or were there at start-up): their log positions are picked up from
   * the store. A host is read from only once it is added; one already known is left as it is.
   */
  async addHosts(names: readonly string[]): Promise<void> {
    const fresh = names.filter((n) => !this.hosts.has(n));
    if (fresh.length === 0) return;
    const saved = await Promise.all(fresh.map((n) => this.store.history.logState<LogState>(this.store.idOf(n))));
    const totals = await this.store.history.eventTotals();
    const byId = new Map<number, HostLog>();
    fresh.forEach((name, i) => {
      if (this.hosts.has(name)) return;
      const log: HostLog = { state: { ...EMPTY_LOG_STATE, ...(saved[i] ?? {}) }, inFlight: null, totals: { table_full: 0, expect_full: 0, suppressed: 0 } };
      this.hosts.set(name, log);
      byId.set(this.store.idOf(name), log);
    });
    this.seedTotals(byId, totals);
  }

  /** A host left the fleet: no more reads (its events and position stay in the store). */
  removeHost(name: string): void {
    this.hosts.delete(name);
  }

  /** Kernel-log lines per kind counted once from the store; new ones are counted as they are stored. */
  private seedTotals(byId: ReadonlyMap<number, HostLog>, totals: readonly { hostId: number; kind: string; total: number }[]): void {
    for (const t of totals) {
      const log = byId.get(t.hostId);
      if (log && t.kind in log.totals) log.totals[t.kind as KernelEventKind] += t.total;
    }
  }

  /** Kernel-log lines per kind for a host, counted since the store began (less what retention pruned before this start). */
  totals(host: string): Readonly<Record<KernelEventKind, number>> | null {
    return this.hosts.get(host)?.totals ?? null;
  }

  state(host: string): LogState | null {
    return this.hosts.get(host)?.state ?? null;
  }

  /** Resolves when the read (if one was due) is done; never rejects. */
  maybeRead(host: string, conn: HostConnection, opts: { hot: boolean; bootTimeMs: number | null; sudo: boolean; now?: number }): Promise<void> {
    const h = this.hosts.get(host);
    if (!h) return Promise.resolve();
    if (h.inFlight) return h.inFlight;
    const now = opts.now ?? Date.now();
    const due = h.state.lastReadAt === null || now - h.state.lastReadAt >= this.config.logIntervalMs || h.state.source === null;
    if (!opts.hot && !due) return Promise.resolve();
    h.inFlight = this.read(host, h, conn, opts.bootTimeMs, opts.sudo).finally(() => {
      h.inFlight = null;
    });
    return h.inFlight;
  }

  private async read(host: string, h: HostLog, conn: HostConnection, bootTimeMs: number | null, sudo: boolean): Promise<void> {
    try {
      const { state, events } = await readKernelLog(h.state, {
        exec: (command) => conn.exec(command, LOG_COMMAND_TIMEOUT_MS),
        now: Date.now(),
        bootTimeMs,
        sudo,
        lookbackMs: this.config.logLookbackMs,
      });
      const hostId = this.store.idOf(host);
      const previousReadAt = h.state.lastReadAt;
      // Events first, then the position: a crash in between re-reads lines, and their keys dedupe them.
      await this.store.history.insertEvents(hostId, events, (e) => {
        if (e.kind in h.totals) h.totals[e.kind as KernelEventKind] += e.count;
      });
      await this.store.history.putLogState(hostId, state);
      h.state = state;
      this.observeAlerts(host, events, previousReadAt);
    } catch (err) {
      console.error(`[logs] ${host}: ${(err as Error).message}`);
      h.state = { ...h.state, error: "internal error while reading the kernel log" };
    }
  }

  /**
   * "New" table-full lines: read after an earlier read of this host and stamped after it (a minute of
   * slack for the clocks). A first contact's backfill is history, not news: it never fires.
   */
  private observeAlerts(host: string, events: readonly { ts: number; kind: string }[], previousReadAt: number | null): void {
    if (!this.alerts?.enabled) return;
    const now = Date.now();
    const tableFullLines = previousReadAt === null ? 0 : events.filter((e) => e.kind === "table_full" && e.ts >= previousReadAt - 60_000).length;
    void this.alerts.observe({ source: "log", host, tableFullLines }, now);
  }

  async drain(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((h) => h.inFlight));
  }
}
