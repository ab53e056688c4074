/**
 * The one command a poll runs on a host. It is a fixed string: nothing from the fleet file,
 * a host name or a user ever reaches it.
 *
 * One `head -v` reads every file in a single process and labels each with `==> path <==`;
 * missing files (module not loaded, legacy kernel, no procfs stats) are simply absent from the
 * output. Reading files rather than running `nproc`/`uname` keeps one process per poll and
 * answers for the host's own view (containers, chroots) rather than the kernel's.
 * The trailing marker proves the output was not cut short.
 */

/** Modern nf_conntrack (2.6.15+). */
export const NF_PATHS = {
  count: "/proc/sys/net/netfilter/nf_conntrack_count",
  max: "/proc/sys/net/netfilter/nf_conntrack_max",
  buckets: "/proc/sys/net/netfilter/nf_conntrack_buckets",
  hashsize: "/sys/module/nf_conntrack/parameters/hashsize",
  stat: "/proc/net/stat/nf_conntrack",
} as const;

/** The pre-2.6.20 ip_conntrack module (CentOS 5); CentOS 6 keeps these as aliases. */
export const IP_PATHS = {
  count: "/proc/sys/net/ipv4/netfilter/ip_conntrack_count",
  max: "/proc/sys/net/ipv4/netfilter/ip_conntrack_max",
  buckets: "/proc/sys/net/ipv4/netfilter/ip_conntrack_buckets",
  hashsize: "/sys/module/ip_conntrack/parameters/hashsize",
  stat: "/proc/net/stat/ip_conntrack",
} as const;

export const HOST_PATHS = {
  osrelease: "/proc/sys/kernel/osrelease",
  uptime: "/proc/uptime",
  meminfo: "/proc/meminfo",
  cpusOnline: "/sys/devices/system/cpu/online",
} as const;

export const END_MARKER = "==> @end <==";

export const COLLECT_PATHS: readonly string[] = [
  ...Object.values(NF_PATHS),
  ...Object.values(IP_PATHS),
  ...Object.values(HOST_PATHS),
];

/** Lines per file: enough for the per-CPU stat file of a 4096-CPU host (the reader uses the same bound). */
export const MAX_LINES = 4200;

export const COLLECT_COMMAND =
  `LC_ALL=C head -v -n ${MAX_LINES} -- ${COLLECT_PATHS.join(" ")} 2>/dev/null; echo '${END_MARKER}'`;

/**
 * Prefix for a program that needs root on a host configured with `sudo: true`: `sudo -n`, never a
 * password prompt that would hang the channel.
 */
export function asRoot(sudo: boolean): string {
  return sudo ? "sudo -n " : "";
}

/** Section holding `conntrack -S` output, for kernels without /proc/net/stat/nf_conntrack. */
export const CONNTRACK_S_SECTION = "@conntrack-S";

/**
 * The poll command for a host whose kernel has no procfs conntrack statistics: the same read plus
 * `conntrack -S` (netlink; needs root, hence `sudo -n` where the host is configured for it).
 */
export function collectCommandWithNetlinkStats(sudo: boolean): string {
  return (
    `LC_ALL=C head -v -n ${MAX_LINES} -- ${COLLECT_PATHS.join(" ")} 2>/dev/null; ` +
    `echo '==> ${CONNTRACK_S_SECTION} <=='; ${asRoot(sudo)}conntrack -S 2>/dev/null; echo '${END_MARKER}'`
  );
}
