import "server-only";
import path from "node:path";
import { loadFleetFile, type FleetConfig } from "@/lib/config/fleet-file";
import { readServerEnv } from "@/lib/config/server-env";
import { AuthService } from "@/lib/auth/auth-service";
import { HostKeyStore } from "@/lib/ssh/host-keys";
import { FleetStore } from "@/lib/store/fleet-store";
import { openDatabase } from "@/lib/store/sqlite";
import { AlertEngine } from "@/lib/alerts/alert-engine";
import { NotificationDispatcher } from "@/lib/alerts/dispatcher";
import { FleetPoller } from "./fleet-poller";
import { FleetReloader } from "./fleet-reload";

export interface Runtime {
  /** The configuration in force: its hosts follow reloads of the fleet file and inventory sources. */
  config: FleetConfig;
  store: FleetStore;
  poller: FleetPoller;
  auth: AuthService;
  reloader: FleetReloader;
  alerts: AlertEngine;
  startedAt: number;
}

// Next.js bundles instrumentation and each route separately: a module-level variable would give
// every bundle its own poller. One process, one runtime, kept on globalThis.
const KEY = Symbol.for("conntrack-fleet.runtime");
type Holder = { [KEY]?: Runtime };

export function getRuntime(): Runtime {
  const holder = globalThis as Holder;
  const existing = holder[KEY];
  if (existing) return existing;
  const env = readServerEnv();
  const config = loadFleetFile(env.fleetConfig);
  const db = openDatabase(env.dataDir);
  const store = new FleetStore(db);
  const hostKeys = new HostKeyStore(config.knownHostsFiles, config.hostKeyPolicy, path.join(env.dataDir, "known_hosts.learned"));
  const alerts = new AlertEngine(config.alerts, store.alerts, new Set(config.hosts.map((h) => h.name)));
  const poller = new FleetPoller(config, store, hostKeys, { alerts });
  const dispatcher = new NotificationDispatcher(config.alerts, store.alerts);
  const auth = new AuthService(config.auth, db);
  if (!auth.canSignIn) console.warn("[auth] nobody can sign in: add users under auth.users (see README), or enable auth.trustedProxy");
  if (config.auth.demo) console.warn("[auth] DEMO MODE: every visitor is signed in as the demo operator");
  for (const note of config.notes) console.log(`[fleet] ${note}`);
  // Re-reads the fleet file and inventory sources on change; the hosts of what it reads take over.
  const reloader = new FleetReloader(config, {
    poller,
    apply: (next) => {
      runtime.config = next;
      alerts.setHosts(new Set(next.hosts.map((h) => h.name)));
    },
  });
  const runtime: Runtime = { config, store, poller, auth, reloader, alerts, startedAt: Date.now() };
  holder[KEY] = runtime;
  poller.start();
  // Also with no rules: notifications queued under an earlier fleet file still go out (or die, named).
  dispatcher.start();
  return runtime;
}
