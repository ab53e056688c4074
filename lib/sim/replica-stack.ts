/**
 * Several dashboard replicas sharing one throwaway PostgreSQL, polling one simulated fleet: the
 * production build served by one `next start` per replica, each with its own DATA_DIR (learned
 * host keys) and REPLICA_ID. For the replica end-to-end test and the failover benchmark.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startPostgres, type TestPostgres } from "@/lib/testing/postgres";
import { patchFleetFile, waitForHealth } from "./app-stack";
import { startSimFleet, type SimFleet } from "./fleet";
import { usableSimDir } from "./sim-dir";

export interface ReplicaStackOptions {
  dir: string;
  hosts: number;
  sshPort: number;
  pgPort: number;
  /** One replica per port. */
  appPorts: number[];
  pollIntervalSeconds: number;
  auth: Record<string, unknown>;
  seed?: number;
}

export interface Replica {
  id: string;
  url: string;
  port: number;
  /** Running now (false after `kill`). */
  alive(): boolean;
  /** Sends the signal and waits for the process to end (SIGKILL: no clean-up, its leases stay until they expire). */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface ReplicaStack {
  fleet: SimFleet;
  pg: TestPostgres;
  databaseUrl: string;
  replicas: Replica[];
  /** Starts (again) the replica of that index, on its port and data dir. */
  start(index: number): Promise<Replica>;
  stop(): Promise<void>;
}

export async function startReplicaStack(o: ReplicaStackOptions): Promise<ReplicaStack> {
  const nextBin = path.resolve("node_modules/.bin/next");
  if (!fs.existsSync(path.resolve(".next/BUILD_ID"))) throw new Error("no production build: run `npm run build` first");
  fs.rmSync(o.dir, { recursive: true, force: true });
  fs.mkdirSync(o.dir, { recursive: true });
  const pg = await startPostgres({ port: o.pgPort, settings: "test" });
  const procs: (ChildProcess | null)[] = o.appPorts.map(() => null);
  let fleet: SimFleet | null = null;
  const stop = async () => {
    await Promise.all(procs.map((p) => (p && p.exitCode === null && p.signalCode === null ? endProcess(p, "SIGTERM") : undefined)));
    await fleet?.stop();
    await pg.stop();
  };
  try {
    fleet = await startSimFleet({ dir: await usableSimDir(path.join(o.dir, "sim")), hosts: o.hosts, port: o.sshPort, specials: false, seed: o.seed ?? 11 });
    patchFleetFile(fleet.fleetFile, o.pollIntervalSeconds, o.auth, [], null);
    const databaseUrl = pg.url;
    const replicas: Replica[] = [];
    const start = async (i: number): Promise<Replica> => {
      const port = o.appPorts[i]!;
      const id = `replica-${i + 1}`;
      const url = `http://127.0.0.1:${port}`;
      const log = fs.openSync(path.join(o.dir, `${id}.log`), "a");
      const proc = spawn(nextBin, ["start", "-p", String(port), "-H", "127.0.0.1"], {
        env: { ...process.env, FLEET_CONFIG: fleet!.fleetFile, DATA_DIR: path.join(o.dir, `data-${i + 1}`), DATABASE_URL: databaseUrl, REPLICA_ID: id, REPLICA_URL: url, PORT: String(port) },
        stdio: ["ignore", log, log],
      });
      fs.closeSync(log);
      procs[i] = proc;
      await waitForHealth(url, proc);
      const replica: Replica = {
        id,
        url,
        port,
        alive: () => proc.exitCode === null && proc.signalCode === null,
        kill: (signal) => endProcess(proc, signal),
      };
      replicas[i] = replica;
      return replica;
    };
    for (let i = 0; i < o.appPorts.length; i++) await start(i);
    return { fleet, pg, databaseUrl, replicas, start, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function endProcess(p: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once("exit", r));
  p.kill(signal);
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (p.exitCode === null && p.signalCode === null) {
    p.kill("SIGKILL");
    await exited;
  }
}
