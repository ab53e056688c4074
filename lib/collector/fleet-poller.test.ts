/**
 * The collector against a real simulated fleet: real sshd, real chroots, real SQLite file.
 * Needs root (the simulated fleet uses ChrootDirectory); skipped otherwise.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFleetFile, type FleetConfig } from "@/lib/config/fleet-file";
import { startSimFleet, type SimFleet } from "@/lib/sim/fleet";
import { usableSimDir } from "@/lib/sim/sim-dir";
import { appendKernelLog, readBootAnchor, readHostState, writeHostState } from "@/lib/sim/host-state";
import { formatKernelLine } from "@/lib/sim/kernel-log";
import { logKernelMessages } from "@/lib/sim/kernel-messages";
import { OS_PROFILES } from "@/lib/sim/os-profiles";
import { rebootHost } from "@/lib/sim/reboot";
import { HostKeyStore } from "@/lib/ssh/host-keys";
import { FleetStore } from "@/lib/store/fleet-store";
import { openDatabase } from "@/lib/store/sqlite";
import { FleetPoller } from "./fleet-poller";

const isRoot = process.getuid?.() === 0;
let fleet: SimFleet;
let config: FleetConfig;
let work: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "poller-it-"));
  // 10 hosts: the five specials, Debian 12 and Rocky 9 (journal), Debian, Ubuntu, CentOS 5 (readable dmesg).
  // And v6-01 on ::1: an IPv6 address through the fleet file, ssh2 and known_hosts (`[::1]:2722`).
  fleet = await startSimFleet({ dir: await usableSimDir(".sim-test-poller"), hosts: 10, port: 2722, specials: true, seed: 11, ipv6: true });
  // A short timeout keeps the blackhole host's test quick.
  const doc = parseDocument(fs.readFileSync(fleet.fleetFile, "utf8"));
  doc.setIn(["defaults", "timeoutSeconds"], 2);
  fs.writeFileSync(fleet.fleetFile, doc.toString());
  config = loadFleetFile(fleet.fleetFile);
}, 60_000);

afterAll(async () => {
  await fleet?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

function newPoller(dataDir: string, hostKeys = new HostKeyStore(config.knownHostsFiles, "strict", null)) {
  return FleetPoller.open(config, new FleetStore(openDatabase(dataDir)), hostKeys);
}

/** Polls with log reads `times` times; after each, `measure()` is `expected`: nothing missed, nothing read twice. */
async function pollsKeep(poller: FleetPoller, measure: () => Promise<number>, expected: number, times = 2): Promise<void> {
  for (let i = 0; i < times; i++) {
    await poller.pollAll({ logs: true });
    expect(await measure()).toBe(expected);
  }
}

const live = (p: FleetPoller, name: string) => p.hosts().find((h) => h.name === name)!;
const ofKind = (kind: string) => fleet.hosts.filter((h) => h.kind === kind);

describe.skipIf(!isRoot)("FleetPoller on a simulated fleet", () => {
  it("reads each host's own files and classifies every failure", async () => {
    const poller = await newPoller(path.join(work, "classify"));
    try {
      await poller.pollAll();
      for (const h of ofKind("normal")) {
        const st = (await readHostState(h.root!))!;
        const l = live(poller, h.name);
        expect([l.count, l.max, l.kernel]).toEqual([st.count, st.max, h.kernel]);
        expect(["ok", "warn", "critical"]).toContain(l.status);
      }
      expect(config.hosts.find((h) => h.name === "v6-01")?.address).toBe("::1");
      expect(ofKind("normal").map((h) => h.name)).toContain("v6-01");
      const failure = (kind: string) => live(poller, ofKind(kind)[0]!.name);
      expect(failure("unreachable")).toMatchObject({ status: "unreachable", error: { code: "unreachable" } });
      expect(failure("blackhole")).toMatchObject({ status: "unreachable", error: { code: "timeout" } });
      expect(failure("auth")).toMatchObject({ status: "unreachable", error: { code: "auth" } });
      expect(failure("no-conntrack")).toMatchObject({ status: "no-conntrack", count: null });

      // The fingerprint shown for a changed key is the one the server really offers.
      const hk = ofKind("hostkey")[0]!;
      const offered = execFileSync("ssh-keyscan", ["-p", String(hk.port), "-t", "ed25519", hk.address], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      const fp = execFileSync("ssh-keygen", ["-lf", "-"], { input: offered, encoding: "utf8" }).split(" ")[1];
      expect(failure("hostkey")).toMatchObject({ status: "hostkey", error: { code: "hostkey", fingerprint: fp } });
    } finally {
      await poller.stop();
    }
  }, 30_000);

  it("counts drops from counter deltas across a reboot and a dashboard restart, never twice", async () => {
    const dataDir = path.join(work, "restart");
    const host = ofKind("normal").find((h) => h.os !== "ubuntu2204" && h.os !== "ubuntu2404")!;
    const st = (await readHostState(host.root!))!;
    expect(st.perCpu.length).toBeGreaterThan(0);
    const withDrops = (extra: number[]) => st.perCpu.map((c, i) => ({ ...c, drop: c.drop + (extra[i] ?? 0) }));

    const first = await newPoller(dataDir);
    await first.pollAll(); // baseline
    await writeHostState(host.root!, { perCpu: withDrops([70, 30]) });
    await first.pollAll();
    expect(live(first, host.name).dropsLastHour).toBe(100);
    // Dropping as of this poll, at a rate over the time between the two reads, since this poll.
    const moving = live(first, host.name);
    expect(moving).toMatchObject({ droppingNow: true, droppingSince: moving.lastPollAt, lastDropAt: moving.lastPollAt });
    expect(moving.dropRate).toBeGreaterThan(0);

    // Reboot: uptime back to 20 s, counters restart from zero and reach 5.
    await writeHostState(host.root!, { uptimeSeconds: 20, perCpu: st.perCpu.map((c, i) => ({ ...c, drop: i === 0 ? 5 : 0 })) });
    await first.pollAll();
    expect(live(first, host.name).dropsLastHour).toBe(105);
    expect(live(first, host.name).drops).toBe(5);
    await first.stop();

    // A new process on the same SQLite file picks up the state and the counter baseline.
    const second = await newPoller(dataDir);
    try {
      expect(live(second, host.name)).toMatchObject({ count: st.count, max: st.max, dropsLastHour: 105 });
      await second.pollAll();
      await second.pollAll();
      expect(live(second, host.name).dropsLastHour).toBe(105);
      // A counter that stood still for a poll: not dropping now, and the last drop is remembered.
      expect(live(second, host.name)).toMatchObject({ droppingNow: false, dropRate: 0, droppingSince: null });
      expect(live(second, host.name).lastDropAt).not.toBeNull();
      await writeHostState(host.root!, { perCpu: st.perCpu.map((c, i) => ({ ...c, drop: i === 0 ? 12 : 0 })) });
      await second.pollAll();
      expect(live(second, host.name).dropsLastHour).toBe(112);
    } finally {
      await second.stop();
      await writeHostState(host.root!, { perCpu: st.perCpu, uptimeSeconds: st.uptimeSeconds });
    }
  }, 30_000);

  it("accept-new learns unknown keys but never a changed one", async () => {
    const empty = path.join(work, "empty_known_hosts");
    fs.writeFileSync(empty, "");
    const learned = path.join(work, "learned");
    const normal = ofKind("normal")[0]!;
    const hostKeys = new HostKeyStore([empty], "accept-new", learned);
    const poller = await newPoller(path.join(work, "accept-new"), hostKeys);
    try {
      await poller.pollAll();
      expect(live(poller, normal.name).status).not.toBe("hostkey");
      expect(fs.readFileSync(learned, "utf8")).toContain(`[${normal.address}]:${normal.port} ssh-ed25519 `);
    } finally {
      await poller.stop();
    }
    // Now the learned key is wrong for that host (as if it were reinstalled): refused.
    const other = fs.readFileSync(fleet.knownHostsFile, "utf8").split("\n").find((l) => l.includes("ssh-ed25519") && !l.includes(normal.address) && !l.startsWith("|"));
    const otherKey = other!.split(" ").slice(1, 3).join(" ");
    fs.writeFileSync(learned, `[${normal.address}]:${normal.port} ${otherKey}\n`);
    const again = await newPoller(path.join(work, "accept-new-2"), new HostKeyStore([empty], "accept-new", learned));
    try {
      await again.pollAll();
      expect(live(again, normal.name)).toMatchObject({ status: "hostkey", error: { code: "hostkey" } });
    } finally {
      await again.stop();
    }
  }, 30_000);

  it("reads the kernel log: backfill on first contact, then only new lines, each event once", async () => {
    const dataDir = path.join(work, "logs");
    const host = ofKind("normal").find((h) => h.os === "debian12" || h.os === "rhel9")!;
    const st = (await readHostState(host.root!))!;
    const style = host.os === "debian12" ? "classic-uptime" : "classic";
    const msg = host.os === "debian12" ? "nf_conntrack: nf_conntrack: table full, dropping packet" : "nf_conntrack: nf_conntrack: table full, dropping packet";
    const poller = await newPoller(dataDir);
    const store = () => new FleetStore(openDatabase(dataDir));
    const count = async () => {
      const s = store();
      await s.syncHosts(config.hosts);
      return (await s.history.events({ hostId: s.idOf(host.name), fromMs: 0, toMs: Date.now() + 60_000, limit: 100_000 })).length;
    };
    // /metrics counts events by kind in memory (seeded from the store at start): it must agree with the store.
    const storedTotals = async () => {
      const s = store();
      await s.syncHosts(config.hosts);
      const out = { table_full: 0, expect_full: 0, suppressed: 0 } as Record<string, number>;
      for (const e of await s.history.events({ hostId: s.idOf(host.name), fromMs: 0, toMs: Date.now() + 60_000, limit: 100_000 })) out[e.kind]! += e.count;
      return out;
    };
    const memoryTotals = (p: FleetPoller) => p.metricsView().find((h) => h.name === host.name)?.events;
    try {
      await poller.pollAll({ logs: true });
      const backfilled = await count();
      expect(memoryTotals(poller)).toEqual(await storedTotals());
      expect(poller.logs.state(host.name)).toMatchObject({ source: expect.stringMatching(/kern\.log|messages/), error: null });

      const when = new Date();
      await appendKernelLog(host.root!, [
        formatKernelLine(style, host.name, when, st.uptimeSeconds, msg),
        formatKernelLine(style, host.name, when, st.uptimeSeconds, msg),
        formatKernelLine(style, host.name, when, st.uptimeSeconds, "systemd[1]: Started something unrelated."),
      ]);
      // Hot host: the log is read right after the poll, not at the quiet interval.
      await writeHostState(host.root!, { count: st.max });
      await poller.pollAll({ logs: true });
      expect(await count()).toBe(backfilled + 2);
      await poller.pollAll({ logs: true });
      await poller.pollAll({ logs: true });
      expect(await count()).toBe(backfilled + 2);
      expect(memoryTotals(poller)).toEqual(await storedTotals());
      expect(memoryTotals(poller)?.table_full).toBeGreaterThanOrEqual(2);
    } finally {
      await poller.stop();
      await writeHostState(host.root!, { count: st.count });
    }
    // A new process resumes from the stored position: nothing re-read, nothing doubled.
    const again = await newPoller(dataDir);
    expect(memoryTotals(again)).toEqual(await storedTotals());
    try {
      await writeHostState(host.root!, { count: st.max });
      await again.pollAll({ logs: true });
      await again.pollAll({ logs: true });
      expect(await count()).toBeGreaterThan(0);
      const after = await count();
      await again.pollAll({ logs: true });
      expect(await count()).toBe(after);
      expect(memoryTotals(again)).toEqual(await storedTotals());
    } finally {
      await again.stop();
      await writeHostState(host.root!, { count: st.count });
    }
  }, 60_000);

  it("reads a journal-only host: history across boots, then new entries by cursor, resumed after a restart, each once", async () => {
    const host = ofKind("normal").find((h) => OS_PROFILES[h.os].journal)!;
    expect(host, "the fleet has a host with a journal").toBeTruthy();
    const full = OS_PROFILES[host.os].tableFull;
    const dataDir = path.join(work, "journal");
    const st = (await readHostState(host.root!))!;
    const now = Date.now();
    // Drops half an hour ago, then a reboot: `journalctl -k` (this boot only) would never show them.
    // (The generated history's incidents end before now - 45 min, so the window below holds only ours.)
    await logKernelMessages(host, Array.from({ length: 5 }, (_, i) => ({ atMs: now - 1_800_000 + i, uptimeSeconds: st.uptimeSeconds - 1800, message: full })));
    await rebootHost(host);
    // No syslog daemon (Debian 12's default): the journal is all the host has.
    for (const f of fs.readdirSync(path.join(host.root!, "var/log"))) {
      if (/^(kern\.log|messages)/.test(f)) fs.rmSync(path.join(host.root!, "var/log", f));
    }
    const store = new FleetStore(openDatabase(dataDir));
    await store.syncHosts(config.hosts);
    const count = async (fromMs: number) =>
      (await store.history.events({ hostId: store.idOf(host.name), fromMs, toMs: Date.now() + 60_000, limit: 100_000 })).filter((e) => e.kind === "table_full").length;
    const recent = () => count(now - 40 * 60_000);

    let burstAt = 0;
    const poller = await newPoller(dataDir);
    try {
      await poller.pollAll({ logs: true });
      expect(poller.logs.state(host.name)).toMatchObject({ source: "journal", error: null, cursor: expect.stringMatching(/^s=[0-9a-f]+;i=/) });
      expect(await recent()).toBe(5);
      expect((await store.history.events({ hostId: store.idOf(host.name), fromMs: now - 1_800_001, toMs: now, limit: 10 }))[0]?.source).toBe("journal");

      burstAt = Date.now();
      await logKernelMessages(host, [0, 1, 2].map((i) => ({ atMs: burstAt + i, uptimeSeconds: 26, message: full })));
      await writeHostState(host.root!, { count: (await readHostState(host.root!))!.max });
      await pollsKeep(poller, recent, 8);
    } finally {
      await poller.stop();
    }
    // A new process resumes at the stored cursor: nothing re-read, and what comes next is read.
    const again = await newPoller(dataDir);
    try {
      await pollsKeep(again, recent, 8);
      // The ratelimit's next window opens with the count it swallowed: a new read, after a restart,
      // still knows the last line it read was a table-full line (the carry is stored with the cursor).
      await logKernelMessages(host, [
        { atMs: burstAt + 4_000, uptimeSeconds: 30, message: "net_ratelimit: 77 callbacks suppressed" },
        ...[0, 1].map((i) => ({ atMs: burstAt + 4_001 + i, uptimeSeconds: 30, message: full })),
      ]);
      await again.pollAll({ logs: true });
      expect(await recent()).toBe(10);
      const suppressed = (await store.history.events({ hostId: store.idOf(host.name), fromMs: burstAt, toMs: burstAt + 10_000, limit: 100 })).filter((e) => e.kind === "suppressed");
      expect(suppressed.map((e) => e.count)).toEqual([77]);
    } finally {
      await again.stop();
      await writeHostState(host.root!, { count: st.count });
    }
  }, 60_000);

  it("on a host with syslog files and a journal: history from the files, then the journal takes over, nothing twice", async () => {
    const withJournal = ofKind("normal").filter((h) => OS_PROFILES[h.os].journal);
    const host = withJournal[1]!;
    expect(host, "the fleet has a second host with a journal").toBeTruthy();
    const full = OS_PROFILES[host.os].tableFull;
    const dataDir = path.join(work, "journal-takeover");
    const boot = readBootAnchor(host.root!)!;
    const at = Date.now() - 20_000;
    // Logged to both just before first contact: the files' history and the journal's overlap both hold them.
    await logKernelMessages(host, [0, 1, 2].map((i) => ({ atMs: at + i, uptimeSeconds: (at + i - boot) / 1000, message: full })));
    const store = new FleetStore(openDatabase(dataDir));
    await store.syncHosts(config.hosts);
    const recent = async () =>
      (await store.history.events({ hostId: store.idOf(host.name), fromMs: at - 1000, toMs: Date.now() + 60_000, limit: 1000 })).filter((e) => e.kind === "table_full");
    const poller = await newPoller(dataDir);
    try {
      await poller.pollAll({ logs: true });
      expect(poller.logs.state(host.name)).toMatchObject({ source: "journal", error: null, cursor: expect.stringMatching(/^s=/) });
      expect((await recent()).map((e) => e.source)).toEqual(["kern.log", "kern.log", "kern.log"]);
      await logKernelMessages(host, [0, 1].map((i) => ({ atMs: Date.now() + i, uptimeSeconds: (Date.now() - boot) / 1000, message: full })));
      await writeHostState(host.root!, { count: (await readHostState(host.root!))!.max });
      await pollsKeep(poller, async () => (await recent()).length, 5);
      expect((await recent()).slice(3).map((e) => e.source)).toEqual(["journal", "journal"]);
    } finally {
      await poller.stop();
      await writeHostState(host.root!, { count: 0 });
    }
  }, 60_000);

  it("a host with no readable kernel log says why, and is detected again once it has one", async () => {
    const host = ofKind("normal").filter((h) => h.os === "debian12" && !OS_PROFILES[h.os].journal && !OS_PROFILES[h.os].dmesgReadable)[1]!;
    expect(host, "the fleet has a second Debian 12 host").toBeTruthy();
    const logDir = path.join(host.root!, "var/log");
    const aside = path.join(host.root!, "var/log-aside");
    fs.renameSync(logDir, aside); // no rsyslog files, no journal, dmesg restricted
    fs.mkdirSync(logDir);
    const poller = await newPoller(path.join(work, "no-log"));
    try {
      await poller.pollAll({ logs: true });
      expect(poller.logs.state(host.name)).toMatchObject({ source: "none", error: expect.stringMatching(/^no journal, no \/var\/log\/kern\.log/) });
      fs.rmSync(logDir, { recursive: true });
      fs.renameSync(aside, logDir);
      await writeHostState(host.root!, { count: (await readHostState(host.root!))!.max }); // hot: its log is read after the poll
      await poller.pollAll({ logs: true });
      expect(poller.logs.state(host.name)).toMatchObject({ source: "kern.log", error: null });
    } finally {
      await poller.stop();
      if (fs.existsSync(aside)) {
        fs.rmSync(logDir, { recursive: true, force: true });
        fs.renameSync(aside, logDir);
      }
      await writeHostState(host.root!, { count: 0 });
    }
  }, 60_000);

  it("reads new lines from a readable dmesg after the files' history: wall-clock times, across a reboot, each once", async () => {
    const host = ofKind("normal").find((h) => OS_PROFILES[h.os].dmesgReadable)!;
    expect(host, "the fleet has a host with a readable dmesg").toBeTruthy();
    const full = OS_PROFILES[host.os].tableFull;
    const dataDir = path.join(work, "dmesg");
    const store = new FleetStore(openDatabase(dataDir));
    await store.syncHosts(config.hosts);
    const since = Date.now();
    const fresh = async () =>
      (await store.history.events({ hostId: store.idOf(host.name), fromMs: since - 5_000, toMs: Date.now() + 60_000, limit: 1000 })).filter((e) => e.kind === "table_full");
    // What the host's kernel would stamp now: seconds since its boot.
    const drops = (n: number) => {
      const boot = readBootAnchor(host.root!)!;
      const at = Date.now();
      return Array.from({ length: n }, (_, i) => ({ atMs: at + i, uptimeSeconds: (at + i - boot) / 1000, message: full }));
    };
    const hot = async () => writeHostState(host.root!, { count: (await readHostState(host.root!))!.max });

    const poller = await newPoller(dataDir);
    try {
      await poller.pollAll({ logs: true });
      expect(poller.logs.state(host.name)).toMatchObject({ source: "dmesg", error: null });
      expect(await fresh()).toHaveLength(0);

      const first = drops(3);
      await logKernelMessages(host, first);
      await hot();
      await pollsKeep(poller, async () => (await fresh()).length, 3);
      expect((await fresh()).map((e) => e.source)).toEqual(["dmesg", "dmesg", "dmesg"]);
      // boot time (poll time - uptime) + stamp: the wall-clock time of the message, to within a second or two.
      for (const e of await fresh()) expect(Math.abs(e.ts - first[0]!.atMs)).toBeLessThan(2_500);

      // A reboot empties the ring buffer; its stamps start again from zero.
      await rebootHost(host);
      await logKernelMessages(host, drops(2));
      await hot();
      await pollsKeep(poller, async () => (await fresh()).length, 5);
    } finally {
      await poller.stop();
    }
    const again = await newPoller(dataDir);
    try {
      await pollsKeep(again, async () => (await fresh()).length, 5);
    } finally {
      await again.stop();
      await writeHostState(host.root!, { count: 0 });
    }
  }, 60_000);
});
