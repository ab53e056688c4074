/**
 * Builds one host's chroot: the merged-/usr skeleton sshd and bash need (usr/ and dev/null are
 * bind-mount targets filled in by the sshd wrapper), a minimal /etc, and the host's procfs/sysfs
 * files as plain files.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { HOST_PATHS, IP_PATHS, NF_PATHS } from "../conntrack/collect-command";
import type { HostPlan } from "./host-gen";
import { appendJournal, initJournal } from "./journal";
import { generateLogHistory } from "./log-history";
import { OS_PROFILES } from "./os-profiles";
import { writeAccountsInRoot } from "./accounts";
import { formatCpuinfo, formatCpuList, formatMeminfo, formatSlabinfo, initialCpuStats } from "./proc-files";
import { createRng, mixSeed } from "./rng";
import { CONNTRACK_S_FILE, formatConntrackS } from "./conntrack-s-file";
import { formatStatFile } from "./stat-file";
import { formatUptime, writeBootAnchor } from "./host-state";
import { initRing } from "./ring-buffer";

async function put(root: string, rel: string, content: string | Buffer, mode = 0o644): Promise<void> {
  const file = path.join(root, rel.replace(/^\/+/, ""));
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
  await fs.writeFile(file, content, { mode });
  await fs.chmod(file, mode); // writeFile's mode is filtered by the umask
}

async function dir(root: string, rel: string, mode = 0o755): Promise<void> {
  const d = path.join(root, rel);
  await fs.mkdir(d, { recursive: true, mode: 0o755 });
  await fs.chmod(d, mode);
}

/** Everything bash, head and sshd's session setup need inside the chroot (Debian 12 is merged-/usr). */
async function writeSkeleton(root: string, name: string): Promise<void> {
  // sshd refuses a ChrootDirectory that is group/other-writable or not root-owned.
  await dir(root, ".", 0o755);
  await Promise.all([
    ...["bin", "lib", "lib64", "sbin"].map((l) => fs.symlink(`usr/${l}`, path.join(root, l))),
    dir(root, "usr"),
    dir(root, "tmp", 0o1777),
    dir(root, "var/tmp", 0o1777),
    dir(root, "root", 0o700),
    dir(root, "run"),
    dir(root, "var/log"),
    put(root, "dev/null", "", 0o666),
    put(root, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"),
    put(root, "etc/group", "root:x:0:\n"),
    put(root, "etc/hostname", `${name}\n`),
    put(root, "etc/hosts", `127.0.0.1\tlocalhost\n127.0.1.1\t${name}\n`),
    put(root, "proc/sys/kernel/hostname", `${name}\n`),
  ]);
}

async function writeEtc(root: string, plan: HostPlan): Promise<void> {
  const { host } = plan;
  const p = OS_PROFILES[host.os];
  const jobs: Promise<void>[] = [dir(root, "etc/modprobe.d")];
  if (p.osRelease) {
    const o = p.osRelease;
    jobs.push(put(root, "etc/os-release", `NAME="${o.name}"\nID=${o.id}\nVERSION_ID="${o.versionId}"\nPRETTY_NAME="${o.pretty}"\n`));
  }
  if (p.redhatRelease) jobs.push(put(root, "etc/redhat-release", `${p.redhatRelease}\n`));
  if (p.debianVersion) jobs.push(put(root, "etc/debian_version", `${p.debianVersion}\n`));
  if (p.sysctlD) jobs.push(dir(root, "etc/sysctl.d"), dir(root, "etc/modules-load.d"));
  const key = p.module === "ip_conntrack" ? "net.ipv4.netfilter.ip_conntrack_max" : "net.netfilter.nf_conntrack_max";
  let sysctlConf = "# Kernel sysctl configuration file\nnet.ipv4.ip_forward = 0\n";
  if (host.initialMax !== null && (plan.limitOrigin === "persistent" || plan.limitOrigin === "pitfall")) {
    if (p.sysctlD) {
      jobs.push(put(root, "etc/sysctl.d/90-conntrack.conf", `# raised after INC-1234\n${key} = ${host.initialMax}\n`));
      if (plan.limitOrigin === "persistent") jobs.push(put(root, "etc/modules-load.d/nf_conntrack.conf", "nf_conntrack\n"));
    } else {
      sysctlConf += `${key} = ${host.initialMax}\n`;
    }
  }
  if (plan.limitOrigin === "kube-proxy") {
    jobs.push(put(root, "etc/sysctl.d/99-kubernetes.conf", "net.bridge.bridge-nf-call-iptables = 1\nnet.ipv4.ip_forward = 1\n"));
  }
  jobs.push(put(root, "etc/sysctl.conf", sysctlConf));
  if (host.os.startsWith("centos") || host.os.startsWith("rhel")) {
    // EL7+ ships rc.local without the run bit; EL5/6 run it at the end of every boot.
    const rcMode = p.systemd ? 0o644 : 0o755;
    jobs.push(
      put(root, "etc/rc.d/rc.local", "#!/bin/sh\ntouch /var/lock/subsys/local\n", rcMode).then(() =>
        fs.symlink("rc.d/rc.local", path.join(root, "etc/rc.local")),
      ),
    );
  }
  await Promise.all(jobs);
}

async function writeConntrack(root: string, plan: HostPlan): Promise<void> {
  const { host } = plan;
  if (host.kind === "no-conntrack" || host.initialMax === null || host.boot === null) {
    await put(root, "proc/slabinfo", formatSlabinfo(null, 0), 0o400);
    return;
  }
  const p = OS_PROFILES[host.os];
  const rng = createRng(mixSeed(host.address.split(".").reduce((a, o) => a * 256 + Number(o), 0), 0xc7));
  const max = host.initialMax;
  const buckets = plan.limitOrigin === "kube-proxy" ? Math.max(host.boot.buckets, max / 4) : host.boot.buckets;
  const count = Math.min(max, Math.round(max * host.baseUtilization * rng.float(0.9, 1.1)));
  const own = p.module === "ip_conntrack" ? IP_PATHS : NF_PATHS;
  const jobs = [
    put(root, "proc/slabinfo", formatSlabinfo(p.slab, count), 0o400),
    put(root, own.count, `${count}\n`),
    put(root, own.max, `${max}\n`),
    put(root, own.buckets, `${buckets}\n`),
    put(root, own.hashsize, `${buckets}\n`),
  ];
  if (p.legacyAliases) {
    jobs.push(put(root, IP_PATHS.count, `${count}\n`), put(root, IP_PATHS.max, `${max}\n`), put(root, IP_PATHS.buckets, `${buckets}\n`));
  }
  if (p.statHeader) {
    const perCpu = initialCpuStats(p.statHeader, host.cores, plan.uptimeSeconds, plan.historicDrops, rng);
    const text = formatStatFile({ header: p.statHeader, perCpu, trailingSpace: p.statTrailingSpace }, count);
    jobs.push(put(root, own.stat, text));
    if (p.legacyAliases) jobs.push(put(root, IP_PATHS.stat, text));
  } else if (host.statSource === "conntrack-S") {
    const header = ["entries", ...p.netlinkColumns].join(" ");
    const perCpu = initialCpuStats(header, host.cores, plan.uptimeSeconds, plan.historicDrops, rng);
    jobs.push(put(root, CONNTRACK_S_FILE, formatConntrackS(p.netlinkColumns, perCpu)));
  }
  await Promise.all(jobs);
}

/**
 * `journal: false` leaves out the persistent journal of the OSes that keep one (their kernel log is
 * then only in the syslog file): an 8 MiB file and a systemd-journal-remote run per host, which a
 * 1000-host benchmark fleet does not need.
 */
export async function buildHostRoot(plan: HostPlan, nowMs: number, seed: number, opts: { journal?: boolean } = {}): Promise<void> {
  const { host } = plan;
  const root = host.root;
  if (root === null) return;
  const p = OS_PROFILES[host.os];
  await writeSkeleton(root, host.name);
  await writeAccountsInRoot(root, host.sudo ?? "installed");
  const rng = createRng(mixSeed(seed, host.address.split(".").reduce((a, o) => a * 256 + Number(o), 0)));
  const hasCt = host.kind !== "no-conntrack" && host.boot !== null;
  const log = generateLogHistory({
    name: host.name, profile: p, uptimeSeconds: plan.uptimeSeconds,
    buckets: hasCt ? (host.boot?.buckets ?? null) : null, max: hasCt ? (host.boot?.max ?? null) : null,
    historicDrops: hasCt ? plan.historicDrops : 0, rotated: plan.rotatedLogs, nowMs, rng,
  });
  const jobs: Promise<void>[] = [
    writeEtc(root, plan),
    writeConntrack(root, plan),
    put(root, HOST_PATHS.osrelease, `${host.kernel}\n`),
    put(root, HOST_PATHS.uptime, formatUptime(plan.uptimeSeconds, host.cores)),
    put(root, HOST_PATHS.meminfo, formatMeminfo(host.memTotalKb, p.memAvailable, rng)),
    put(root, "proc/cpuinfo", formatCpuinfo(host.cores)),
    ...(p.cpuOnlineFile
      ? [put(root, HOST_PATHS.cpusOnline, formatCpuList(host.cores)), put(root, "sys/devices/system/cpu/possible", formatCpuList(host.cores))]
      : []),
    put(root, p.logFile, log.current, 0o640),
  ];
  if (log.rotated1 !== null) jobs.push(put(root, `${p.logFile}.1`, log.rotated1, 0o640));
  if (log.rotated2gz !== null) jobs.push(put(root, `${p.logFile}.2.gz`, log.rotated2gz, 0o640));
  await Promise.all(jobs);
  if (p.journal && opts.journal !== false) {
    initJournal(root, host.name);
    await appendJournal(root, host.name, log.messages);
  }
  const bootMs = nowMs - plan.uptimeSeconds * 1000;
  writeBootAnchor(root, bootMs);
  if (p.dmesgReadable) initRing(root, log.messages.filter((m) => m.atMs >= bootMs));
}
