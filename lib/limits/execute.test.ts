/**
 * Raises on real simulated hosts: real sshd, real sh/awk/od in the chroot, files on disk, and the
 * sim's reboot applying /etc as a boot would. Needs root; skipped otherwise.
 *
 * Refusals come from the real thing too, whatever this machine has installed: web-01 has no sudo
 * (its /usr hides it), the sim's unprivileged account without a sudoers rule gets "a password is
 * required", a login user that is not root gets "Permission denied", and a read-only bind mount made
 * inside the sshd's own mount namespace (nsenter) gives "Read-only file system" as a container's
 * /proc/sys does. The account with a NOPASSWD rule raises for real, through sudo's own warnings.
 */
import { execFileSync } from "node:child_process";
import { existsSync, promises as fs, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECT_COMMAND } from "@/lib/conntrack/collect-command";
import { parseCollectOutput } from "@/lib/conntrack/parse-collect";
import { SIM_PLAIN_USER, SIM_SUDO_USER } from "@/lib/sim/accounts";
import { startSimFleet, type SimFleet, type SimHost } from "@/lib/sim/fleet";
import { readHostState } from "@/lib/sim/host-state";
import { rebootHost } from "@/lib/sim/reboot";
import { usableSimDir } from "@/lib/sim/sim-dir";
import { findSshdPid } from "@/lib/sim/sshd";
import { HostKeyStore } from "@/lib/ssh/host-keys";
import { HostConnection } from "@/lib/ssh/host-connection";
import { HandshakeAdmission } from "@/lib/ssh/handshake-admission";
import type { RaiseMode } from "./commands";
import { DEFAULT_LIMITS_CONFIG } from "./config";
import { executeRaise, type RaiseResult } from "./execute";
import { prepareRaise, type Prepared } from "./prepare";

const isRoot = process.getuid?.() === 0;
const DROP_IN = DEFAULT_LIMITS_CONFIG.dropInName;
let fleet: SimFleet;
const conns: HostConnection[] = [];

/** The sim's real unprivileged accounts (lib/sim/accounts.ts): one with a NOPASSWD rule, one without any. */
const plainUser = SIM_PLAIN_USER;

beforeAll(async () => {
  if (!isRoot) return;
  fleet = await startSimFleet({ dir: await usableSimDir(".sim-test-limits"), hosts: 14, port: 2822, seed: 5 });
}, 60_000);

afterAll(async () => {
  for (const c of conns) c.dispose();
  await fleet?.stop();
});

const host = (name: string): SimHost => {
  const h = fleet.hosts.find((x) => x.name === name);
  if (!h?.root) throw new Error(`no served host ${name}`);
  return h;
};

function connect(h: SimHost, user = "root"): HostConnection {
  const c = new HostConnection(
    { name: h.name, address: h.address, port: h.port, user, privateKey: readFileSync(fleet.clientKeyFile), passphrase: null, agentSocket: null },
    { timeoutMs: 10_000, hostKeys: new HostKeyStore([fleet.knownHostsFile], "strict", null), handshakes: new HandshakeAdmission({ timeoutMs: 10_000, maxConcurrency: 4 }) },
  );
  conns.push(c);
  return c;
}

/** What the API will do: poll, prepare (probe → facts → check → plan), execute. */
async function raise(h: SimHost, mode: RaiseMode, opts: { max?: number; hashsize?: number; sudo?: boolean; user?: string } = {}) {
  const conn = connect(h, opts.user);
  const exec = (cmd: string) => conn.exec(cmd);
  const reading = parseCollectOutput((await conn.exec(COLLECT_COMMAND)).stdout);
  const prepared: Prepared = await prepareRaise(exec, {
    reading, peakCount: null, mode, max: opts.max, hashsize: opts.hashsize, sudo: opts.sudo ?? false, config: DEFAULT_LIMITS_CONFIG,
  });
  const result: RaiseResult | null = prepared.ok ? await executeRaise(exec, prepared.plan) : null;
  return { prepared, result };
}

const ETC_FILES = ["etc/sysctl.conf", "etc/rc.d/rc.local", `etc/sysctl.d/${DROP_IN}`, "etc/sysctl.d/90-conntrack.conf",
  "etc/modules-load.d/nf_conntrack.conf", `etc/modprobe.d/${DROP_IN}`];

/** Content, mode and inode of every file a raise may touch, plus the directory listings. */
async function snapshot(h: SimHost): Promise<string> {
  const root = h.root ?? "";
  const out: string[] = [];
  for (const rel of ETC_FILES) {
    const f = path.join(root, rel);
    const st = await fs.lstat(f).catch(() => null);
    out.push(st ? `${rel} ${st.mode.toString(8)} ${st.ino} ${JSON.stringify(await fs.readFile(f, "utf8"))}` : `${rel} absent`);
  }
  for (const d of ["etc/sysctl.d", "etc/modules-load.d", "etc/modprobe.d", "etc/rc.d"]) {
    out.push(`${d}: ${(await fs.readdir(path.join(root, d)).catch(() => [])).sort().join(",")}`);
  }
  return out.join("\n");
}

const read = (h: SimHost, rel: string): string => readFileSync(path.join(h.root ?? "", rel), "utf8");

/** Read-only bind mount inside the sshd's mount namespace (what the chroot sessions see). */
function readOnlyInSshd(target: string): () => void {
  const conf = readdirSorted(path.join(fleet.dir, "run")).find((n) => /^sshd-\d+\.conf$/.test(n) &&
    readFileSync(path.join(fleet.dir, "run", n), "utf8").includes(target.split("/hosts/")[1]?.split("/")[0] ?? "-"));
  const wrapper = Number(readFileSync(path.join(fleet.dir, "run", (conf ?? "").replace(".conf", ".pid")), "utf8"));
  const ns = (args: string[]): void => {
    execFileSync("nsenter", ["-t", String(sshdPids.get(wrapper)), "-m", "--", ...args]);
  };
  ns(["mount", "--bind", target, target]);
  ns(["mount", "-o", "remount,bind,ro", target]);
  return () => ns(["umount", target]);
}
const readdirSorted = (d: string): string[] => execFileSync("ls", [d], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
const sshdPids = new Map<number, number>();

describe.skipIf(!isRoot)("raising limits on simulated hosts", () => {
  beforeAll(async () => {
    for (const n of readdirSorted(path.join(fleet.dir, "run")).filter((x) => /^sshd-\d+\.pid$/.test(x))) {
      const wrapper = Number(readFileSync(path.join(fleet.dir, "run", n), "utf8"));
      sshdPids.set(wrapper, (await findSshdPid(wrapper)) ?? -1);
    }
  });

  it("temporary: the live value file changes and reads back; no file in /etc changes", async () => {
    const h = host("cache-01");
    const etc = await snapshot(h);
    const { prepared, result } = await raise(h, "temporary", { max: 786432 });
    expect(prepared.ok && prepared.plan.files).toEqual([]);
    expect(result).toMatchObject({ ok: true, hostLeft: "live value changed (until reboot)", before: { max: 524288 }, after: { max: 786432 } });
    expect(read(h, "proc/sys/net/netfilter/nf_conntrack_max")).toBe("786432\n");
    expect((await readHostState(h.root ?? ""))?.max).toBe(786432);
    expect(await snapshot(h)).toBe(etc);
    expect((await rebootHost(h)).max).toBe(h.boot?.max); // temporary means temporary: back to the boot value
  }, 30_000);

  it("permanent with hash size (RHEL 9): one setting line, module loaded early, survives reboot; twice changes nothing", async () => {
    const h = host("db-01");
    const first = await raise(h, "permanent");
    if (!first.prepared.ok) throw new Error(first.prepared.reason);
    expect(first.prepared.plan.target).toEqual({ max: 1048576, hashsize: 262144 }); // kube-proxy floor for 32 cores, max/4
    expect(first.result).toMatchObject({ ok: true, hostLeft: "live value changed and persisted", after: { max: 1048576, hashsize: 262144 } });
    expect(first.result?.files.map((f) => [f.path, f.changed, f.verified])).toEqual([
      [`/etc/sysctl.d/${DROP_IN}`, true, true], ["/etc/modules-load.d/nf_conntrack.conf", true, true], [`/etc/modprobe.d/${DROP_IN}`, true, true]]);
    const dropIn = read(h, `etc/sysctl.d/${DROP_IN}`);
    expect(dropIn.split("\n").filter((l) => /^\s*[^#\s]/.test(l))).toEqual(["net.netfilter.nf_conntrack_max = 1048576"]);
    expect(read(h, "etc/modules-load.d/nf_conntrack.conf")).toBe("nf_conntrack\n");
    expect(read(h, `etc/modprobe.d/${DROP_IN}`)).toMatch(/^options nf_conntrack hashsize=262144$/m);
    expect(statSync(path.join(h.root ?? "", `etc/sysctl.d/${DROP_IN}`)).mode & 0o777).toBe(0o644);
    expect(readdirSorted(path.join(h.root ?? "", "etc/sysctl.d")).filter((n) => n.includes("fleet-tmp"))).toEqual([]);

    const etc = await snapshot(h);
    const again = await raise(h, "permanent", { max: 1048576, hashsize: 262144 });
    expect(again.result).toMatchObject({ ok: true, hostLeft: "unchanged" });
    expect(again.result?.files.every((f) => !f.changed && f.verified)).toBe(true);
    expect(await snapshot(h)).toBe(etc); // byte for byte, same inodes

    const boot = await rebootHost(h);
    expect([boot.max, boot.buckets]).toEqual([1048576, 262144]);
    expect(await readHostState(h.root ?? "")).toMatchObject({ max: 1048576, hashsize: 262144 });
  }, 30_000);

  it("permanent next to an older drop-in (Debian): ours wins at boot, the old one is noted and untouched", async () => {
    const h = host("lb-01");
    const old = read(h, "etc/sysctl.d/90-conntrack.conf");
    const { prepared, result } = await raise(h, "permanent");
    if (!prepared.ok) throw new Error(prepared.reason);
    expect(prepared.plan.notes.join("\n")).toMatch(/90-conntrack\.conf \(524288\) also sets the limit/);
    expect(prepared.plan.files.find((f) => f.path.includes("modules-load"))?.change).toBe("unchanged");
    expect(result?.ok).toBe(true);
    expect(read(h, "etc/sysctl.d/90-conntrack.conf")).toBe(old);
    expect((await rebootHost(h)).max).toBe(prepared.plan.target.max);
  }, 30_000);

  it("legacy CentOS 5 (no sysctl.d): one echo line in rc.local, run bit kept, survives reboot; twice changes nothing", async () => {
    const h = host("legacy-c5-01");
    const { prepared, result } = await raise(h, "permanent", { max: 196608, hashsize: 49152 });
    if (!prepared.ok) throw new Error(prepared.reason);
    expect(prepared.plan.persistence).toBe("rc.local");
    expect(result).toMatchObject({ ok: true, hostLeft: "live value changed and persisted" });
    const rc = read(h, "etc/rc.d/rc.local");
    expect(rc.split("\n").filter((l) => l.includes("ip_conntrack_max"))).toEqual(["echo 196608 > /proc/sys/net/ipv4/netfilter/ip_conntrack_max"]);
    expect(statSync(path.join(h.root ?? "", "etc/rc.d/rc.local")).mode & 0o777).toBe(0o755);
    expect(read(h, `etc/modprobe.d/${DROP_IN}`)).toMatch(/^options ip_conntrack hashsize=49152$/m);
    const etc = await snapshot(h);
    expect((await raise(h, "permanent", { max: 196608, hashsize: 49152 })).result).toMatchObject({ ok: true, hostLeft: "unchanged" });
    expect(await snapshot(h)).toBe(etc);
    const boot = await rebootHost(h);
    expect([boot.max, boot.buckets]).toEqual([196608, 49152]);
  }, 30_000);

  it("legacy CentOS 6 without rc.local: the sysctl.conf line is replaced in place, no duplicate; survives reboot", async () => {
    const h = host("legacy-c6-01");
    await fs.rm(path.join(h.root ?? "", "etc/rc.local"));
    await fs.rm(path.join(h.root ?? "", "etc/rc.d/rc.local"));
    const before = read(h, "etc/sysctl.conf");
    expect(before).toMatch(/^net\.netfilter\.nf_conntrack_max = 131072$/m);
    const { prepared, result } = await raise(h, "permanent", { max: 262144 });
    if (!prepared.ok) throw new Error(prepared.reason);
    expect(prepared.plan.persistence).toBe("sysctl.conf");
    expect(result?.ok).toBe(true);
    expect(read(h, "etc/sysctl.conf")).toBe(before.replace("nf_conntrack_max = 131072", "nf_conntrack_max = 262144"));
    const etc = await snapshot(h);
    expect((await raise(h, "permanent", { max: 262144 })).result).toMatchObject({ ok: true, hostLeft: "unchanged" });
    expect(await snapshot(h)).toBe(etc);
    expect((await rebootHost(h)).max).toBe(262144);
  }, 30_000);

  it("sudo missing on the host: the permanent raise is refused at the probe; the temporary one fails at its first step, host unchanged", async () => {
    const h = host("lb-01");
    expect(h.sudo).toBe("absent");
    const etc = await snapshot(h);
    const live = read(h, "proc/sys/net/netfilter/nf_conntrack_max");
    const perm = await raise(h, "permanent", { sudo: true });
    expect(perm.prepared).toMatchObject({ ok: false, stage: "probe", reason: "sudo is not installed on the host" });
    const temp = await raise(h, "temporary", { sudo: true, max: Number(live) + 65_536 });
    expect(temp.result).toMatchObject({
      ok: false, hostLeft: "unchanged", steps: [{ id: "read-current", ok: false, exitCode: 127 }],
      failedStep: { id: "read-current", reason: "sudo is not installed on the host" },
    });
    expect(temp.result?.summary).toMatch(/The host was left unchanged\.$/);
    expect(read(h, "proc/sys/net/netfilter/nf_conntrack_max")).toBe(live);
    expect(await snapshot(h)).toBe(etc);
  }, 30_000);

  it("read-only live value (as in a container): fails at set-max, host and files unchanged", async () => {
    const h = host("web-01");
    const etc = await snapshot(h);
    const undo = readOnlyInSshd(path.join(h.root ?? "", "proc/sys/net/netfilter/nf_conntrack_max"));
    try {
      const { prepared, result } = await raise(h, "permanent");
      expect(prepared.ok && prepared.plan.files.length).toBe(2);
      expect(result).toMatchObject({
        ok: false, hostLeft: "unchanged", before: { max: 262144 }, after: { max: 262144 },
        failedStep: { id: "set-max", reason: "read-only file system (a container or non-initial network namespace?)" },
      });
      expect(result?.files.every((f) => !f.changed)).toBe(true);
    } finally {
      undo();
    }
    expect(read(h, "proc/sys/net/netfilter/nf_conntrack_max")).toBe("262144\n");
    expect(await snapshot(h)).toBe(etc);
  }, 30_000);

  it("read-only /etc/sysctl.d after the live change: says the live value changed but is not persisted", async () => {
    const h = host("k8s-node-01");
    const undo = readOnlyInSshd(path.join(h.root ?? "", "etc/sysctl.d"));
    let result: RaiseResult | null = null;
    try {
      ({ result } = await raise(h, "permanent", { max: 786432 }));
    } finally {
      undo();
    }
    expect(result).toMatchObject({
      ok: false, hostLeft: "live value changed, not persisted", before: { max: 524288 }, after: { max: 786432 },
      failedStep: { id: `write:/etc/sysctl.d/${DROP_IN}`, reason: "read-only file system (a container or non-initial network namespace?)" },
    });
    expect(result?.summary).toMatch(/reverts at the next reboot\. No file was changed\.$/);
    expect(existsSync(path.join(h.root ?? "", `etc/sysctl.d/${DROP_IN}`))).toBe(false);
    expect(existsSync(path.join(h.root ?? "", "etc/modules-load.d/nf_conntrack.conf"))).toBe(false);
  }, 30_000);

  it("a login user that is not root, without sudo: permission denied at set-max, host unchanged", async () => {
    const h = host("web-01");
    const etc = await snapshot(h);
    const { prepared, result } = await raise(h, "permanent", { user: plainUser });
    if (!prepared.ok) throw new Error(prepared.reason);
    expect(result).toMatchObject({
      ok: false, hostLeft: "unchanged", failedStep: { id: "set-max", reason: "permission denied (root or sudo is needed)" },
    });
    expect(read(h, "proc/sys/net/netfilter/nf_conntrack_max")).toBe("262144\n");
    expect(await snapshot(h)).toBe(etc);
  }, 30_000);

  it("sudo installed but the login has no rule: refused at the probe (permanent) and at the first step (temporary), host unchanged", async () => {
    const h = host("cache-01");
    const etc = await snapshot(h);
    const live = read(h, "proc/sys/net/netfilter/nf_conntrack_max");
    const perm = await raise(h, "permanent", { sudo: true, user: SIM_PLAIN_USER });
    expect(perm.prepared).toMatchObject({ ok: false, stage: "probe", reason: "sudo needs a password here (sudo -n refused)" });
    const temp = await raise(h, "temporary", { sudo: true, user: SIM_PLAIN_USER, max: 1_048_576 });
    expect(temp.result).toMatchObject({
      ok: false, hostLeft: "unchanged", failedStep: { id: "read-current", reason: "sudo needs a password here (sudo -n refused)" },
    });
    expect(read(h, "proc/sys/net/netfilter/nf_conntrack_max")).toBe(live);
    expect(await snapshot(h)).toBe(etc);
  }, 30_000);

  it("the NOPASSWD account (legacy-c5-01's fleet login): polls without root, raises through sudo -n despite its stderr warning", async () => {
    const h = host("legacy-c5-01");
    expect(h.login).toEqual({ user: SIM_SUDO_USER, sudo: true });
    const conn = connect(h, SIM_SUDO_USER);
    const whoami = await conn.exec("id -un; sudo -n id -un");
    expect(whoami.stdout).toBe(`${SIM_SUDO_USER}\nroot\n`);
    expect(whoami.stderr).toMatch(/^sudo: unable to resolve host \S+: /m);
    const before = (await readHostState(h.root ?? ""))?.max ?? 0;
    const temp = await raise(h, "temporary", { sudo: true, user: SIM_SUDO_USER, max: before + 65_536 });
    if (!temp.prepared.ok) throw new Error(temp.prepared.reason);
    expect(temp.prepared.facts.entryBytes).toBe(232); // /proc/slabinfo is root-only: the probe read it through sudo
    expect(temp.result).toMatchObject({ ok: true, hostLeft: "live value changed (until reboot)" });
    expect((await readHostState(h.root ?? ""))?.max).toBe(before + 65_536);
    const perm = await raise(h, "permanent", { sudo: true, user: SIM_SUDO_USER, max: before + 98_304 });
    expect(perm.result).toMatchObject({ ok: true, hostLeft: "live value changed and persisted" });
    expect(statSync(path.join(h.root ?? "", "etc/rc.d/rc.local")).uid).toBe(0); // written by root through sudo
    expect((await rebootHost(h)).max).toBe(before + 98_304);
  }, 30_000);

  it("CentOS 5 without /sys/devices/system/cpu/online: the proposal counts /proc/cpuinfo and is raised", async () => {
    const h = host("legacy-c5-01");
    expect(existsSync(path.join(h.root ?? "", "sys/devices/system/cpu/online"))).toBe(false);
    const { prepared, result } = await raise(h, "temporary", { max: ((await readHostState(h.root ?? ""))?.max ?? 0) + 32_768 });
    if (!prepared.ok) throw new Error(prepared.reason);
    expect(prepared.facts.cores).toBe(h.cores);
    expect(prepared.proposal.explanation[0]).toBe(`kube-proxy minimum: max(32768 × ${h.cores} cores from /proc/cpuinfo, 131072) = 131072`);
    expect(prepared.proposal.unknownInputs).toEqual([]);
    expect(result).toMatchObject({ ok: true, after: { max: prepared.plan.target.max } });
  }, 30_000);
});
