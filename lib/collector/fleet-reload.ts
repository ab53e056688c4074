import "server-only";
import { FleetConfigError, formatProblem, loadFleetFile, type FleetConfig } from "@/lib/config/fleet-file";
import { FileWatcher } from "@/lib/config/file-watch";
import type { FleetPoller } from "./fleet-poller";

export interface ConfigStatus {
  file: string;
  /** When the configuration that runs now was read. */
  loadedAt: number;
  /** The last reload that was refused (the previous configuration kept running), until one succeeds. */
  error: { at: number; problems: string[] } | null;
}

/** Settings the running collector was built with: a change is reported and applies after a restart. */
const RESTART_ONLY = [
  "knownHostsFiles", "hostKeyPolicy", "pollIntervalMs", "timeoutMs", "thresholds", "maxConcurrentHandshakes",
  "persistentReader", "logLookbackMs", "logIntervalMs", "retention", "auth", "limits",
] as const satisfies readonly (keyof FleetConfig)[];

const DEFAULT_DEBOUNCE_MS = 500;

/**
 * Re-reads the fleet file and its inventory sources when any of them changes, and applies the
 * hosts to the running poller. A reload that finds a mistake changes nothing: the last good
 * configuration keeps running, and the mistake (`file:line: field: message`) is logged and kept in
 * `status` for the overview to show until a later reload succeeds.
 */
export class FleetReloader {
  private readonly watcher: FileWatcher;
  status: ConfigStatus;
  private running: FleetConfig;
  private attempted: string[];
  /** Reloads run one after the other: a later one's verdict (refused or applied) must be the one that stays. */
  private reloading: Promise<unknown> = Promise.resolve();

  constructor(
    initial: FleetConfig,
    private readonly deps: {
      poller: Pick<FleetPoller, "reconcile">;
      /** Called with the configuration now in force (restart-only settings kept from the running one). */
      apply?: (config: FleetConfig) => void;
      load?: (file: string) => FleetConfig;
      log?: (line: string) => void;
      debounceMs?: number;
      pollMs?: number;
    },
  ) {
    this.running = initial;
    this.attempted = initial.watchFiles;
    this.status = { file: initial.file, loadedAt: Date.now(), error: null };
    this.watcher = new FileWatcher(initial.watchFiles, () => void this.reload(), deps.debounceMs ?? DEFAULT_DEBOUNCE_MS, deps.pollMs);
  }

  get config(): FleetConfig {
    return this.running;
  }

  /** Reads everything again now; resolves to what changed, or null when the new configuration was refused. */
  reload(): Promise<{ added: string[]; removed: string[]; changed: string[] } | null> {
    const run = this.reloading.then(() => this.reloadNow());
    this.reloading = run.catch(() => undefined);
    return run;
  }

  private async reloadNow(): Promise<{ added: string[]; removed: string[]; changed: string[] } | null> {
    const log = this.deps.log ?? ((line: string) => console.log(line));
    const file = this.running.file;
    let next: FleetConfig;
    try {
      next = (this.deps.load ?? ((f: string) => loadFleetFile(f)))(file);
    } catch (err) {
      const problems = err instanceof FleetConfigError ? err.problems.map((p) => formatProblem(err.file, p)) : [(err as Error).message];
      this.status = { ...this.status, error: { at: Date.now(), problems } };
      // Watch what the refused attempt read too: fixing a new inventory file must be noticed.
      if (err instanceof FleetConfigError) this.attempted = err.files;
      this.watcher.update([...new Set([...this.running.watchFiles, ...this.attempted])]);
      log(`[fleet] reload refused, the configuration read at ${new Date(this.status.loadedAt).toISOString()} keeps running:\n  ${problems.join("\n  ")}`);
      return null;
    }
    const changes = await this.deps.poller.reconcile(next.hosts);
    const later = RESTART_ONLY.filter((k) => JSON.stringify(next[k]) !== JSON.stringify(this.running[k]));
    this.running = { ...this.running, hosts: next.hosts, watchFiles: next.watchFiles, notes: next.notes };
    this.attempted = next.watchFiles;
    this.watcher.update(next.watchFiles);
    this.status = { file, loadedAt: Date.now(), error: null };
    this.deps.apply?.(this.running);
    const list = (xs: string[]) => (xs.length > 8 ? `${xs.slice(0, 8).join(", ")} and ${xs.length - 8} more` : xs.join(", "));
    log(
      `[fleet] reloaded ${file}: ${next.hosts.length} hosts` +
        (changes.added.length ? `; added ${list(changes.added)}` : "") +
        (changes.removed.length ? `; removed ${list(changes.removed)}` : "") +
        (changes.changed.length ? `; reconnecting ${list(changes.changed)}` : "") +
        (later.length ? `; changed ${later.join(", ")}: takes effect after a restart` : ""),
    );
    for (const n of next.notes) log(`[fleet] ${n}`);
    return changes;
  }

  close(): void {
    this.watcher.close();
  }
}
