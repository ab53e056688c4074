import "server-only";
import type { FleetConfig } from "@/lib/config/fleet-file";
import type { HostConnection } from "@/lib/ssh/host-connection";
import type { FleetStore } from "@/lib/store/fleet-store";
import type { AlertEngine } from "@/lib/alerts/alert-engine";
import { EMPTY_LOG_STATE, readKernelLog, type LogState } from "./log-reader";

/** Backfill reads whole rotated files: give it longer than a poll. */
const LOG_COMMAND_TIMEOUT_MS = 60_000;

interface HostLog {
  state: LogState;
  inFlight: Promise<void> | null;
}

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
    private readonly alerts?: AlertEngine,
  ) {
    for (const h of config.hosts) {
      const saved = store.history.logState<LogState>(store.idOf(h.name));
      this.hosts.set(h.name, { state: { ...EMPTY_LOG_STATE, ...(saved ?? {}) }, inFlight: null });
    }
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
      this.store.history.insertEvents(hostId, events);
      this.store.history.putLogState(hostId, state);
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
    this.alerts.observe({ source: "log", host, tableFullLines }, now);
  }

  async drain(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((h) => h.inFlight));
  }
}
