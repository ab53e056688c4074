/**
 * Kernel-log lines from public sources, verbatim, for the table-driven corpus test. Each paste keeps
 * the address it was read from and the shape its daemon wrote. Where a paste wrapped one line in two,
 * it is joined (noted). Nothing here is composed: lines built from a real header and a real message live
 * in real-world-lines.ts and the shape tests, marked as such.
 *
 * Where two sources disagree on what the message is, the comment says which showed which.
 */

export type CorpusShape =
  /** sysklogd/rsyslog of RHEL 5/6 with the empty tag: `host kernel: : msg` (see line-header.ts). */
  | "rhel-empty-tag"
  /** rsyslog/sysklogd classic stamp, imklog keeps the printk stamp: `host kernel: [12.345678] msg`. */
  | "syslog-printk"
  /** classic stamp, no printk stamp (RHEL rsyslog; any userspace line). */
  | "syslog-plain"
  /** busybox syslogd without a host name: `Jul  3 10:07:53 kernel: msg` (Asuswrt). */
  | "busybox-nohost"
  /** OpenWrt logread: ctime with year, facility.priority, no host. */
  | "logread"
  /** rsyslog high-precision RFC 3339 stamp (RSYSLOG_FileFormat). */
  | "rsyslog-rfc3339"
  /** rsyslog RFC 5424 to a file (RSYSLOG_SyslogProtocol23Format without the PRI): `host kernel - - - msg`. */
  | "rfc5424-file"
  /** journalctl default `short` output. */
  | "journal-short"
  /** journalctl -o export, one entry. */
  | "journal-export"
  /** raw dmesg `[seconds since boot]`. */
  | "dmesg-raw"
  /** dmesg -T. */
  | "dmesg-ctime"
  /** dmesg --time-format iso. */
  | "dmesg-iso"
  /** Only the message survived the paste (`kernel: msg`, `host kernel: msg` or the bare message). */
  | "fragment";

/** `table_full`, `expect_full`, `suppressed:N` for the kernel line it is, `ignored` for every other line. */
export type CorpusExpect = "table_full" | "expect_full" | `suppressed:${number}` | "ignored";

export interface CorpusPaste {
  source: string;
  shape: CorpusShape;
  /** What the paste says about the host; the year for year-less stamps when the page gives one. */
  note: string;
  /** Year of the paste, for classic stamps that have none. */
  year?: number;
  lines: Array<[line: string, expect: CorpusExpect]>;
}

export const CORPUS: CorpusPaste[] = [
  {
    // The line that started this product. Quoted in issue 10 and DOMAIN.md; the post is a Jekyll blog
    // page ("How to Fix Nf_conntrack Table Full Dropping Packet", dated 2016-07-04) in the GitHub code index.
    source: "Jekyll post 'How to Fix Nf_conntrack Table Full Dropping Packet' (2016-07-04), as quoted in issue 10",
    shape: "rhel-empty-tag", note: "CentOS, /var/log/kern; no trailing dot", year: 2016,
    lines: [
      ["Jul  4 03:47:16 centos kernel: : nf_conntrack: table full, dropping packet", "table_full"],
      ["Jul  4 03:47:16 centos kernel: : nf_conntrack: table full, dropping packet", "table_full"],
    ],
  },
  {
    source: "https://github.com/wballard/starphleet/pull/352",
    shape: "syslog-printk", note: "Ubuntu kern.log; each line wrapped in two by the paste (joined)", year: 2018,
    lines: [
      ["Feb 23 16:44:36 jobs kernel: [38775494.393661] nf_conntrack: table full, dropping packet", "table_full"],
      ["Feb 23 16:44:36 jobs kernel: [38775494.494836] nf_conntrack: table full, dropping packet", "table_full"],
      ["Feb 23 16:44:36 jobs kernel: [38775494.495169] nf_conntrack: table full, dropping packet", "table_full"],
      ["Feb 23 16:44:36 jobs kernel: [38775494.495196] nf_conntrack: table full, dropping packet", "table_full"],
    ],
  },
  {
    source: "https://github.com/wballard/starphleet/pull/352",
    shape: "fragment", note: "the paste's first line, cut inside the host name",
    lines: [["obs kernel: [38775494.392631] nf_conntrack: table full, dropping packet", "table_full"]],
  },
  {
    source: "https://github.com/canonical/hotsos/issues/101",
    shape: "fragment", note: "Ubuntu, doubled prefix",
    lines: [["kernel: [1694413.644132] nf_conntrack: nf_conntrack: table full, dropping packet", "table_full"]],
  },
  {
    source: "https://docs.nvidia.com/networking-ethernet-software/knowledge-base/Configuration-and-Usage/Administration/hostname-kernel-nf-conntrack-table-full-dropping-packet-error/",
    shape: "rsyslog-rfc3339", note: "Cumulus Linux 3 /var/log/syslog",
    lines: [
      ["2019-02-25T03:45:03.778502+00:00 hostname kernel: [20763743.334180] nf_conntrack: table full, dropping packet", "table_full"],
      ["2019-02-25T03:45:03.785333+00:00 hostname kernel: [20763743.340564] nf_conntrack: table full, dropping packet", "table_full"],
      ["2019-02-25T03:45:03.787758+00:00 hostname kernel: [20763743.343469] nf_conntrack: table full, dropping packet", "table_full"],
    ],
  },
  {
    // Dot and no dot within one second of one dmesg: the printk() line (2.6.2x–3.2) ends in a dot,
    // net_warn_ratelimited() (3.x) dropped it; one kernel printing both is what this paste shows.
    source: "http://www.pc-freak.net/blog/resolving-nf_conntrack-table-full-dropping-packet-flood-message-in-dmesg-linux-kernel-log/",
    shape: "dmesg-raw", note: "Xen/OpenVZ hosts, 2012",
    lines: [
      ["[1737157.057528] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[1737157.160357] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[1737157.260534] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[1737157.361837] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[1737157.462305] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[1737157.564270] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[1737157.666836] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[1737157.767348] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[1737157.868338] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[1737157.969828] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[1737157.969928] nf_conntrack: table full, dropping packet", "table_full"],
      ["[1737157.989828] nf_conntrack: table full, dropping packet", "table_full"],
      ["[1737162.214084] __ratelimit: 83 callbacks suppressed", "suppressed:83"],
    ],
  },
  {
    source: "https://itecnotes.com/server/ubuntu-nf_conntrack-complaints-in-dmesg/",
    shape: "dmesg-raw", note: "Ubuntu 12.04, 3.2.0-24: net_ratelimit wording, printk() dot",
    lines: [
      ["[11458852.811070] net_ratelimit: 321 callbacks suppressed", "suppressed:321"],
      ["[11458852.811075] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[11458852.819957] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[11458852.821083] nf_conntrack: table full, dropping packet.", "table_full"],
      ["[11458852.822195] nf_conntrack: table full, dropping packet.", "table_full"],
    ],
  },
  {
    source: "https://github.com/kubernetes/kubernetes/issues/71261",
    shape: "dmesg-ctime", note: "CentOS 7.2, 3.10",
    lines: [
      ["[Tue Nov 20 22:30:22 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Tue Nov 20 22:30:27 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Tue Nov 20 22:30:27 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Tue Nov 20 22:30:27 2018] nf_conntrack: table full, dropping packet", "table_full"],
    ],
  },
  {
    source: "https://github.com/ringtail/snout/issues/8",
    shape: "dmesg-ctime", note: "container host, 2018: a whole 5 s window",
    lines: [
      ["[Mon Apr 23 10:58:07 2018] net_ratelimit: 5988 callbacks suppressed", "suppressed:5988"],
      ["[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet", "table_full"],
      ["[Mon Apr 23 10:58:12 2018] net_ratelimit: 6464 callbacks suppressed", "suppressed:6464"],
    ],
  },
  {
    source: "https://github.com/openzfs/zfs/issues/3748",
    shape: "dmesg-raw", note: "Linux 4.2, quoted from netfilter commit 9cf94ea: a count wrap-around, not a full table",
    lines: [
      ["[   10.340913] xt_addrtype: ipv6 does not support BROADCAST matching", "ignored"],
      ["[   10.810168] nf_conntrack: table full, dropping packet", "table_full"],
      ["[   11.917416] r8169 0000:07:00.0 eth0: link up", "ignored"],
      ["[   11.917438] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready", "ignored"],
      ["[   12.815902] nf_conntrack: table full, dropping packet", "table_full"],
      ["[   15.688561] nf_conntrack: table full, dropping packet", "table_full"],
    ],
  },
  {
    source: "https://github.com/gnuton/asuswrt-merlin.ng/issues/207",
    shape: "busybox-nohost", note: "TUF AX-5400 router syslog, no host name", year: 2022,
    lines: [
      ["Jul  3 10:07:53 kernel: nf_conntrack: expectation table full", "expect_full"],
      ["Jul  3 10:07:56 kernel: nf_conntrack: expectation table full", "expect_full"],
      ["Jul  3 10:08:00 kernel: nf_conntrack: expectation table full", "expect_full"],
    ],
  },
  {
    source: "https://github.com/Ysurac/openmptcprouter/issues/1885",
    shape: "logread", note: "OpenWrt logread on a Raspberry Pi",
    lines: [
      ["Sun Jun  6 16:14:22 2021 kern.warn kernel: [  129.271849] Mem-Info:", "ignored"],
      ["Sun Jun  6 16:14:22 2021 kern.warn kernel: [  129.245393] Exception stack(0xe2fbffa8 to 0xe2fbfff0)", "ignored"],
    ],
  },
  {
    source: "https://bugzilla.kernel.org/show_bug.cgi?id=216851",
    shape: "rfc5424-file", note: "btrfs report forwarded to linux-btrfs (rsyslog protocol-23 format in a file)",
    lines: [
      ["2022-12-26T07:44:45.000000+01:00 server02 kernel - - - BTRFS info (device sda2: state EAL): forced readonly", "ignored"],
      ["2022-12-26T07:44:45.000000+01:00 server02 kernel - - - BTRFS warning (device sda2: state EAL): Skipping commit of aborted transaction.", "ignored"],
    ],
  },
  {
    source: "https://github.com/systemd/systemd/issues/4189",
    shape: "journal-short", note: "Debian jessie, journalctl --since yesterday", year: 2016,
    lines: [
      ["Sep 26 11:51:36 learner kernel: PM: Suspending system (mem)", "ignored"],
      ["Sep 26 11:51:36 learner kernel: sd 0:0:0:0: [sda] Stopping disk", "ignored"],
    ],
  },
  {
    source: "https://github.com/systemd/systemd/issues/16202",
    shape: "journal-export", note: "systemd 245; the paste lost the binary _SELINUX_CONTEXT field's length bytes",
    lines: [[[
      "__CURSOR=s=f5edef76263d4773a34aa394faa1badc;i=17623;b=c77cddb06b0340ee9ccfdc3db56bd4e7;m=2a80142358;t=5a8457dd99b34;x=289ac07c2d98ea45",
      "__REALTIME_TIMESTAMP=1592391301176116", "__MONOTONIC_TIMESTAMP=182537429848", "_BOOT_ID=c77cddb06b0340ee9ccfdc3db56bd4e7",
      "_UID=0", "_GID=0", "_CAP_EFFECTIVE=3fffffffff", "_SELINUX_CONTEXT", "", "unconfined", "",
      "_MACHINE_ID=1953ab44d65e401dabb882d9329b7095", "_HOSTNAME=nas", "PRIORITY=6", "_TRANSPORT=syslog", "SYSLOG_FACILITY=10",
      "SYSLOG_IDENTIFIER=CRON", "_COMM=cron", "_EXE=/usr/sbin/cron", "_CMDLINE=/usr/sbin/CRON -f", "_AUDIT_LOGINUID=0",
      "_SYSTEMD_CGROUP=/system.slice/cron.service", "_SYSTEMD_UNIT=cron.service", "_SYSTEMD_SLICE=system.slice",
      "_SYSTEMD_INVOCATION_ID=579acfdd843a48a9be6dc097f4071bd3", "MESSAGE=pam_unix(cron:session): session closed for user root",
      "SYSLOG_PID=350359", "SYSLOG_TIMESTAMP=Jun 17 12:55:01 ", "_PID=350359", "_AUDIT_SESSION=527",
      "_SOURCE_REALTIME_TIMESTAMP=1592391301175759", "",
    ].join("\n"), "ignored"]],
  },
  {
    source: "https://github.com/ntop/ntopng/issues/8284",
    shape: "syslog-printk", note: "Ubuntu 20.04 syslog: nf_queue's drops, then the shared ratelimit's summary", year: 2024,
    lines: [
      ["Mar 20 11:15:18 ntop kernel: [37007151.640388] nfnetlink_queue: nf_queue: full at 4096 entries, dropping packets(s)", "ignored"],
      ["Mar 20 11:15:18 ntop kernel: [37007151.640391] nfnetlink_queue: nf_queue: full at 4096 entries, dropping packets(s)", "ignored"],
      ["Mar 20 11:15:23 ntop kernel: [37007156.644446] net_ratelimit: 1018019 callbacks suppressed", "suppressed:1018019"],
    ],
  },
  {
    source: "https://github.com/coolsnowwolf/lede/issues/10625",
    shape: "dmesg-raw", note: "OpenWrt, the dmesg part of logread lines",
    lines: [
      ["[36573.388383] nf_conntrack: expectation table full", "expect_full"],
      ["[36577.575635] net_ratelimit: 47 callbacks suppressed", "suppressed:47"],
      ["[36577.575637] nf_conntrack: expectation table full", "expect_full"],
    ],
  },
  {
    source: "https://security.stackexchange.com/questions/43205/nf-conntrack-table-full-dropping-packet",
    shape: "fragment", note: "/var/log/messages under DoS; the second line is cut mid-word and must not count",
    lines: [
      ["kernel: nf_conntrack: table full, dropping packet.", "table_full"],
      ["kernel: __ratelimit: 15812 callbacks suppresse", "ignored"],
    ],
  },
  {
    // OpenVZ's ip_conntrack names the container; the author replaced its id with xxx.
    source: "https://techytrois.com/?p=2192",
    shape: "fragment", note: "OpenVZ host /var/log/messages",
    lines: [["host kernel: ip_conntrack: VPS xxx table full, dropping packet.", "table_full"]],
  },
  {
    source: "https://devopsaitoolkit.com/blog/linux-error-nf-conntrack-table-full/",
    shape: "fragment", note: "doubled prefix with net_ratelimit, stamps cut off",
    lines: [
      ["kernel: nf_conntrack: nf_conntrack: table full, dropping packet", "table_full"],
      ["kernel: net_ratelimit: 4063 callbacks suppressed", "suppressed:4063"],
      ["kernel: nf_conntrack: nf_conntrack: table full, dropping packet", "table_full"],
    ],
  },
  {
    source: "https://github.com/s905060/site-reliability-engineer-handbook/blob/HEAD/centos_nf_conntrack__table_full,_dropping_packet.md",
    shape: "fragment", note: "CentOS 6.3 (2.6.32-279) dmesg without printk time",
    lines: [["nf_conntrack: table full, dropping packet.", "table_full"]],
  },
  {
    source: "https://github.com/kubernetes/kubernetes/issues/72472",
    shape: "fragment", note: "96-core node: the table is allocated with vmalloc, not full",
    lines: [["nf_conntrack: falling back to vmalloc.", "ignored"]],
  },
  {
    source: "https://github.com/firehol/firehol/issues/241",
    shape: "fragment", note: "Debian 9 dmesg (two spaces after CT-based, as pasted)",
    lines: [["nf_conntrack: default automatic helper assignment has been turned off for security reasons and CT-based  firewall rule not found. Use the iptables CT target to attach helpers instead.", "ignored"]],
  },
  {
    source: "https://github.com/hanwckf/rt-n56u/issues/759",
    shape: "fragment", note: "K2P router log",
    lines: [
      ["kernel: nf_conntrack: automatic helper assignment is deprecated and it will be removed soon. Use the iptables CT target to attach helpers instead.", "ignored"],
      [" kernel: conntrack: generic helper won't handle protocol 47. Please consider loading the specific helper module.", "ignored"],
    ],
  },
  {
    source: "https://github.com/mrash/fwknop/issues/106",
    shape: "syslog-plain", note: "a daemon's line that quotes the kernel's conntrack text", year: 2013,
    lines: [["Oct 16 00:11:06 clu fwknopd[6994]: Removed rule 1 from FWKNOP_INPUT with expire :nf_conntrack: automatic helper assignment is deprecated and it will be removed soon. Use the iptables CT target to attach helpers instead.", "ignored"]],
  },
  {
    source: "https://github.com/tempesta-tech/tempesta/issues/1763",
    shape: "dmesg-raw", note: "another net_ratelimit() caller",
    lines: [["[  179.636034] TCP: out of memory -- consider tuning tcp_mem", "ignored"]],
  },
  {
    source: "https://github.com/util-linux/util-linux/issues/2648",
    shape: "dmesg-iso", note: "util-linux 2.39, comma before the microseconds",
    lines: [["2023-12-22T12:26:24,559615-08:00 device vethab20cf5 entered promiscuous mode", "ignored"]],
  },
];
