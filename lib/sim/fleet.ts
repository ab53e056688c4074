/**
 * Starts the simulated fleet: host chroots, known_hosts, fleet.yaml, the sshd instances, and the
 * special hosts (no conntrack, connection refused, silent TCP, changed host key, refused key).
 * The directory is regenerated from scratch on every start.
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { renderFleetYaml, writeHostsFile } from "./fleet-file";
import { generateHostPlans } from "./host-gen";
import { buildHostRoot } from "./host-root";
import { startUptimeClock, type UptimeClock } from "./clock";
import { CONNTRACK_STUB } from "./conntrack-s-file";
import { formatKnownHosts, type KnownHostsEntry } from "./known-hosts-file";
import { guardChildren } from "./process-guard";
import { DMESG_STAND_IN } from "./ring-buffer";
import { assertUsableSimDir, claimSimDir, releaseSimDir, resetSimDir } from "./sim-dir";
import {
  killInstanceSync, MAX_HOSTS_PER_SSHD, renderSshdConfig, type SshdInstance, spawnSshd, stopInstance, waitUntilListening,
} from "./sshd";
import type { SimFleet, SimHost } from "./types";

export type { SimFleet, SimHost } from "./types";

export interface StartSimFleetOptions {
  dir: string;
  /** Total hosts in fleet.yaml, special hosts included. Default 24. */
  hosts?: number;
  port?: number;
  /** Include the five special hosts (default true). */
  specials?: boolean;
  seed?: number;
  /** Where sshd's stderr goes (default: process.stderr). */
  log?: (line: string) => void;
  /** Kill the sshd instances on SIGINT/SIGTERM/SIGHUP of this process (default true). */
  handleSignals?: boolean;
  startTimeoutMs?: number;
  /**
   * Tick of the hosts' clocks (/proc/uptime follows the wall clock), default 1000 ms; 0 leaves
   * uptime where the last write put it (benchmarks that want nothing else writing while they poll).
   */
  clockTickMs?: number;
  /** Add `v6-01`, a normal host on ::1 (IPv6 loopback), after the others. */
  ipv6?: boolean;
  /** Benchmark fleets: no persistent journals (kernel log in the syslog file only). */
  lean?: boolean;
  /** Niceness of the sshd instances and every session (benchmarks; default 0). */
  nice?: number;
  /** The last N normal hosts only run the exec-per-poll command (sshd ForceCommand). Default 0. */
  execOnlyHosts?: number;
}

const execFileP = promisify(execFile);

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Generates an ed25519 key pair and returns the public key as `ssh-ed25519 AAAA…`. */
async function keygen(file: string, comment: string): Promise<string> {
  await execFileP("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file]);
  const pub = (await fs.readFile(`${file}.pub`, "utf8")).trim().split(/\s+/);
  return `${pub[0]} ${pub[1]}`;
}

/** Fails early with a clear message instead of letting sshd half-start on a taken address. */
async function assertAddressFree(address: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", (err: NodeJS.ErrnoException) =>
      reject(new Error(`${address}:${port} is in use (${err.code}); is another fleet running? try: npx tsx lib/sim/cli.ts down`)),
    );
    srv.listen({ host: address, port, exclusive: true }, () => srv.close(() => resolve()));
  });
}

/** Accepts TCP and never says a word: an SSH client waits for the banner until it times out. */
async function startBlackhole(address: string, port: number): Promise<() => Promise<void>> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ pauseOnConnect: true }, (sock) => {
    sockets.add(sock);
    sock.on("error", () => undefined);
    sock.once("close", () => sockets.delete(sock));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: address, port }, () => resolve());
  });
  return async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

export async function startSimFleet(opts: StartSimFleetOptions): Promise<SimFleet> {
  if (process.getuid?.() !== 0) throw new Error("the simulated fleet needs root (chroot, mount namespaces)");
  const dir = path.resolve(opts.dir);
  const port = opts.port ?? 2222;
  const seed = opts.seed ?? 1;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  await fs.mkdir(path.dirname(dir), { recursive: true, mode: 0o755 });
  await assertUsableSimDir(dir);
  await fs.mkdir("/run/sshd", { recursive: true, mode: 0o755 }); // sshd's privilege separation dir
  await resetSimDir(dir);
  const runDir = path.join(dir, "run");
  const hostsDir = path.join(dir, "hosts");
  await Promise.all([fs.mkdir(runDir, { mode: 0o755 }), fs.mkdir(hostsDir, { mode: 0o755 })]);
  await claimSimDir(dir);

  const instances: SshdInstance[] = [];
  let closeBlackhole: (() => Promise<void>) | null = null;
  let clock: UptimeClock | null = null;
  const unguard = guardChildren(() => instances.forEach(killInstanceSync), opts.handleSignals ?? true);
  const pidFile = (i: number): string => path.join(runDir, `sshd-${String(i).padStart(2, "0")}.pid`);
  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      clock?.stop();
      await Promise.all([...instances.map((i) => stopInstance(i)), closeBlackhole?.()]);
      await Promise.all(instances.map((i) => fs.rm(pidFile(i.index), { force: true })));
      await releaseSimDir(dir);
      unguard();
    })());

  try {
    const plans = generateHostPlans({ count: opts.hosts ?? 24, specials: opts.specials ?? true, ipv6: opts.ipv6 ?? false, seed, port, hostsDir });
    const hosts: SimHost[] = plans.map((p) => p.host);
    const normal = hosts.filter((h) => h.kind === "normal" && !h.address.includes(":"));
    for (const h of normal.slice(normal.length - (opts.execOnlyHosts ?? 0))) if (opts.execOnlyHosts) h.execOnly = true;
    const served = hosts.filter((h) => h.root !== null);
    const groups: SimHost[][] = [];
    for (let i = 0; i < served.length; i += MAX_HOSTS_PER_SSHD) groups.push(served.slice(i, i + MAX_HOSTS_PER_SSHD));

    const clientKeyFile = path.join(dir, "client_key");
    const hostKeyFile = (i: number): string => path.join(runDir, `ssh_host_ed25519_key-${String(i).padStart(2, "0")}`);
    const cfgFile = (i: number): string => path.join(runDir, `sshd-${String(i).padStart(2, "0")}.conf`);
    const [clientPub, oldPub, ...hostPubs] = await Promise.all([
      keygen(clientKeyFile, "dashboard@sim"),
      keygen(path.join(runDir, "previous_install_key"), "root@reinstalled"),
      ...groups.map((_, i) => keygen(hostKeyFile(i), `sshd-${i}@sim`)),
    ]);
    const nowMs = Date.now();
    await mapLimit(plans, 16, (p) => buildHostRoot(p, nowMs, seed, { journal: !opts.lean }));

    const authorizedKeysFile = path.join(dir, "authorized_keys");
    const knownHostsFile = path.join(dir, "known_hosts");
    const fleetFile = path.join(dir, "fleet.yaml");
    const hostsFile = path.join(dir, "hosts.json");
    const keyOf = new Map<SimHost, string>();
    groups.forEach((g, i) => g.forEach((h) => keyOf.set(h, hostPubs[i] ?? "")));
    // The hostkey host was "reinstalled": known_hosts still holds its previous key. Hosts nothing
    // serves are listed too, with some key, as machines the operator once connected to.
    const entries: KnownHostsEntry[] = hosts.map((h, i) => ({
      address: h.address, port: h.port,
      key: h.kind === "hostkey" ? oldPub : (keyOf.get(h) ?? oldPub),
      hashed: i % 4 === 1,
      comment: i % 7 === 3 ? `${h.name}.corp.example` : undefined,
    }));
    const dmesgStub = path.join(runDir, "dmesg-stub");
    const conntrackStubDir = path.join(runDir, "conntrack-tools");
    await fs.mkdir(conntrackStubDir, { mode: 0o755 });
    await Promise.all([
      fs.writeFile(authorizedKeysFile, `${clientPub} dashboard@sim\n`),
      fs.writeFile(knownHostsFile, formatKnownHosts(entries, seed, oldPub)),
      fs.writeFile(fleetFile, renderFleetYaml(hosts, port)),
      writeHostsFile(hostsFile, { dir, port, seed, fleetFile, knownHostsFile, clientKeyFile, hosts }),
      // Inside a chroot the real dmesg would print this machine's kernel log: each host prints its own.
      fs.writeFile(dmesgStub, DMESG_STAND_IN, { mode: 0o755 }),
      fs.writeFile(path.join(conntrackStubDir, "conntrack"), CONNTRACK_STUB, { mode: 0o755 }),
      ...groups.map((g, i) => fs.writeFile(cfgFile(i), renderSshdConfig({ hosts: g, hostKeyFile: hostKeyFile(i), authorizedKeysFile }))),
    ]);
    await mapLimit(hosts, 32, (h) => assertAddressFree(h.address, h.port));

    const blackhole = hosts.find((h) => h.kind === "blackhole");
    if (blackhole) closeBlackhole = await startBlackhole(blackhole.address, blackhole.port);
    groups.forEach((g, i) => instances.push(spawnSshd({ index: i, cfgFile: cfgFile(i), hosts: g, dmesgStub, conntrackStubDir, log, nice: opts.nice })));
    await Promise.all(instances.map((i) => fs.writeFile(pidFile(i.index), `${i.wrapperPid}\n`)));
    await waitUntilListening(instances, opts.startTimeoutMs ?? 20_000);
    const clockTickMs = opts.clockTickMs ?? 1000;
    if (clockTickMs > 0) clock = startUptimeClock(hosts, { tickMs: clockTickMs, log });
    return { dir, fleetFile, knownHostsFile, clientKeyFile, hostsFile, port, seed, hosts, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
