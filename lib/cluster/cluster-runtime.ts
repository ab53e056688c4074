import "server-only";
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { HostConfig } from "@/lib/config/fleet-file";
import type { FleetPoller } from "@/lib/collector/fleet-poller";
import type { PgStore } from "@/lib/store/pg/open-pg-store";
import { clusterFleet, type FleetReads, type SharedView } from "./cluster-fleet";
import { LeaseStore } from "./lease-store";
import { LiveViewStore } from "./live-views";
import { Membership } from "./membership";

export interface ClusterRuntime {
  replicaId: string;
  membership: Membership;
  leases: LeaseStore;
  fleet: FleetReads;
  leaseMs: number;
  stop(): Promise<void>;
}

/**
 * A lease outlives two missed heartbeats and is half a poll interval, so a dead replica's hosts are
 * polled again within about one interval of its death: lease + one heartbeat (a third of the
 * lease) + the takeover's spread (half a second at most) + a handshake. Its last poll was at most
 * an interval before it died, so the hosts' series show no gap (the charts break a line at three
 * intervals; see lib/client/series-gaps.ts).
 */
export function leaseMsFor(pollIntervalMs: number): number {
  return Math.min(15_000, Math.max(1_000, Math.round(0.5 * pollIntervalMs)));
}

/**
 * This process as one replica of several sharing PostgreSQL: it heartbeats, polls only its share
 * of the fleet (rendezvous hashing over the live replicas, held by leases), shares its hosts' live
 * views and reads the others', and writes samples only for hosts it holds (fenced in the database).
 */
export async function startCluster(opts: {
  store: PgStore;
  poller: FleetPoller;
  /** The fleet as configured now (follows reloads). */
  hosts: () => readonly HostConfig[];
  pollIntervalMs: number;
  /** Re-reads the alert states of hosts taken over from another replica. */
  onTaken?: (hosts: readonly string[]) => Promise<void>;
  replicaId?: string | null;
  url?: string | null;
  log?: (line: string) => void;
}): Promise<ClusterRuntime> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const replicaId = opts.replicaId || `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const leaseMs = leaseMsFor(opts.pollIntervalMs);
  const leases = new LeaseStore(opts.store.pool);
  const views = new LiveViewStore(opts.store.pool);
  let shared: ReadonlyMap<string, { view: unknown }> = new Map();
  opts.store.fleet.fenceWrites(replicaId);
  await opts.store.fleet.syncHosts([...opts.hosts()]);

  // The first share is a cold start: spread over an interval like a single process's fleet.
  let starting = true;
  const membership = new Membership(leases, {
    id: replicaId,
    url: opts.url ?? null,
    leaseMs,
    hosts: () => opts.hosts().map((h) => h.name),
    log,
    apply: async (owned, taken) => {
      const first = starting;
      starting = false;
      if (taken.length > 0 && !first) await opts.onTaken?.(taken);
      // Hosts taken over later are polled within half a second (handshake admission paces the dials), not spread over an interval.
      await opts.poller.reconcile(
        opts.hosts().filter((h) => owned.has(h.name)),
        { spreadMs: taken.length > 0 && !first ? Math.min(500, Math.round(opts.pollIntervalMs / 4)) : opts.pollIntervalMs },
      );
    },
  });

  // Share what changed in this replica's hosts and read what changed in the others', about once a heartbeat.
  const pushed = new Map<string, string>();
  const sync = async () => {
    const now = Date.now();
    const changed: { host: string; view: SharedView }[] = [];
    for (const v of opts.poller.hosts(now)) {
      const key = `${v.lastPollAt}|${v.status}|${v.connection}|${v.nextPollAt}|${v.pollMode}`;
      if (pushed.get(v.name) === key) continue;
      pushed.set(v.name, key);
      changed.push({ host: v.name, view: { ...v, bootTimeMs: opts.poller.bootTime(v.name), polledBy: replicaId } });
    }
    await views.put(replicaId, changed);
    shared = await views.refresh();
  };
  let syncing = false;
  const syncTimer = setInterval(() => {
    if (syncing) return;
    syncing = true;
    sync()
      .catch((err: unknown) => log(`[cluster] ${replicaId}: sharing live views failed: ${(err as Error).message}`))
      .finally(() => (syncing = false));
  }, Math.max(250, Math.floor(leaseMs / 3)));
  syncTimer.unref?.();
  const pruneTimer = setInterval(() => void leases.prune().catch(() => undefined), 3_600_000);
  pruneTimer.unref?.();

  await membership.start();
  shared = await views.refresh();
  log(`[cluster] replica ${replicaId}: lease ${leaseMs} ms, ${membership.state().live.length} replicas live`);
  return {
    replicaId,
    membership,
    leases,
    leaseMs,
    fleet: clusterFleet(opts.poller, replicaId, opts.hosts, () => shared),
    async stop() {
      clearInterval(syncTimer);
      clearInterval(pruneTimer);
      await membership.stop();
    },
  };
}
