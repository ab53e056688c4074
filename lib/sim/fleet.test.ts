/**
 * Against the real thing: sshd, chroots, bind mounts, the dashboard's own poll command. Needs root
 * and /usr/sbin/sshd (skipped otherwise). Uses its own port and a dir under /run so it can run next
 * to a demo fleet.
 */
import { execFile } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECT_COMMAND, END_MARKER } from "../conntrack/collect-command";
import { startSimFleet } from "./fleet";
import { mountsUnder } from "./sim-dir";
import type { SimFleet, SimHost } from "./types";

const execFileP = promisify(execFile);
const canRun = process.getuid?.() === 0 && existsSync("/usr/sbin/sshd") && existsSync("/usr/bin/ssh");
const PORT = 24000 + (process.pid % 1000);
const DIR = `/run/conntrack-sim-vitest-${process.pid}`;

let fleet: SimFleet;
const byKind = (kind: SimHost["kind"]): SimHost => {
  const h = fleet.hosts.find((x) => x.kind === kind);
  if (!h) throw new Error(`no ${kind} host`);
  return h;
};

async function ssh(host: SimHost, command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [
    "-i", fleet.clientKeyFile, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", `UserKnownHostsFile=${fleet.knownHostsFile}`,
    "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=2", "-p", String(host.port), `root@${host.address}`, command,
  ];
  try {
    const { stdout, stderr } = await execFileP("/usr/bin/ssh", args, { timeout: 15_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe.skipIf(!canRun)("simulated fleet over real sshd", () => {
  beforeAll(async () => {
    fleet = await startSimFleet({ dir: DIR, hosts: 24, port: PORT, seed: 3, handleSignals: false });
  }, 30_000);

  afterAll(async () => {
    await fleet?.stop();
    await fs.rm(DIR, { recursive: true, force: true });
  });

  it("a normal host answers the poll command with its own files", async () => {
    const h = byKind("normal");
    const r = await ssh(h, COLLECT_COMMAND);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`==> /proc/sys/kernel/osrelease <==\n${h.kernel}\n`);
    expect(r.stdout).toContain("==> /proc/net/stat/nf_conntrack <==\nentries  clashres");
    expect(r.stdout.trimEnd().endsWith(END_MARKER)).toBe(true);
    expect(r.stderr).toBe("");
  });

  it("the chroot has a read-only /usr and no way to the real /proc", async () => {
    const r = await ssh(byKind("normal"), "touch /usr/x 2>&1; test -e /proc/self && echo leak; echo ok");
    expect(r.stdout).toMatch(/Read-only file system/);
    expect(r.stdout).not.toMatch(/leak/);
  });

  it("Ubuntu hosts: `conntrack -S` where conntrack-tools is installed, command not found elsewhere", async () => {
    const withTools = fleet.hosts.find((h) => h.statSource === "conntrack-S");
    if (!withTools) throw new Error("no host with conntrack-tools");
    const r = await ssh(withTools, "conntrack -S");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toHaveLength(withTools.cores + 1);
    expect(r.stdout).toMatch(/^cpu=0 {3}\tfound=\d+ invalid=\d+ insert=\d+ insert_failed=\d+ drop=\d+ early_drop=\d+ error=\d+ search_restart=\d+ /);
    const rhel = fleet.hosts.find((h) => h.kind === "normal" && h.os === "rhel9");
    if (rhel) expect((await ssh(rhel, "conntrack -S")).code).toBe(127);
    expect((await ssh(byKind("normal"), "dmesg")).stderr).toMatch(/Operation not permitted/);
  });

  it("the no-conntrack host has no netfilter files", async () => {
    const r = await ssh(byKind("no-conntrack"), COLLECT_COMMAND);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("conntrack");
    expect(r.stdout).toContain("==> /proc/meminfo <==");
  });

  it("the special hosts fail the way they should", async () => {
    const hostkey = await ssh(byKind("hostkey"), "true");
    expect(hostkey.code).toBe(255);
    expect(hostkey.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED/);
    const auth = await ssh(byKind("auth"), "true");
    expect(auth.code).toBe(255);
    expect(auth.stderr).toMatch(/Permission denied \(publickey\)/);
    const refused = await ssh(byKind("unreachable"), "true");
    expect(refused.stderr).toMatch(/Connection refused/);
  });

  it("the blackhole accepts TCP and never sends a banner", async () => {
    const h = byKind("blackhole");
    const got = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(h.port, h.address);
      let data = "";
      sock.on("data", (d) => (data += d.toString()));
      sock.on("error", reject);
      sock.on("connect", () => setTimeout(() => (sock.destroy(), resolve(data)), 800));
    });
    expect(got).toBe("");
  });

  it("stop leaves no process and no mount behind", async () => {
    const pids = await fs.readdir(path.join(DIR, "run")).then((f) => f.filter((x) => x.endsWith(".pid")));
    expect(pids.length).toBeGreaterThan(0);
    await fleet.stop();
    const tag = `${DIR}/run/sshd-`;
    const procs = await fs.readdir("/proc");
    for (const p of procs.filter((x) => /^\d+$/.test(x))) {
      const cmd = await fs.readFile(`/proc/${p}/cmdline`, "utf8").catch(() => "");
      expect(cmd.replaceAll("\0", " ")).not.toContain(tag);
    }
    expect(await mountsUnder(DIR)).toEqual([]);
    expect((await ssh(byKind("normal"), "true")).stderr).toMatch(/Connection refused/);
  });
});
