import "server-only";
import path from "node:path";
import { loadFleetFile, type FleetConfig } from "@/lib/config/fleet-file";
import { readServerEnv } from "@/lib/config/server-env";
import { AuthService, sessionLimits } from "@/lib/auth/auth-service";
import { HostKeyStore } from "@/lib/ssh/host-keys";
import { openStore } from "@/lib/store/open-store";
import type { FleetStorePort } from "@/lib/store/ports";
import { AlertEngine } from "@/lib/alerts/alert-engine";
import { NotificationDispatcher } from "@/lib/alerts/dispatcher";
import { FleetPoller } from "./fleet-poller";
import { FleetReloader } from "./fleet-reload";
import type { HostAccess } from "./host-access";
import { localFleet, type FleetReads } from "@/lib/cluster/cluster-fleet";
import { startCluster, type ClusterRuntime } from "@/lib/cluster/cluster-runtime";
import { AppError } from "@/lib/errors/app-error";
import { HostLocks } from "@/lib/limits/host-locks";
import type { PgStore } from "@/lib/store/pg/open-pg-store";

export interface Runtime {
  /** The configuration in force: its hosts follow reloads of the fleet file and inventory sources. */
  config: FleetConfig;
  store: FleetStorePort;
  poller: FleetPoller;
  /** The whole fleet's live state: the poller's, merged with the other replicas' hosts in a cluster. */
  fleet: FleetReads;
  /** This process as one replica of those sharing PostgreSQL (one or more); null with the SQLite store. */
  cluster: ClusterRuntime | null;
  /**
   * Runs `fn` with a host in hand, one change per host at a time: across replicas (an advisory
   * lock in PostgreSQL) as well as within this process. A host another replica polls is borrowed.
   */
  withHost<T>(host: string, fn: (access: HostAccess) => Promise<T>, opts?: { exclusive?: boolean }): Promise<T>;
  auth: AuthService;
  reloader: FleetReloader;
  alerts: AlertEngine;
  startedAt: number;
}

// Next.js bundles instrumentation and each route separately: a module-level variable would give
// every bundle its own poller. One process, one runtime, kept on globalThis. It is the start-up
// itself that is kept (a promise): requests arriving while the store opens wait for the same one.
const KEY = Symbol.for("conntrack-fleet.runtime");
type Holder = { [KEY]?: Promise<Runtime> };

export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as Holder;
  const existing = holder[KEY];
  if (existing) return existing;
  const starting: Promise<Runtime> = startRuntime().catch((err: unknown) => {
    // A failed start is not kept: the next request tries again (as when start-up threw synchronously).
    if (holder[KEY] === starting) delete holder[KEY];
    throw err;
  });
  holder[KEY] = starting;
  return starting;
}

async function startRuntime(): Promise<Runtime> {
  const env = readServerEnv();
  const config = loadFleetFile(env.fleetConfig);
  const opened = await openStore({ dataDir: env.dataDir, databaseUrl: env.databaseUrl });
  try {
    const store = opened.fleet;
    const hostKeys = new HostKeyStore(config.knownHostsFiles, config.hostKeyPolicy, path.join(env.dataDir, "known_hosts.learned"));
    const alerts = await AlertEngine.open(config.alerts, store.alerts, new Set(config.hosts.map((h) => h.name)));
    const pg = opened.engine === "postgres" ? (opened as PgStore) : null;
    // In a cluster the poller starts empty: the fleet split hands it its share.
    const poller = await FleetPoller.open(pg ? { ...config, hosts: [] } : config, store, hostKeys, { alerts });
    const dispatcher = new NotificationDispatcher(config.alerts, store.alerts);
    const auth = new AuthService(config.auth, { sessions: opened.sessions(sessionLimits(config.auth)), tokens: opened.tokens });
    if (!auth.canSignIn) console.warn("[auth] nobody can sign in: add users under auth.users (see README), or enable auth.trustedProxy");
    if (config.auth.demo) console.warn("[auth] DEMO MODE: every visitor is signed in as the demo operator");
    for (const note of config.notes) console.log(`[fleet] ${note}`);
    // Re-reads the fleet file and inventory sources on change; the hosts of what it reads take over.
    let cluster: ClusterRuntime | null = null;
    const reloader = new FleetReloader(config, {
      // In a cluster a re-read fleet is split too: this replica reconciles to its share of it.
      poller: {
        reconcile: async (hosts) => {
          if (!cluster) return poller.reconcile(hosts);
          await store.syncHosts([...hosts]);
          return poller.reconcile(hosts.filter((h) => cluster!.membership.ownsHost(h.name)));
        },
      },
      apply: (next) => {
        runtime.config = next;
        alerts.setHosts(new Set(next.hosts.map((h) => h.name)));
      },
    });
    const locks = new HostLocks();
    const withHost: Runtime["withHost"] = (host, fn, o = {}) => {
      const run = () => {
        const own = poller.access(host);
        const cfg = runtime.config.hosts.find((h) => h.name === host);
        // A host this replica has only just taken over has no reading yet: a fresh read of its own serves the change.
        if (own && (own.reading || !cluster)) return fn(own);
        if (!cfg || !cluster) throw new AppError("not_found", `no host named ${host} in the fleet`);
        return poller.borrow(cfg, fn);
      };
      if (!o.exclusive) return run();
      return locks.run(host, () => (pg ? pg.advisoryLock(`host:${host}`, run) : run()));
    };
    const runtime: Runtime = { config, store, poller, fleet: localFleet(poller), cluster, withHost, auth, reloader, alerts, startedAt: Date.now() };
    poller.start();
    if (pg) {
      cluster = await startCluster({
        store: pg,
        poller,
        // Read at each heartbeat: follows reloads of the fleet file.
        hosts: () => runtime.config.hosts,
        pollIntervalMs: config.pollIntervalMs,
        onTaken: (hosts) => alerts.reloadHosts(hosts),
        replicaId: env.replicaId,
        url: env.replicaUrl,
      });
      runtime.cluster = cluster;
      runtime.fleet = cluster.fleet;
    }
    // Also with no rules: notifications queued under an earlier fleet file still go out (or die, named).
    dispatcher.start();
    return runtime;
  } catch (err) {
    await opened.close().catch(() => undefined);
    throw err;
  }
}
