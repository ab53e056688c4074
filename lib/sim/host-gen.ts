/**
 * Generates the simulated fleet's inventory: names, addresses, OS/kernel mix, sizes and limits.
 * Pure and deterministic for (count, specials, seed, port). The first hosts follow a fixed list so
 * that even a small fleet shows every kernel generation.
 */
import path from "node:path";
import { SIM_SUDO_USER } from "./accounts";
import { createRng, mixSeed, type Rng } from "./rng";
import { defaultBuckets, defaultMax, OS_PROFILES } from "./os-profiles";
import type { HostKind, OsId, SimHost } from "./types";

/** How the host's current nf_conntrack_max came about; decides what a simulated reboot restores. */
export type LimitOrigin =
  | "default" // kernel default, nothing configured
  | "persistent" // raised and persisted correctly (sysctl.d + modules-load.d, or sysctl.conf/rc.local)
  | "runtime" // raised with sysctl -w only: lost at reboot
  | "pitfall" // sysctl.d drop-in without modules-load.d: systemd-sysctl runs before the module loads
  | "kube-proxy";

export interface HostPlan {
  host: SimHost;
  uptimeSeconds: number;
  limitOrigin: LimitOrigin;
  /** Total drops since boot already in the counters (an old incident), 0 for most hosts. */
  historicDrops: number;
  rotatedLogs: boolean;
}

export const SPECIAL_COUNT = 5;

type Role = "web" | "api" | "db" | "cache" | "lb" | "k8s-node" | "mq" | "legacy-c5" | "legacy-c6" | "legacy-c7";

interface RoleSpec { cores: number[]; memGib: number[]; os: OsId[]; util: [number, number]; weight: number }

const ROLES: Record<Role, RoleSpec> = {
  web: { cores: [4, 8, 16], memGib: [8, 16, 32], os: ["debian12", "ubuntu2204", "rhel9", "centos7"], util: [0.15, 0.55], weight: 6 },
  api: { cores: [4, 8, 16], memGib: [8, 16, 32], os: ["debian12", "rhel8", "rhel9", "ubuntu2404"], util: [0.1, 0.5], weight: 5 },
  db: { cores: [16, 32, 64], memGib: [64, 128, 256, 512], os: ["rhel8", "rhel9", "debian12"], util: [0.05, 0.3], weight: 3 },
  cache: { cores: [4, 8, 16], memGib: [32, 64, 128], os: ["debian12", "ubuntu2204", "ubuntu2404"], util: [0.1, 0.45], weight: 3 },
  lb: { cores: [2, 4, 8], memGib: [4, 8, 16], os: ["debian12", "rhel9", "ubuntu2404"], util: [0.35, 0.7], weight: 2 },
  "k8s-node": { cores: [8, 16, 32], memGib: [32, 64, 128], os: ["ubuntu2204", "ubuntu2404", "debian12"], util: [0.1, 0.5], weight: 5 },
  mq: { cores: [8, 16], memGib: [16, 32], os: ["rhel9", "rhel8"], util: [0.1, 0.4], weight: 1 },
  "legacy-c5": { cores: [2, 4], memGib: [2, 4], os: ["centos5"], util: [0.3, 0.65], weight: 1 },
  "legacy-c6": { cores: [2, 4], memGib: [4, 8], os: ["centos6"], util: [0.3, 0.65], weight: 1 },
  "legacy-c7": { cores: [2, 4, 8], memGib: [4, 8], os: ["centos7"], util: [0.3, 0.7], weight: 1 },
};

/** The first hosts of every fleet: all kernel generations, some already near their limit. */
const LEAD: Array<[Role, OsId, number?]> = [
  ["web", "debian12"], ["db", "rhel9"], ["lb", "debian12", 0.7], ["k8s-node", "ubuntu2204"],
  ["legacy-c5", "centos5", 0.66], ["cache", "ubuntu2404"], ["legacy-c6", "centos6"], ["api", "rhel8"],
  ["legacy-c7", "centos7", 0.68], ["web", "ubuntu2204"], ["db", "rhel8"], ["k8s-node", "debian12"],
  ["mq", "rhel9"], ["web", "debian12"], ["api", "debian12"], ["cache", "debian12"],
  ["k8s-node", "ubuntu2404"], ["db", "debian12"], ["lb", "rhel9"], ["web", "centos7"],
];

/**
 * Privilege as a real fleet mixes it: lb-01 has no sudo at all; legacy-c5-01 is reached through an
 * unprivileged account with a NOPASSWD rule (`sudo: true`), so its polls, log reads and raises run
 * the non-root paths end to end; everything else logs in as root.
 */
const LEAD_WITHOUT_SUDO = 2;
const LEAD_SUDO_LOGIN = 4;

const REGIONS = ["eu-west", "eu-central", "us-east", "us-west", "ap-southeast"];

const SPECIALS: Array<{ name: string; kind: Exclude<HostKind, "normal">; os: OsId; role: string; region: string }> = [
  { name: "bastion-01", kind: "no-conntrack", os: "debian12", role: "bastion", region: "eu-west" },
  { name: "backup-01", kind: "unreachable", os: "rhel9", role: "backup", region: "us-east" },
  { name: "batch-01", kind: "blackhole", os: "ubuntu2204", role: "batch", region: "us-east" },
  { name: "ci-runner-01", kind: "hostkey", os: "ubuntu2204", role: "ci", region: "eu-west" },
  { name: "vault-01", kind: "auth", os: "rhel9", role: "security", region: "eu-central" },
];

/** Normal hosts count up from 127.0.10.1; specials sit in 127.0.9.0/24. 250 per /24 keeps .0/.255 free. */
export function normalAddress(index: number): string {
  return `127.0.${10 + Math.floor(index / 250)}.${1 + (index % 250)}`;
}

function pickRole(rng: Rng): Role {
  const entries = Object.entries(ROLES) as Array<[Role, RoleSpec]>;
  let r = rng.float(0, entries.reduce((a, [, s]) => a + s.weight, 0));
  for (const [role, spec] of entries) {
    r -= spec.weight;
    if (r < 0) return role;
  }
  return "web";
}

const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

function planLimits(rng: Rng, role: Role, os: OsId, cores: number, memKb: number) {
  const buckets = defaultBuckets(os, memKb);
  const bootMax = defaultMax(os, buckets);
  if (role === "k8s-node") {
    // kube-proxy: max(32768 x cores, 131072), raise only; hashsize = max/4 when smaller.
    const kube = Math.max(32768 * cores, 131072);
    const max = Math.max(bootMax, kube);
    return { max, buckets: Math.max(buckets, max / 4), boot: { max: bootMax, buckets, kubeProxyMax: kube }, origin: "kube-proxy" as const };
  }
  const r = rng.next();
  const profile = OS_PROFILES[os];
  const origin: LimitOrigin =
    r < 0.5 ? "default" : r < 0.72 ? "persistent" : r < 0.86 || !profile.systemd ? "runtime" : "pitfall";
  const max = origin === "default" ? bootMax : Math.min(nextPow2(bootMax * 2), 1048576);
  return { max, buckets, boot: { max: bootMax, buckets, kubeProxyMax: null }, origin };
}

export function generateHostPlans(opts: {
  count: number;
  specials: boolean;
  /** One more normal host, `v6-01`, on the IPv6 loopback address ::1 (not counted in `count`). */
  ipv6?: boolean;
  seed: number;
  port: number;
  hostsDir: string;
}): HostPlan[] {
  const specials = opts.specials ? SPECIALS.length : 0;
  if (opts.count < specials + 1) throw new Error(`hosts must be at least ${specials + 1} (${specials} special hosts)`);
  const rng = createRng(mixSeed(opts.seed, 0x5eed));
  const plans: HostPlan[] = [];
  const perRole = new Map<string, number>();
  const nameFor = (role: string): string => {
    const n = (perRole.get(role) ?? 0) + 1;
    perRole.set(role, n);
    return `${role}-${String(n).padStart(2, "0")}`;
  };
  for (let i = 0; i < opts.count - specials; i++) {
    const lead = LEAD[i];
    const role: Role = lead ? lead[0] : pickRole(rng);
    const spec = ROLES[role];
    const os = lead ? lead[1] : rng.pick(spec.os);
    const cores = rng.pick(spec.cores);
    const memTotalKb = rng.pick(spec.memGib) * 1024 * 1024 - rng.int(180_000, 420_000);
    const limits = planLimits(rng, role, os, cores, memTotalKb);
    const name = nameFor(role);
    const region = rng.pick(REGIONS);
    const util = lead?.[2] ?? rng.float(spec.util[0], spec.util[1]);
    const legacy = role.startsWith("legacy");
    // kube-proxy needs conntrack-tools, so k8s nodes have it; other Ubuntu hosts only sometimes.
    const tools = role === "k8s-node" || createRng(mixSeed(opts.seed, 0xc0, i)).chance(0.5);
    const statSource = OS_PROFILES[os].statHeader ? "procfs" : tools ? "conntrack-S" : null;
    plans.push({
      host: {
        name, address: normalAddress(i), port: opts.port, root: path.join(opts.hostsDir, name),
        kind: "normal", kernel: OS_PROFILES[os].kernel, os, cores, memTotalKb,
        tags: [legacy ? "legacy" : role === "k8s-node" ? "k8s" : role, region, OS_PROFILES[os].tag],
        boot: limits.boot, initialMax: limits.max, baseUtilization: Number(util.toFixed(3)), statSource,
        sudo: i === LEAD_WITHOUT_SUDO ? "absent" : "installed",
        ...(i === LEAD_SUDO_LOGIN ? { login: { user: SIM_SUDO_USER, sudo: true } } : {}),
      },
      uptimeSeconds: rng.int(2 * 3600, (legacy ? 900 : 400) * 86400) + rng.next(),
      limitOrigin: limits.origin,
      // The lead CentOS 6 host always has an old incident and rotated files: its `kernel: : ` history spans them.
      historicDrops: (rng.chance(0.25) ? rng.int(100, 50_000) : 0) || (lead !== undefined && os === "centos6" ? 20_000 : 0),
      rotatedLogs: rng.chance(0.35) || (lead !== undefined && os === "centos6"),
    });
  }
  if (opts.specials) {
    SPECIALS.forEach((s, j) => {
      const served = s.kind !== "unreachable" && s.kind !== "blackhole";
      const cores = 4;
      const memTotalKb = 8 * 1024 * 1024 - 250_000;
      const limits = s.kind === "no-conntrack" ? null : planLimits(rng, "web", s.os, cores, memTotalKb);
      plans.push({
        host: {
          name: s.name, address: `127.0.9.${j + 1}`, port: opts.port,
          root: served ? path.join(opts.hostsDir, s.name) : null,
          kind: s.kind, kernel: OS_PROFILES[s.os].kernel, os: s.os, cores, memTotalKb,
          tags: [s.role, s.region, OS_PROFILES[s.os].tag],
          boot: limits ? limits.boot : null, initialMax: limits ? limits.max : null, baseUtilization: 0.2,
          statSource: limits && OS_PROFILES[s.os].statHeader ? "procfs" : null,
        },
        uptimeSeconds: rng.int(86400, 90 * 86400) + rng.next(),
        limitOrigin: limits ? limits.origin : "default",
        historicDrops: 0,
        rotatedLogs: false,
      });
    });
  }
  if (opts.ipv6) {
    const cores = 4;
    const memTotalKb = 8 * 1024 * 1024 - 250_000;
    const limits = planLimits(rng, "web", "debian12", cores, memTotalKb);
    plans.push({
      host: {
        name: "v6-01", address: "::1", port: opts.port, root: path.join(opts.hostsDir, "v6-01"),
        kind: "normal", kernel: OS_PROFILES.debian12.kernel, os: "debian12", cores, memTotalKb,
        tags: ["web", "eu-west", OS_PROFILES.debian12.tag, "ipv6"],
        boot: limits.boot, initialMax: limits.max, baseUtilization: 0.3, statSource: "procfs",
      },
      uptimeSeconds: rng.int(86400, 90 * 86400) + rng.next(),
      limitOrigin: limits.origin,
      historicDrops: 0,
      rotatedLogs: false,
    });
  }
  return plans;
}
