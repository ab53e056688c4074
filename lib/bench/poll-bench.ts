/**
 * `npm run bench:poll -- --hosts 1000 [--rounds 10] [--no-compare] [--no-exec] [--lean] [--logs] [--profile cold.cpuprofile]`
 *
 * Starts a simulated fleet of N real sshd-served hosts, then measures in one run:
 *  - a plain connect-all (ssh2, 50 handshakes at a time, nothing else): the floor for cold start here,
 *    run before and again after the collector (the ratio is against the faster), and once with one
 *    read per host (a cold start also reads every host once); each phase prints its CPU seconds;
 *  - the dashboard's collector with the persistent reader: cold start (adaptive handshakes + first
 *    poll of every host), responsiveness of the fleet view while it connects, warm rounds (every host
 *    answered once), dashboard CPU per host-poll, RSS, and the hosts' CPU per poll (sshd sessions
 *    and everything below them, read from /proc);
 *  - the same with exec-per-poll (`collector.persistentReader: false`), as ratios;
 *  - at ≤ 200 hosts, the same read through parallel-ssh and `ansible -m raw` (installed when missing).
 * Kernel-log reads are off unless --logs: the figures are the polls' own. --lean builds the fleet
 * without persistent journals (8 MiB and a systemd-journal-remote run per host).
 * The simulated fleet runs at nice 10 (it shares this machine's cores with the dashboard).
 * Wall-clock figures on a shared machine: read them as orders of magnitude, run it twice.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Client } from "ssh2";
import { FleetPoller } from "@/lib/collector/fleet-poller";
import { loadFleetFile, type FleetConfig } from "@/lib/config/fleet-file";
import { COLLECT_COMMAND } from "@/lib/conntrack/collect-command";
import { startSimFleet, type SimFleet } from "@/lib/sim/fleet";
import { usableSimDir } from "@/lib/sim/sim-dir";
import { decodeProcNetAddress } from "@/lib/sim/sshd";
import { HostKeyStore } from "@/lib/ssh/host-keys";
import { openSqliteStore } from "@/lib/store/open-store";

const { values } = parseArgs({
  options: {
    hosts: { type: "string", default: "200" },
    rounds: { type: "string", default: "10" },
    "no-compare": { type: "boolean", default: false },
    "no-exec": { type: "boolean", default: false },
    lean: { type: "boolean", default: false },
    /** Also read kernel logs (first-contact backfill after the cold start, hot hosts after each poll). */
    logs: { type: "boolean", default: false },
    dir: { type: "string", default: ".sim-bench" },
    port: { type: "string", default: "2422" },
    /** Writes a CPU profile of the dashboard's cold start (the persistent-reader run) to this file. */
    profile: { type: "string" },
  },
});
const hostCount = Number(values.hosts);
const rounds = Number(values.rounds);
if (!Number.isInteger(hostCount) || hostCount < 1 || hostCount > 5000) throw new Error("--hosts must be an integer 1..5000");
if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds must be a positive integer");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const TICK = 1 / 100; // /proc stat times are in clock ticks of 1/100 s (USER_HZ)

/**
 * CPU seconds spent on the hosts' side, per host: every process under the fleet's sshd listeners,
 * grouped by connection (a child of a listener and everything below it; reaped processes count
 * through their parent's cutime, live ones once each), and each connection attributed to the host
 * whose address the connection's socket is bound to (read from /proc/<pid>/fd and /proc/net/tcp).
 */
function hostSideCpu(listeners: number[], hostOfAddress: Map<string, string>): Map<string, number> {
  const addressOfInode = new Map<string, string>();
  for (const line of fs.readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1] && f[9]) addressOfInode.set(f[9], decodeProcNetAddress(f[1]));
  }
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    parent.set(Number(entry), Number(f[1]));
    // utime stime cutime cstime (fields 14-17 of stat; 11-14 counted after the comm)
    cpu.set(Number(entry), (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK);
  }
  const roots = new Set(listeners);
  const perConnection = new Map<number, number>();
  const hostOfConnection = new Map<number, string>();
  for (const [pid, seconds] of cpu) {
    let child = pid;
    for (let p = parent.get(pid), hops = 0; p !== undefined && p > 1 && hops < 64; child = p, p = parent.get(p), hops++) {
      if (!roots.has(p)) continue;
      perConnection.set(child, (perConnection.get(child) ?? 0) + seconds);
      break;
    }
  }
  for (const conn of perConnection.keys()) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${conn}/fd`);
    } catch {
      continue; // the connection ended meanwhile
    }
    for (const fd of fds) {
      const link = (() => {
        try {
          return fs.readlinkSync(`/proc/${conn}/fd/${fd}`);
        } catch {
          return "";
        }
      })();
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      const host = inode ? hostOfAddress.get(addressOfInode.get(inode) ?? "") : undefined;
      if (host) {
        hostOfConnection.set(conn, host);
        break;
      }
    }
  }
  const perHost = new Map<string, number>();
  for (const [conn, seconds] of perConnection) {
    const host = hostOfConnection.get(conn) ?? "(not attributed)";
    perHost.set(host, (perHost.get(host) ?? 0) + seconds);
  }
  return perHost;
}

/**
 * Waits (up to 30 s) until the fleet's sshd listeners have no sessions left: the next phase must not
 * pay for this one's teardown (a thousand sshd sessions exiting take the cores for seconds).
 */
async function settled(fleet: SimFleet): Promise<void> {
  const listeners = sshdPidsOf(fleet);
  const sessions = () => listeners.reduce((n, pid) => n + (fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).length), 0);
  const until = Date.now() + 30_000;
  while (sessions() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 500));
}

function sshdPidsOf(fleet: SimFleet): number[] {
  const pids: number[] = [];
  for (const f of fs.readdirSync(path.join(fleet.dir, "run")).filter((n) => n.endsWith(".pid"))) {
    const wrapper = Number(fs.readFileSync(path.join(fleet.dir, "run", f), "utf8").trim());
    const children = fs.readFileSync(`/proc/${wrapper}/task/${wrapper}/children`, "utf8").trim().split(/\s+/).map(Number);
    pids.push(...children);
  }
  return pids;
}

/**
 * ssh2 and nothing else, 50 handshakes at a time. With `read`, each connection then runs the poll
 * command once (one session, as any first read of a host needs): the floor of a cold start that
 * ends with every host read, which connections alone are not.
 */
async function plainConnectAll(fleet: SimFleet, config: FleetConfig, read = false): Promise<{ ms: number; ok: number; cpu: string }> {
  const hosts = config.hosts;
  const key = fs.readFileSync(fleet.clientKeyFile);
  const clients: Client[] = [];
  let next = 0;
  let ok = 0;
  const cpu = cpuMeter();
  const profiling = values.profile && read ? await startProfile() : null;
  const t0 = performance.now();
  const worker = async () => {
    while (next < hosts.length) {
      const h = hosts[next++]!;
      await new Promise<void>((resolve) => {
        const c = new Client();
        c.on("ready", () => {
          clients.push(c);
          if (!read) {
            ok++;
            resolve();
            return;
          }
          c.exec(COLLECT_COMMAND, (err, stream) => {
            if (err) return resolve();
            stream.on("data", () => undefined).stderr.on("data", () => undefined);
            stream.on("close", (code: number | null) => {
              if (code === 0) ok++;
              resolve();
            });
          });
        });
        c.on("error", () => resolve());
        c.connect({ host: h.address, port: h.port, username: h.user, privateKey: key, readyTimeout: 120_000, hostVerifier: () => true });
      });
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  const elapsed = performance.now() - t0;
  const used = cpu();
  if (profiling) await profiling.stop(values.profile!.replace(/(\.cpuprofile)?$/, ".plain-read.cpuprofile"));
  for (const c of clients) c.end();
  await settled(fleet);
  return { ms: elapsed, ok, cpu: used };
}

/** CPU seconds since the call: this process's and the whole machine's (all processes, from /proc/stat). */
function cpuMeter(): () => string {
  const machine = () => {
    const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { busy: f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!, idle: f[3]! + f[4]! };
  };
  const m0 = machine();
  const p0 = process.cpuUsage();
  return () => {
    const m1 = machine();
    const p = process.cpuUsage(p0);
    return `this process ${((p.user + p.system) / 1e6).toFixed(1)} CPU-s (${(p.system / 1e6).toFixed(1)} system), machine ${((m1.busy - m0.busy) * TICK).toFixed(1)} busy / ${((m1.idle - m0.idle) * TICK).toFixed(1)} idle CPU-s`;
  };
}

interface RunFigures {
  coldMs: number;
  coldOk: number;
  viewP99Ms: number;
  viewMaxMs: number;
  warmMedianMs: number;
  warmMinMs: number;
  warmMaxMs: number;
  warmOk: number;
  cpuMsPerPoll: number;
  rssMb: number;
  hostCpuMsPerPoll: number;
  netlinkHostCpuMsPerPoll: number;
  modes: string;
  failures: string[];
}

/** A CPU profile of this process (open the .cpuprofile in Chrome's DevTools, Performance tab). */
async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  return {
    async stop(file) {
      const { profile } = await session.post("Profiler.stop");
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`  (CPU profile of the cold start written to ${file})`);
    },
  };
}

async function runCollector(fleet: SimFleet, config: FleetConfig, sshdPids: number[], label: string): Promise<RunFigures> {
  const hostOfAddress = new Map(fleet.hosts.map((h) => [`${h.address}:${h.port}`, h.name]));
  const procfsHosts = new Set(fleet.hosts.filter((h) => h.statSource === "procfs").map((h) => h.name));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "poll-bench-"));
  const opened = openSqliteStore(dataDir);
  const poller = await FleetPoller.open(config, opened.fleet, new HostKeyStore(config.knownHostsFiles, "strict", null), { kernelLog: values.logs });
  const okCount = () => poller.hosts().filter((h) => ["ok", "warn", "critical"].includes(h.status)).length;
  try {
    // What /api/hosts does, every 100 ms while the fleet connects: building the fleet view's JSON.
    // Its latency includes waiting for the event loop, i.e. what a request would wait.
    const view: number[] = [];
    let viewing = true;
    const probe = async () => {
      while (viewing) {
        const asked = performance.now();
        await new Promise((r) => setImmediate(r));
        JSON.stringify({ progress: poller.progress(), hosts: poller.hosts() });
        view.push(performance.now() - asked);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const probing = probe();
    const profiling = values.profile && config.persistentReader ? await startProfile() : null;
    const coldCpu = cpuMeter();
    const t0 = performance.now();
    await poller.pollAll();
    const coldMs = performance.now() - t0;
    const coldCpuUsed = coldCpu();
    if (profiling) await profiling.stop(values.profile!);
    viewing = false;
    await probing;
    const coldOk = okCount();
    const tb = performance.now();
    await poller.logs.drain();
    if (values.logs) console.log(`  (first-contact kernel-log backfill finished ${ms(performance.now() - tb)} after the cold start)`);

    const warm: number[] = [];
    const cpu0 = process.cpuUsage();
    const host0 = hostSideCpu(sshdPids, hostOfAddress);
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await poller.pollAll();
      warm.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(cpu0);
    const host1 = hostSideCpu(sshdPids, hostOfAddress);
    // Only connections alive across the whole window: a connection that started or ended inside it
    // would bring its handshake (or lose its history).
    let procfsCpu = 0;
    let netlinkCpu = 0;
    let procfsLived = 0;
    let netlinkLived = 0;
    for (const [host, seconds] of host1) {
      const before = host0.get(host);
      if (before === undefined || seconds < before) continue;
      if (procfsHosts.has(host)) {
        procfsCpu += seconds - before;
        procfsLived++;
      } else {
        netlinkCpu += seconds - before;
        netlinkLived++;
      }
    }
    const polls = rounds * config.hosts.length;
    const hosts = poller.hosts();
    const modes = new Map<string, number>();
    for (const h of hosts) modes.set(h.pollMode ?? "none", (modes.get(h.pollMode ?? "none") ?? 0) + 1);
    const failed = hosts.filter((h) => !["ok", "warn", "critical"].includes(h.status));
    const figures: RunFigures = {
      coldMs,
      coldOk,
      viewP99Ms: pct(view, 99),
      viewMaxMs: Math.max(...view),
      warmMedianMs: median(warm),
      warmMinMs: Math.min(...warm),
      warmMaxMs: Math.max(...warm),
      warmOk: okCount(),
      cpuMsPerPoll: (cpu.user + cpu.system) / 1000 / polls,
      rssMb: process.memoryUsage().rss / 2 ** 20,
      // Per poll of the hosts whose connection lived through the whole window (NaN: none did).
      hostCpuMsPerPoll: (procfsCpu * 1000) / (rounds * procfsLived),
      netlinkHostCpuMsPerPoll: (netlinkCpu * 1000) / (rounds * netlinkLived),
      modes: [...modes].map(([m, n]) => `${n} ${m}`).join(", "),
      failures: failed.slice(0, 5).map((h) => `${h.name}: ${h.error?.message}`),
    };
    const a = poller.handshakes.stats();
    console.log(`\n${label}`);
    console.log(`  cold start (adaptive handshakes, window now ${a.limit}, handshake latency ~${a.latencyMs} ms, base ${a.baseMs} ms, ${a.timedOut} timed out): ${ms(coldMs)}, ${coldOk}/${config.hosts.length} ok; ${coldCpuUsed}`);
    console.log(`  fleet view while connecting (${view.length} samples): p99 ${ms(figures.viewP99Ms)}, max ${ms(figures.viewMaxMs)}`);
    console.log(`  warm round (${rounds} rounds, every host answered once): median ${ms(figures.warmMedianMs)}, min ${ms(figures.warmMinMs)}, max ${ms(figures.warmMaxMs)}; ${figures.warmOk}/${config.hosts.length} ok; modes: ${figures.modes}`);
    console.log(`  dashboard CPU ${figures.cpuMsPerPoll.toFixed(3)} ms per host-poll; RSS ${figures.rssMb.toFixed(0)} MB`);
    console.log(
      `  host side (the connection's sshd processes and everything below, hosts whose connection lived through the rounds): ` +
        `${figures.hostCpuMsPerPoll.toFixed(3)} ms CPU per poll on ${procfsLived} hosts with procfs stats; ` +
        `${figures.netlinkHostCpuMsPerPoll.toFixed(3)} ms on ${netlinkLived} with \`conntrack -S\` stats (a process per read, every 30 s while quiet; the sim's stand-in is a shell script)`,
    );
    if (figures.failures.length) console.log(`  failures: ${figures.failures.join("; ")}`);
    return figures;
  } finally {
    await poller.stop();
    await opened.close();
    await settled(fleet);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const simStart = performance.now();
  const fleet = await startSimFleet({
    dir: await usableSimDir(values.dir),
    hosts: hostCount,
    port: Number(values.port),
    specials: false,
    seed: 1,
    clockTickMs: 0,
    ...(values.lean ? { lean: true } : {}),
    // The fleet shares this machine's cores: below the dashboard's priority, the figures are the
    // dashboard's, not those of a process starved by a thousand sshd sessions.
    nice: 10,
    startTimeoutMs: 180_000,
  });
  console.log(`simulated fleet: ${fleet.hosts.length} hosts up in ${ms(performance.now() - simStart)}`);
  try {
    const config = loadFleetFile(fleet.fleetFile);
    const sshdPids = sshdPidsOf(fleet);

    // The fleet's files were just written: let writeback finish now, not during the first phase.
    spawnSync("sync");
    const plain = await plainConnectAll(fleet, config);
    console.log(`\nplain connect-all (ssh2, 50 at a time, nothing else): ${ms(plain.ms)}, ${plain.ok}/${hostCount} connected; ${plain.cpu}`);
    const plainRead = await plainConnectAll(fleet, config, true);
    console.log(`plain connect-all + one read each (the same, then the poll command once per connection): ${ms(plainRead.ms)}, ${plainRead.ok}/${hostCount} read; ${plainRead.cpu}`);

    const reader = await runCollector(fleet, config, sshdPids, `collector, persistent reader (max ${config.maxConcurrentHandshakes} handshakes)`);
    // Once more after the collector, so neither side has the fleet's first (or last) turn: the
    // ratio is against the faster plain run.
    const plainAgain = await plainConnectAll(fleet, config);
    console.log(`
plain connect-all again, after the collector: ${ms(plainAgain.ms)}, ${plainAgain.ok}/${hostCount} connected; ${plainAgain.cpu}`);
    const plainReadAgain = await plainConnectAll(fleet, config, true);
    console.log(`plain connect-all + one read each, again: ${ms(plainReadAgain.ms)}, ${plainReadAgain.ok}/${hostCount} read; ${plainReadAgain.cpu}`);
    const floor = Math.min(plain.ms, plainAgain.ms);
    const readFloor = Math.min(plainRead.ms, plainReadAgain.ms);
    console.log(`  collector cold start / plain connect-all (the faster of the two): ${(reader.coldMs / floor).toFixed(2)}x; / plain connect-all + one read (the faster of the two): ${(reader.coldMs / readFloor).toFixed(2)}x`);
    if (!values["no-exec"]) {
      const exec = await runCollector(fleet, { ...config, persistentReader: false }, sshdPids, "collector, exec per poll (collector.persistentReader: false)");
      console.log(`\nexec per poll / persistent reader:`);
      console.log(`  warm round ${(exec.warmMedianMs / reader.warmMedianMs).toFixed(1)}x, dashboard CPU per poll ${(exec.cpuMsPerPoll / reader.cpuMsPerPoll).toFixed(1)}x, host CPU per poll ${(exec.hostCpuMsPerPoll / reader.hostCpuMsPerPoll).toFixed(1)}x`);
    }
    if (!values["no-compare"] && hostCount <= 200) compareTools(fleet, reader.warmMedianMs, reader.coldMs);
  } finally {
    await fleet.stop();
  }
}

function have(cmd: string): boolean {
  return spawnSync("sh", ["-c", 'command -v "$1"', "sh", cmd]).status === 0;
}

/** The comparison tools are Debian packages; install them when missing (root, apt). */
function ensureTools(): void {
  const need = [!have("parallel-ssh") && "pssh", !have("ansible") && "ansible"].filter(Boolean) as string[];
  if (need.length === 0) return;
  console.log(`\ninstalling ${need.join(", ")} for the comparison (apt-get)…`);
  spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...need], { stdio: "ignore", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

function timeRun(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; status: number | null; stdout: string } {
  const t = performance.now();
  const r = spawnSync(cmd, args, { env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { ms: performance.now() - t, status: r.status, stdout: r.stdout };
}

function compareTools(fleet: SimFleet, warmMs: number, coldMs: number) {
  ensureTools();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "poll-bench-tools-"));
  const hosts = fleet.hosts.filter((h) => h.kind === "normal");
  const sshOpts = ["-o", `UserKnownHostsFile=${fleet.knownHostsFile}`, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-i", fleet.clientKeyFile];
  console.log(`\nsame read (${COLLECT_COMMAND.length}-byte command) through other tools, ${hosts.length} hosts, fan-out ${hosts.length}:`);
  try {
    if (have("parallel-ssh")) {
      const hostsFile = path.join(work, "pssh-hosts");
      fs.writeFileSync(hostsFile, hosts.map((h) => `root@${h.address}:${h.port}`).join("\n") + "\n");
      const runs = [0, 1, 2].map(() =>
        timeRun("parallel-ssh", ["-h", hostsFile, "-p", String(hosts.length), "-t", "60", ...sshOpts.flatMap((o) => ["-x", o]), COLLECT_COMMAND]),
      );
      const ok = (runs[0]?.stdout.match(/\[SUCCESS\]/g) ?? []).length;
      const m = median(runs.map((r) => r.ms));
      console.log(`  parallel-ssh: median ${ms(m)} over 3 runs (${ok}/${hosts.length} succeeded) -> ${(m / warmMs).toFixed(1)}x the warm round, ${(m / coldMs).toFixed(1)}x the cold start`);
    } else console.log("  parallel-ssh: not installed (apt-get install pssh), skipped");

    if (have("ansible")) {
      const inv = path.join(work, "inventory.ini");
      fs.writeFileSync(
        inv,
        "[sim]\n" +
          hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port} ansible_user=root`).join("\n") +
          `\n[sim:vars]\nansible_ssh_private_key_file=${fleet.clientKeyFile}\nansible_ssh_common_args='-o UserKnownHostsFile=${fleet.knownHostsFile} -o StrictHostKeyChecking=yes'\n`,
      );
      const env = { ...process.env, ANSIBLE_HOST_KEY_CHECKING: "True", ANSIBLE_SSH_CONTROL_PATH_DIR: path.join(work, "cp"), ANSIBLE_LOCAL_TEMP: path.join(work, "tmp") };
      const runs = [0, 1, 2].map(() => timeRun("ansible", ["all", "-i", inv, "-m", "raw", "-a", COLLECT_COMMAND, "-f", String(hosts.length), "-o"], env));
      const ok = (runs[0]?.stdout.match(/\| CHANGED|\| SUCCESS/g) ?? []).length;
      const first = runs[0]?.ms ?? NaN;
      const repeat = median(runs.slice(1).map((r) => r.ms));
      console.log(`  ansible -m raw: first ${ms(first)} (${ok}/${hosts.length} succeeded), repeated with ControlPersist ${ms(repeat)} -> ${(repeat / warmMs).toFixed(1)}x the warm round`);
    } else console.log("  ansible: not installed (apt-get install ansible), skipped");
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
