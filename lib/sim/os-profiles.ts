/**
 * What each simulated OS/kernel generation looks like from the files the dashboard reads.
 * Every difference here is one a real fleet shows and a parser has to survive.
 */
import { NETLINK_COLUMNS_1_4_6, NETLINK_COLUMNS_1_4_8 } from "./conntrack-s-file";
import type { OsId } from "./types";

/** 6.x (after `delete_list` became `chainlength`). Kernel prints two spaces after entries and icmp_error. */
export const STAT_HEADER_6X =
  "entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart";
/** 5.10-5.14: `searched` already renamed `clashres`, `delete_list` not yet renamed. */
export const STAT_HEADER_5_10 =
  "entries  clashres found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart";
/** 2.6.29-5.9 (search_restart arrived with SLAB_DESTROY_BY_RCU). */
export const STAT_HEADER_4X =
  "entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart";
/** 2.6.18 ip_conntrack: no search_restart, and every data line ends in a stray space. */
export const STAT_HEADER_2_6_18 =
  "entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete";

export type LogStyle =
  /** `Nov 25 17:53:40 web-01 kernel: [12345.678901] msg` (rsyslog imklog, CONFIG_PRINTK_TIME). */
  | "classic-uptime"
  /** `Nov 25 17:53:40 db-01 kernel: msg` (RHEL rsyslog via imjournal, or old kernels without printk time). */
  | "classic"
  /** `2024-11-25T17:53:40.123456+00:00 k8s-node-01 kernel: msg` (Ubuntu 24.04 rsyslog default). */
  | "rfc3339"
  /**
   * `Jul  4 03:47:16 centos kernel: : msg`: the empty tag of CentOS 5/6 syslog, as in the line every
   * write-up of this error quotes (see lib/kernel-log/line-header.ts).
   */
  | "classic-empty-tag";

export interface OsProfile {
  id: OsId;
  tag: string;
  kernel: string;
  module: "nf_conntrack" | "ip_conntrack";
  /** Null: kernel built without CONFIG_NF_CONNTRACK_PROCFS (Ubuntu), so no /proc/net/stat file. */
  statHeader: string | null;
  statTrailingSpace: boolean;
  /** Counters `conntrack -S` prints on this OS (its conntrack-tools version), when installed. */
  netlinkColumns: string[];
  /** CentOS 6 keeps the ip_conntrack_* sysctl aliases and /proc/net/stat/ip_conntrack next to nf_*. */
  legacyAliases: boolean;
  /** Default nf_conntrack_max = factor x buckets. */
  maxFactor: number;
  logFile: "var/log/kern.log" | "var/log/messages";
  logStyle: LogStyle;
  tableFull: string;
  suppressed: (n: number) => string;
  systemd: boolean;
  /**
   * A persistent journal in /var/log/journal next to the syslog file (rsyslog reads from journald):
   * Ubuntu and EL9 keep one by default. EL7/8 keep theirs in /run (volatile) and are simulated without.
   */
  journal: boolean;
  /**
   * The ring buffer is readable without root: kernels before dmesg_restrict (2.6.37) let every user
   * run dmesg. Elsewhere the simulated dmesg refuses, like a host with kernel.dmesg_restrict = 1.
   */
  dmesgReadable: boolean;
  /**
   * The conntrack slab in /proc/slabinfo (root-only): its cache name (per-netns `nf_conntrack_<addr>`
   * caches before 4.x) and object size, which is what one table entry costs.
   */
  slab: { cache: string; objsize: number };
  sysctlD: boolean;
  /** /sys/devices/system/cpu/online (and `possible`); 2.6.18 has neither, only /proc/cpuinfo. */
  cpuOnlineFile: boolean;
  memAvailable: boolean;
  osRelease: { name: string; id: string; versionId: string; pretty: string } | null;
  redhatRelease: string | null;
  debianVersion: string | null;
}

const DOUBLED = "nf_conntrack: nf_conntrack: table full, dropping packet";
const netRatelimit = (n: number): string => `net_ratelimit: ${n} callbacks suppressed`;

export const OS_PROFILES: Record<OsId, OsProfile> = {
  debian12: {
    id: "debian12", tag: "debian12", kernel: "6.1.0-28-amd64", module: "nf_conntrack",
    statHeader: STAT_HEADER_6X, statTrailingSpace: false, netlinkColumns: NETLINK_COLUMNS_1_4_8, legacyAliases: false, maxFactor: 1,
    logFile: "var/log/kern.log", logStyle: "classic-uptime", tableFull: DOUBLED, suppressed: netRatelimit,
    systemd: true, journal: false, dmesgReadable: false, slab: { cache: "nf_conntrack", objsize: 256 }, sysctlD: true, cpuOnlineFile: true, memAvailable: true,
    osRelease: { name: "Debian GNU/Linux", id: "debian", versionId: "12", pretty: "Debian GNU/Linux 12 (bookworm)" },
    redhatRelease: null, debianVersion: "12.8",
  },
  ubuntu2204: {
    id: "ubuntu2204", tag: "ubuntu22.04", kernel: "5.15.0-126-generic", module: "nf_conntrack",
    statHeader: null, statTrailingSpace: false, netlinkColumns: NETLINK_COLUMNS_1_4_6, legacyAliases: false, maxFactor: 1,
    logFile: "var/log/kern.log", logStyle: "classic-uptime", tableFull: DOUBLED, suppressed: netRatelimit,
    systemd: true, journal: true, dmesgReadable: false, slab: { cache: "nf_conntrack", objsize: 320 }, sysctlD: true, cpuOnlineFile: true, memAvailable: true,
    osRelease: { name: "Ubuntu", id: "ubuntu", versionId: "22.04", pretty: "Ubuntu 22.04.5 LTS" },
    redhatRelease: null, debianVersion: "bookworm/sid",
  },
  ubuntu2404: {
    id: "ubuntu2404", tag: "ubuntu24.04", kernel: "6.8.0-49-generic", module: "nf_conntrack",
    statHeader: null, statTrailingSpace: false, netlinkColumns: NETLINK_COLUMNS_1_4_8, legacyAliases: false, maxFactor: 1,
    logFile: "var/log/kern.log", logStyle: "rfc3339", tableFull: DOUBLED, suppressed: netRatelimit,
    systemd: true, journal: true, dmesgReadable: false, slab: { cache: "nf_conntrack", objsize: 256 }, sysctlD: true, cpuOnlineFile: true, memAvailable: true,
    osRelease: { name: "Ubuntu", id: "ubuntu", versionId: "24.04", pretty: "Ubuntu 24.04.1 LTS" },
    redhatRelease: null, debianVersion: "trixie/sid",
  },
  rhel9: {
    id: "rhel9", tag: "rhel9", kernel: "5.14.0-503.15.1.el9_5.x86_64", module: "nf_conntrack",
    statHeader: STAT_HEADER_5_10, statTrailingSpace: false, netlinkColumns: NETLINK_COLUMNS_1_4_8, legacyAliases: false, maxFactor: 4,
    logFile: "var/log/messages", logStyle: "classic", tableFull: DOUBLED, suppressed: netRatelimit,
    systemd: true, journal: true, dmesgReadable: false, slab: { cache: "nf_conntrack", objsize: 320 }, sysctlD: true, cpuOnlineFile: true, memAvailable: true,
    osRelease: { name: "Rocky Linux", id: "rocky", versionId: "9.5", pretty: "Rocky Linux 9.5 (Blue Onyx)" },
    redhatRelease: "Rocky Linux release 9.5 (Blue Onyx)", debianVersion: null,
  },
  rhel8: {
    id: "rhel8", tag: "rhel8", kernel: "4.18.0-553.30.1.el8_10.x86_64", module: "nf_conntrack",
    statHeader: STAT_HEADER_4X, statTrailingSpace: false, netlinkColumns: NETLINK_COLUMNS_1_4_8, legacyAliases: false, maxFactor: 4,
    logFile: "var/log/messages", logStyle: "classic", tableFull: DOUBLED, suppressed: netRatelimit,
    systemd: true, journal: false, dmesgReadable: false, slab: { cache: "nf_conntrack", objsize: 320 }, sysctlD: true, cpuOnlineFile: true, memAvailable: true,
    osRelease: { name: "Red Hat Enterprise Linux", id: "rhel", versionId: "8.10", pretty: "Red Hat Enterprise Linux 8.10 (Ootpa)" },
    redhatRelease: "Red Hat Enterprise Linux release 8.10 (Ootpa)", debianVersion: null,
  },
  centos7: {
    id: "centos7", tag: "centos7", kernel: "3.10.0-1160.119.1.el7.x86_64", module: "nf_conntrack",
    statHeader: STAT_HEADER_4X, statTrailingSpace: false, netlinkColumns: NETLINK_COLUMNS_1_4_8, legacyAliases: false, maxFactor: 4,
    logFile: "var/log/messages", logStyle: "classic", tableFull: "nf_conntrack: table full, dropping packet",
    suppressed: netRatelimit, systemd: true, journal: false, dmesgReadable: false, slab: { cache: "nf_conntrack_ffffffff81b1d8c0", objsize: 320 }, sysctlD: true, cpuOnlineFile: true, memAvailable: true,
    osRelease: { name: "CentOS Linux", id: "centos", versionId: "7", pretty: "CentOS Linux 7 (Core)" },
    redhatRelease: "CentOS Linux release 7.9.2009 (Core)", debianVersion: null,
  },
  centos6: {
    id: "centos6", tag: "centos6", kernel: "2.6.32-754.35.1.el6.x86_64", module: "nf_conntrack",
    statHeader: STAT_HEADER_4X, statTrailingSpace: false, netlinkColumns: NETLINK_COLUMNS_1_4_8, legacyAliases: true, maxFactor: 4,
    logFile: "var/log/messages", logStyle: "classic-empty-tag", tableFull: "nf_conntrack: table full, dropping packet.",
    // 2.6.32 printed the name of the ratelimit helper itself, not of its caller.
    suppressed: (n) => `__ratelimit: ${n} callbacks suppressed`,
    // Hardened as CIS benchmarks for EL6 ask (kernel.dmesg_restrict = 1, backported to 2.6.32): the
    // kernel log comes from /var/log/messages, in its `kernel: : ` shape, on every read.
    systemd: false, journal: false, dmesgReadable: false, slab: { cache: "nf_conntrack_ffffffff81b2e8c0", objsize: 312 }, sysctlD: false, cpuOnlineFile: true, memAvailable: false,
    osRelease: null, redhatRelease: "CentOS release 6.10 (Final)", debianVersion: null,
  },
  centos5: {
    id: "centos5", tag: "centos5", kernel: "2.6.18-419.el5", module: "ip_conntrack",
    statHeader: STAT_HEADER_2_6_18, statTrailingSpace: true, netlinkColumns: NETLINK_COLUMNS_1_4_8, legacyAliases: false, maxFactor: 8,
    logFile: "var/log/messages", logStyle: "classic", tableFull: "ip_conntrack: table full, dropping packet.",
    suppressed: (n) => `printk: ${n} messages suppressed.`,
    systemd: false, journal: false, dmesgReadable: true, slab: { cache: "ip_conntrack", objsize: 232 }, sysctlD: false, cpuOnlineFile: false, memAvailable: false,
    osRelease: null, redhatRelease: "CentOS release 5.11 (Final)", debianVersion: null,
  },
};

/** Kernel default hash size for a RAM size (nf_conntrack_init_start; thresholds changed over time). */
export function defaultBuckets(os: OsId, memKb: number): number {
  const gib = memKb / (1024 * 1024);
  switch (os) {
    case "debian12":
    case "ubuntu2204":
    case "ubuntu2404":
      return gib > 4 ? 262144 : gib > 1 ? 65536 : 16384;
    case "rhel9":
    case "rhel8":
      return gib > 4 ? 65536 : 16384;
    case "centos7":
    case "centos6":
      return 16384;
    case "centos5":
      return 8192;
  }
}

export function defaultMax(os: OsId, buckets: number): number {
  return OS_PROFILES[os].maxFactor * buckets;
}
