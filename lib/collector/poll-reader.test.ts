/**
 * The persistent reader against real sshd and real chroots: one shell per host answering every poll,
 * restarted when it dies, killed (not abandoned) when it stalls, and the exec-per-poll fallback on a
 * host whose sshd forces a command. Needs root (the simulated fleet); skipped otherwise.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFleetFile, type FleetConfig } from "@/lib/config/fleet-file";
import { NF_PATHS } from "@/lib/conntrack/collect-command";
import { startSimFleet, type SimFleet, type SimHost } from "@/lib/sim/fleet";
import { inRoot, readHostState, writeHostState } from "@/lib/sim/host-state";
import { usableSimDir } from "@/lib/sim/sim-dir";
import { HostKeyStore } from "@/lib/ssh/host-keys";
import { FleetStore } from "@/lib/store/fleet-store";
import { openDatabase } from "@/lib/store/sqlite";
import { FleetPoller } from "./fleet-poller";

const isRoot = process.getuid?.() === 0;
let fleet: SimFleet;
let config: FleetConfig;
let work: string;
let poller: FleetPoller;

beforeAll(async () => {
  if (!isRoot) return;
  work = fs.mkdtempSync(path.join(os.tmpdir(), "reader-it-"));
  fleet = await startSimFleet({ dir: await usableSimDir(".sim-test-reader"), hosts: 6, port: 2622, specials: false, seed: 21, execOnlyHosts: 1 });
  const doc = parseDocument(fs.readFileSync(fleet.fleetFile, "utf8"));
  doc.setIn(["defaults", "timeoutSeconds"], 2);
  fs.writeFileSync(fleet.fleetFile, doc.toString());
  config = loadFleetFile(fleet.fleetFile);
  // Kernel-log reads off: their exec sessions would be shells in the chroots too.
  poller = await FleetPoller.open(config, new FleetStore(openDatabase(work)), new HostKeyStore(config.knownHostsFiles, "strict", null), { kernelLog: false });
}, 60_000);

afterAll(async () => {
  await poller?.stop();
  await fleet?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Processes running inside a host's chroot (what the host would see of us), by pid. */
function processesIn(root: string): { pid: number; comm: string }[] {
  const out: { pid: number; comm: string }[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/root`) !== root) continue;
      out.push({ pid: Number(entry), comm: fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const live = (name: string) => poller.hosts().find((h) => h.name === name)!;
const readers = (h: SimHost) => processesIn(h.root!).filter((p) => p.comm === "bash" || p.comm === "sh");
const waitFor = async (cond: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return cond();
};

describe.skipIf(!isRoot)("persistent reader (real sshd)", () => {
  const normal = () => fleet.hosts.filter((h) => h.kind === "normal" && !h.execOnly);

  it("answers every poll from one long-lived shell per host; a host that forces a command is polled with exec", async () => {
    await poller.pollAll();
    await poller.pollAll();
    for (const h of normal()) {
      expect(live(h.name)).toMatchObject({ pollMode: "reader", readerRestarts: 0, error: null });
      expect(["ok", "warn", "critical"]).toContain(live(h.name).status);
    }
    const host = normal()[0]!;
    const before = readers(host);
    expect(before).toHaveLength(1);
    await poller.pollAll();
    await poller.pollAll();
    // The same process answered: no session, shell or head per poll.
    expect(readers(host).map((p) => p.pid)).toEqual(before.map((p) => p.pid));

    const forced = fleet.hosts.find((h) => h.execOnly)!;
    expect(live(forced.name)).toMatchObject({ pollMode: "exec", error: null });
    expect(live(forced.name).pollModeReason).toMatch(/refused the persistent reader: the remote process exited with status 1/);
    expect(live(forced.name).count).toBeGreaterThan(0);
  });

  it("starts a new reader when the old one is killed or exits on the host, within the same poll", async () => {
    const host = normal()[1]!;
    await poller.pollAll();
    const [first] = readers(host);
    expect(first).toBeDefined();
    process.kill(first!.pid, "SIGKILL");
    await poller.pollAll();
    expect(live(host.name)).toMatchObject({ pollMode: "reader", readerRestarts: 1, error: null });
    const [second] = readers(host);
    expect(second!.pid).not.toBe(first!.pid);

    process.kill(second!.pid, "SIGTERM");
    await waitFor(() => readers(host).length === 0);
    await poller.pollAll();
    expect(live(host.name)).toMatchObject({ pollMode: "reader", readerRestarts: 2, error: null });
    expect(readers(host)).toHaveLength(1);
  });

  it("kills a reader that stalls on a blocking file, leaves nothing behind, and recovers", async () => {
    const host = normal()[2]!;
    await poller.pollAll();
    const countFile = inRoot(host.root!, NF_PATHS.count);
    const saved = fs.readFileSync(countFile, "utf8");
    const restarts = live(host.name).readerRestarts;
    // A FIFO without a writer blocks the open forever: a read that never returns.
    fs.rmSync(countFile);
    fs.mkdirSync(path.dirname(countFile), { recursive: true });
    const { execFileSync } = await import("node:child_process");
    execFileSync("mkfifo", [countFile]);
    try {
      const t0 = Date.now();
      await poller.pollAll();
      expect(Date.now() - t0).toBeLessThan(6000);
      expect(live(host.name)).toMatchObject({ status: "unreachable", error: { code: "timeout" } });
      expect(live(host.name).error?.message).toMatch(/did not answer the poll within 2000 ms \(the reader was killed\)/);
      // Three polls stalling in a row: each one's reader is killed, none is left on the host.
      await poller.pollAll();
      await poller.pollAll();
      expect(await waitFor(() => readers(host).length === 0)).toBe(true);
      expect(live(host.name).readerKills).toBeGreaterThanOrEqual(3);
    } finally {
      fs.rmSync(countFile, { force: true });
      fs.writeFileSync(countFile, saved);
    }
    await poller.pollAll();
    expect(live(host.name)).toMatchObject({ pollMode: "reader", error: null });
    expect(live(host.name).readerRestarts).toBeGreaterThan(restarts);
    expect(readers(host)).toHaveLength(1);
    // The other hosts never noticed.
    for (const h of normal().filter((x) => x !== host)) expect(live(h.name).error).toBeNull();
  }, 30_000);

  it("does not source the login user's ~/.bashrc a second time in the reader, nor run with what it defines", async () => {
    const host = normal()[3]!;
    await poller.pollAll();
    const rc = inRoot(host.root!, "root/.bashrc");
    const sourced = inRoot(host.root!, "root/sourced");
    // What a .bashrc can do to a shell that sources it: builtins shadowed by functions, odd options.
    fs.writeFileSync(rc, 'echo x >> /root/sourced\nread() { return 1; }\nmapfile() { return 1; }\nIFS=:\n');
    try {
      for (const p of readers(host)) process.kill(p.pid, "SIGKILL");
      await poller.pollAll();
      await poller.pollAll();
      expect(live(host.name)).toMatchObject({ pollMode: "reader", error: null });
      expect(live(host.name).count).toBeGreaterThan(0);
      // Sourced once, by the login shell sshd starts (bash does that under sshd, even with -c), not by the reader.
      expect(fs.readFileSync(sourced, "utf8")).toBe("x\n");
    } finally {
      fs.rmSync(rc, { force: true });
      fs.rmSync(sourced, { force: true });
    }
  });

  it("reads `conntrack -S` (a process per read) on every poll only while a host is hot, else every 30 s", async () => {
    const host = fleet.hosts.find((h) => h.kind === "normal" && !h.execOnly && h.statSource === "conntrack-S")!;
    expect(host, "the fleet has a host with conntrack -S stats").toBeDefined();
    await poller.pollAll();
    await poller.pollAll();
    const st = (await readHostState(host.root!))!;
    const drops = live(host.name).drops!;
    expect(drops).toBe(st.perCpu.reduce((a, c) => a + c.drop, 0));
    // Quiet: new drops are not seen until the next 30 s read…
    await writeHostState(host.root!, { perCpu: st.perCpu.map((c, i) => ({ ...c, drop: c.drop + (i === 0 ? 9 : 0) })) });
    await poller.pollAll();
    expect(live(host.name)).toMatchObject({ drops, error: null });
    // …but a host that fills up is hot from its count, and its counters are read on every poll.
    await writeHostState(host.root!, { count: st.max });
    await poller.pollAll();
    expect(live(host.name).status).toBe("critical");
    await poller.pollAll();
    expect(live(host.name).drops).toBe(drops + 9);
    await writeHostState(host.root!, { count: st.count, perCpu: st.perCpu });
  });

  it("schedules each host on its own phase and says when it is next due", async () => {
    const s = await FleetPoller.open(config, new FleetStore(openDatabase(fs.mkdtempSync(path.join(work, "sched-")))), new HostKeyStore(config.knownHostsFiles, "strict", null));
    try {
      const t0 = Date.now();
      s.start();
      const due = s.hosts().map((h) => h.nextPollAt!);
      // Phases spread evenly over one interval, not all at once.
      const interval = config.pollIntervalMs;
      const offsets = due.map((d) => d - t0).sort((a, b) => a - b);
      expect(offsets[0]).toBeLessThan(interval / due.length + 50);
      expect(offsets.at(-1)!).toBeGreaterThan(interval / 2);
      expect(new Set(offsets.map((o) => Math.round(o / 100))).size).toBe(due.length);
      expect(await waitFor(() => s.hosts().every((h) => h.lastPollAt !== null), interval + 5000)).toBe(true);
      expect(s.progress()).toMatchObject({ total: fleet.hosts.length, connected: fleet.hosts.length, failing: 0, pending: 0 });
      for (const h of s.hosts()) expect(h.nextPollAt!).toBeGreaterThan(h.lastPollAt!);
    } finally {
      await s.stop();
    }
  }, 30_000);
});
