/**
 * Kernel log lines as people pasted them, for the tests. Verbatim unless marked: "joined" means a
 * paste wrapped one line in two; "composed" means a header format and a message each seen for real,
 * put together because nobody pasted that combination. Host names are the pasters' (some redacted).
 */

/** Debian/Ubuntu kern.log, rsyslog imklog keeps the printk stamp (wballard/starphleet#352, 2018; joined). */
export const KERN_LOG_UBUNTU = "Feb 23 16:44:36 jobs kernel: [38775494.393661] nf_conntrack: table full, dropping packet";

/** Doubled prefix, partial line (canonical/hotsos#101, Ubuntu, 2021). */
export const HOTSOS_DOUBLED = "kernel: [1694413.644132] nf_conntrack: nf_conntrack: table full, dropping packet";

/** Gentoo kern.log, kernel ≥3.x: `net_ratelimit` wording, still the trailing dot (eifoo.baihongyu.com). */
export const GENTOO_KERN_LOG = [
  "Mar 26 21:53:50 Gentoo-2012 kernel: [974749.140915] net_ratelimit: 3606 callbacks suppressed",
  "Mar 26 21:53:50 Gentoo-2012 kernel: [974749.140918] nf_conntrack: table full, dropping packet.",
  "Mar 26 21:53:50 Gentoo-2012 kernel: [974749.144022] nf_conntrack: table full, dropping packet.",
  "Mar 26 21:53:50 Gentoo-2012 kernel: [974749.144031] nf_conntrack: table full, dropping packet.",
  "Mar 26 21:53:50 Gentoo-2012 kernel: [974749.144037] nf_conntrack: table full, dropping packet.",
];

/** RHEL /var/log/messages, no printk stamp: CentOS 6 and CentOS 8 (4.18, doubled) side by side (joined). */
export const MESSAGES_CENTOS6 = "Jul  8 09:51:16 centos6 kernel: nf_conntrack: table full, dropping packet.";
export const MESSAGES_CENTOS8 = "Jul  8 10:03:53 centos8 kernel: nf_conntrack: nf_conntrack: table full, dropping packet";

/** CentOS 6 (2.6.32) /var/log/messages: `__ratelimit` wording, printed before the next burst. */
export const MESSAGES_CENTOS6_RATELIMIT = [
  "Nov  4 11:35:48 localhost kernel: __ratelimit: 108 callbacks suppressed",
  "Nov  4 11:35:48 localhost kernel: nf_conntrack: table full, dropping packet.",
  "Nov  4 11:35:48 localhost kernel: nf_conntrack: table full, dropping packet.",
];

/** Alibaba Cloud ECS knowledge base, /var/log/messages (host redacted by the author). */
export const MESSAGES_ALIYUN = "Feb  6 16:05:07 i-*** kernel: nf_conntrack: table full, dropping packet.";

/** Cumulus Linux /var/log/syslog, rsyslog RFC 3339 stamps plus printk stamp (NVIDIA knowledge base). */
export const RFC3339_CUMULUS = [
  "2019-02-25T03:45:03.778502+00:00 hostname kernel: [20763743.334180] nf_conntrack: table full, dropping packet",
  "2019-02-25T03:45:03.785333+00:00 hostname kernel: [20763743.340564] nf_conntrack: table full, dropping packet",
  "2019-02-25T03:45:03.787758+00:00 hostname kernel: [20763743.343469] nf_conntrack: table full, dropping packet",
];

/** dmesg, 2.6.3x: dot and no-dot lines mixed, then `__ratelimit` (pc-freak.net blog). */
export const DMESG_PC_FREAK = [
  "[1737157.868338] nf_conntrack: table full, dropping packet.",
  "[1737157.969828] nf_conntrack: table full, dropping packet.",
  "[1737157.969928] nf_conntrack: table full, dropping packet",
  "[1737157.989828] nf_conntrack: table full, dropping packet",
  "[1737162.214084] __ratelimit: 83 callbacks suppressed",
];

/** dmesg, Ubuntu 12.04 / 3.2: the chunk starts with a suppressed line (itecnotes.com). */
export const DMESG_UBUNTU_1204 = [
  "[11458852.811070] net_ratelimit: 321 callbacks suppressed",
  "[11458852.811075] nf_conntrack: table full, dropping packet.",
  "[11458852.819957] nf_conntrack: table full, dropping packet.",
];

/** dmesg, doubled prefix; the flood paused 8.6 s before the suppressed line (Geek Time course notes). */
export const DMESG_DOUBLED_PAUSE = [
  "[104235.156774] nf_conntrack: nf_conntrack: table full, dropping packet",
  "[104243.800401] net_ratelimit: 3939 callbacks suppressed",
  "[104243.800401] nf_conntrack: nf_conntrack: table full, dropping packet",
];

/** dmesg, Linux 4.2, padded stamps and unrelated lines in between (openzfs/zfs#3748). */
export const DMESG_LINUX_42 = [
  "[   10.340913] xt_addrtype: ipv6 does not support BROADCAST matching",
  "[   10.810168] nf_conntrack: table full, dropping packet",
  "[   11.917416] r8169 0000:07:00.0 eth0: link up",
  "[   12.815902] nf_conntrack: table full, dropping packet",
];

/** Another net_ratelimit caller (tempesta-tech/tempesta#1763, dmesg). */
export const DMESG_TCP_OOM = "[  179.636034] TCP: out of memory -- consider tuning tcp_mem";

/** A suppressed line that belongs to nf_queue, not conntrack (ntop/ntopng#8284, Ubuntu 20.04 syslog). */
export const SYSLOG_NF_QUEUE = [
  "Mar 20 11:15:18 ntop kernel: [37007151.640388] nfnetlink_queue: nf_queue: full at 4096 entries, dropping packets(s)",
  "Mar 20 11:15:18 ntop kernel: [37007151.640391] nfnetlink_queue: nf_queue: full at 4096 entries, dropping packets(s)",
  "Mar 20 11:15:23 ntop kernel: [37007156.644446] net_ratelimit: 1018019 callbacks suppressed",
];

/** Expectation table (coolsnowwolf/lede#10625): the dmesg part of OpenWrt logread lines. */
export const DMESG_EXPECT = [
  "[36573.388383] nf_conntrack: expectation table full",
  "[36577.575635] net_ratelimit: 47 callbacks suppressed",
  "[36577.575637] nf_conntrack: expectation table full",
];

/** `dmesg -T` on CentOS 7.2 / 3.10 (kubernetes/kubernetes#71261). */
export const DMESG_CTIME = [
  "[Tue Nov 20 22:30:22 2018] nf_conntrack: table full, dropping packet",
  "[Tue Nov 20 22:30:27 2018] nf_conntrack: table full, dropping packet",
];

/** RHEL 6 dmesg has no printk stamps (CONFIG_PRINTK_TIME off): untimeable (s905060/sre-handbook). */
export const DMESG_RHEL6_NO_STAMP = "nf_conntrack: table full, dropping packet.";

/** `dmesg --time-format iso`, util-linux 2.39 (util-linux/util-linux#2648): comma before the µs. */
export const DMESG_ISO_VETH = "2023-12-22T12:26:24,559615-08:00 device vethab20cf5 entered promiscuous mode";

/** OpenVZ kernels name the container (techytrois.com; the author redacted the id as xxx). */
export const OPENVZ_MESSAGE = "ip_conntrack: VPS xxx table full, dropping packet.";

/** security.stackexchange #43205: a paste cut mid-word, which must not count. */
export const TRUNCATED_RATELIMIT = "__ratelimit: 15812 callbacks suppresse";

/** Ubuntu UFW packet log (LOG target), RFC 3339 kern.log (a lab write-up). */
export const UFW_BLOCK =
  "2026-03-20T14:49:24.202833+00:00 lab-defender kernel: [UFW BLOCK] IN=enp0s3 OUT= SRC=172.20.10.4 DST=172.20.10.2 PROTO=TCP SPT=56395 DPT=135 SYN";

/** Userspace mentioning conntrack in /var/log/messages: message verbatim, header composed. */
export const SYSCTL_USERSPACE =
  "Jul  8 10:03:50 centos8 systemd-sysctl[705]: Couldn't write '1048576' to 'net/netfilter/nf_conntrack_max', ignoring: No such file or directory";

/** Module load banner, a kernel line that is not an event (grep of /var/log/messages; header composed). */
export const CONNTRACK_BANNER = "Jul  8 10:03:51 centos8 kernel: nf_conntrack version 0.5.0 (16384 buckets, 65536 max)";

/** Netns variant from v6.18 source (`table full in netns %u`), nobody has pasted one yet; the inode
 * number is one nhorman/dropwatch#75 printed for a container netns. */
export const NETNS_MESSAGE = "nf_conntrack: nf_conntrack: table full in netns 4026532536, dropping packet";
