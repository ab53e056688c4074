/**
 * The simulated fleet plus the built dashboard serving it: what `npm run demo` and the e2e suite
 * start. The dashboard runs as `next start`, exactly as in production, pointed at the generated
 * fleet file.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import type { DemoHost } from "./demo-history";
import { startSimFleet, type SimFleet } from "./fleet";
import { readHostStateSync } from "./host-state";
import { startScenario } from "./scenario";
import { usableSimDir } from "./sim-dir";

export interface StackOptions {
  simDir: string;
  dataDir: string;
  hosts: number;
  sshPort: number;
  appPort: number;
  appHost: string;
  scenario: boolean;
  tickMs: number;
  seed: number;
  pollIntervalSeconds: number;
  /** Remove DATA_DIR first (tests); the demo keeps its history across runs. */
  freshData: boolean;
  /** The fleet file's `auth` section: the demo signs everyone in, tests use real users. */
  auth: Record<string, unknown>;
  /** Seed a simulated week of history into the fresh store before the dashboard starts (the demo only). */
  seedHistory?: boolean;
  /** Hosts to mark `sudo: true` in the fleet file (their chroots have no sudo: a refusal to test). */
  sudoHosts?: (fleet: SimFleet) => string[];
  /** The fleet file's `alerts` section (tests: receivers on loopback ports the spec listens on). */
  alerts?: (fleet: SimFleet) => Record<string, unknown>;
}

export interface Stack {
  fleet: SimFleet;
  url: string;
  /** Stops and starts the dashboard process on the same data dir (tests: nothing lost, nothing doubled). */
  restartApp(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const nextBin = path.resolve("node_modules/.bin/next");
  if (!fs.existsSync(path.resolve(".next/BUILD_ID"))) {
    throw new Error("no production build: run `npm run build` first");
  }
  if (o.freshData) fs.rmSync(o.dataDir, { recursive: true, force: true });
  const fleet = await startSimFleet({ dir: await usableSimDir(o.simDir), hosts: o.hosts, port: o.sshPort, specials: true, seed: o.seed });
  let scenario: { stop(): void | Promise<void> } | null = null;
  let app: ChildProcess | null = null;
  const url = `http://${o.appHost.includes(":") ? `[${o.appHost}]` : o.appHost}:${o.appPort}`;
  const stopApp = async () => {
    const proc = app;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (proc.exitCode === null) proc.kill("SIGKILL");
  };
  const startApp = async () => {
    app = spawn(nextBin, ["start", "-p", String(o.appPort), "-H", o.appHost], {
      env: { ...process.env, FLEET_CONFIG: fleet.fleetFile, DATA_DIR: o.dataDir, PORT: String(o.appPort) },
      stdio: ["ignore", "inherit", "inherit"],
    });
    await waitForHealth(url, app);
  };
  const stop = async () => {
    await stopApp();
    await scenario?.stop();
    await fleet.stop();
  };
  try {
    patchFleetFile(fleet.fleetFile, o.pollIntervalSeconds, o.auth, o.sudoHosts?.(fleet) ?? [], o.alerts?.(fleet) ?? null);
    if (o.seedHistory) seedDemoHistory(o.dataDir, fleet);
    if (o.scenario) scenario = startScenario(fleet, { tickMs: o.tickMs, seed: o.seed });
    await startApp();
    return {
      fleet,
      url,
      stop,
      restartApp: async () => {
        await stopApp();
        await startApp();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Runs lib/sim/demo-history.ts on the data dir (a child process: the store is server-only code). */
function seedDemoHistory(dataDir: string, fleet: SimFleet): void {
  const hosts: DemoHost[] = [];
  for (const h of fleet.hosts) {
    if (h.kind !== "normal" || !h.root) continue;
    const st = readHostStateSync(h.root);
    if (st) hosts.push({ name: h.name, address: h.address, tags: h.tags, max: st.max, count: st.count });
  }
  const tsx = path.resolve("node_modules/.bin/tsx");
  execFileSync(tsx, ["--conditions=react-server", path.resolve("lib/sim/demo-history.ts"), dataDir, JSON.stringify(hosts)], { stdio: "inherit" });
}

export function patchFleetFile(
  fleetFile: string,
  pollIntervalSeconds: number,
  auth: Record<string, unknown>,
  sudoHosts: string[],
  alerts: Record<string, unknown> | null,
): void {
  const doc = parseDocument(fs.readFileSync(fleetFile, "utf8"));
  doc.setIn(["defaults", "pollIntervalSeconds"], pollIntervalSeconds);
  doc.set("auth", doc.createNode(auth));
  if (alerts) doc.set("alerts", doc.createNode(alerts));
  const hosts = (doc.toJS() as { hosts: { name: string }[] }).hosts;
  hosts.forEach((h, i) => {
    if (sudoHosts.includes(h.name)) doc.setIn(["hosts", i, "sudo"], true);
  });
  fs.writeFileSync(fleetFile, doc.toString());
}

export async function waitForHealth(url: string, app: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the dashboard exited during start-up (status ${app.exitCode})`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the dashboard did not answer ${url}/api/health within 60 s`);
}
