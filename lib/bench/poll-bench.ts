/**
 * `npm run bench:poll -- --hosts 200 [--rounds 10] [--no-compare]`
 *
 * Starts a simulated fleet of N real sshd-served hosts, then measures with the dashboard's own
 * collector: cold start (handshakes + first read of every host) and warm polls over the persistent
 * connections. Where `ansible` and `parallel-ssh` are installed it runs the same read through them
 * on the same fleet and prints the ratios. Wall-clock figures on a shared machine: read them as
 * orders of magnitude, run it twice.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { FleetPoller } from "@/lib/collector/fleet-poller";
import { loadFleetFile } from "@/lib/config/fleet-file";
import { COLLECT_COMMAND } from "@/lib/conntrack/collect-command";
import { startSimFleet } from "@/lib/sim/fleet";
import { usableSimDir } from "@/lib/sim/sim-dir";
import { HostKeyStore } from "@/lib/ssh/host-keys";
import { FleetStore } from "@/lib/store/fleet-store";
import { openDatabase } from "@/lib/store/sqlite";

const { values } = parseArgs({
  options: {
    hosts: { type: "string", default: "200" },
    rounds: { type: "string", default: "10" },
    "no-compare": { type: "boolean", default: false },
    dir: { type: "string", default: ".sim-bench" },
    port: { type: "string", default: "2422" },
  },
});
const hostCount = Number(values.hosts);
const rounds = Number(values.rounds);
if (!Number.isInteger(hostCount) || hostCount < 1 || hostCount > 2000) throw new Error("--hosts must be an integer 1..2000");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function main() {
  const simStart = performance.now();
  const fleet = await startSimFleet({ dir: await usableSimDir(values.dir), hosts: hostCount, port: Number(values.port), specials: false, seed: 1, clockTickMs: 0 });
  console.log(`simulated fleet: ${fleet.hosts.length} hosts up in ${ms(performance.now() - simStart)}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "poll-bench-"));
  try {
    const config = loadFleetFile(fleet.fleetFile);
    const store = new FleetStore(openDatabase(dataDir));
    const poller = new FleetPoller(config, store, new HostKeyStore(config.knownHostsFiles, "strict", null));

    const t0 = performance.now();
    await poller.pollAll();
    const cold = performance.now() - t0;
    const okCount = () => poller.hosts().filter((h) => ["ok", "warn", "critical"].includes(h.status)).length;
    const coldOk = okCount();
    const t1 = performance.now();
    await poller.logs.drain();
    const backfill = performance.now() - t1;
    const events = store.history.events({ hostId: null, fromMs: 0, toMs: Date.now() + 60_000, limit: 1_000_000 }).length;
    const warm: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      // Hot hosts read their kernel log as part of the poll: count it in.
      await poller.pollAll({ logs: true });
      warm.push(performance.now() - t);
    }
    const hot = poller.hosts().filter((h) => h.status === "warn" || h.status === "critical").length;
    const warmOk = okCount();
    poller.stop();
    const failed = poller.hosts().filter((h) => !["ok", "warn", "critical"].includes(h.status));
    console.log(`\ncollector (ssh2, persistent connections, handshake concurrency ${config.maxConcurrentHandshakes})`);
    console.log(`  cold start  (connect + first poll, ${coldOk}/${hostCount} ok): ${ms(cold)}`);
    console.log(`  first-contact kernel-log backfill (rotated files included, ${events} events stored): ${ms(backfill)} more`);
    console.log(`  warm poll   (${rounds} rounds, ${warmOk}/${hostCount} ok, ${hot} hot hosts also reading their log): median ${ms(median(warm))}, min ${ms(Math.min(...warm))}, max ${ms(Math.max(...warm))}`);
    if (failed.length) console.log(`  failures: ${failed.slice(0, 5).map((h) => `${h.name}: ${h.error?.message}`).join("; ")}`);

    if (!values["no-compare"]) compareTools(fleet, median(warm), cold);
  } finally {
    await fleet.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function have(cmd: string): boolean {
  return spawnSync("sh", ["-c", 'command -v "$1"', "sh", cmd]).status === 0;
}

function timeRun(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; status: number | null; stdout: string } {
  const t = performance.now();
  const r = spawnSync(cmd, args, { env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { ms: performance.now() - t, status: r.status, stdout: r.stdout };
}

function compareTools(fleet: Awaited<ReturnType<typeof startSimFleet>>, warmMs: number, coldMs: number) {
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
      console.log(`  parallel-ssh: median ${ms(m)} over 3 runs (${ok}/${hosts.length} succeeded) -> ${(m / warmMs).toFixed(1)}x the warm poll, ${(m / coldMs).toFixed(1)}x the cold start`);
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
      console.log(`  ansible -m raw: first ${ms(first)} (${ok}/${hosts.length} succeeded), repeated with ControlPersist ${ms(repeat)} -> ${(repeat / warmMs).toFixed(1)}x the warm poll`);
    } else console.log("  ansible: not installed (apt-get install ansible-core), skipped");
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
