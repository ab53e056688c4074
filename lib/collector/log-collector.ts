import "server-only";
import type { FleetConfig } from "@/lib/config/fleet-file";
import type { HostConnection } from "@/lib/ssh/host-connection";
import type { FleetStore } from "@/lib/store/fleet-store";
import type { KernelEventKind } from "@/lib/kernel-log/types";
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

  constructor(
    private readonly config: FleetConfig,
    private readonly store: FleetStore,
  ) {
    const byId = new Map<number, HostLog>();
    for (const h of config.hosts) {
      const id = store.idOf(h.name);
      const saved = store.history.logState<LogState>(id);
      const log: HostLog = { state: { ...EMPTY_LOG_STATE, ...(saved ?? {}) }, inFlight: null, totals: { table_full: 0, expect_full: 0, suppressed: 0 } };
      this.hosts.set(h.name, log);
      byId.set(id, log);
    }
    for (const t of store.history.eventTotals()) {
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
      // Events first, then the position: a crash in between re-reads lines, and their keys dedupe them.
      this.store.history.insertEvents(hostId, events, (e) => {
        if (e.kind in h.totals) h.totals[e.kind as KernelEventKind] += e.count;
      });
      this.store.history.putLogState(hostId, state);
      h.state = state;
    } catch (err) {
      console.error(`[logs] ${host}: ${(err as Error).message}`);
      h.state = { ...h.state, error: "internal error while reading the kernel log" };
    }
  }

  async drain(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((h) => h.inFlight));
  }
}
