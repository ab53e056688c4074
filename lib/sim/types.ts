/**
 * Shared types of the simulated fleet. A SimHost is what tests and the scenario driver need to
 * find a host again: its address, its chroot (null when nothing serves it) and what it pretends to be.
 */

export type HostKind = "normal" | "no-conntrack" | "unreachable" | "blackhole" | "hostkey" | "auth";

export type OsId =
  | "debian12"
  | "ubuntu2204"
  | "ubuntu2404"
  | "rhel9"
  | "rhel8"
  | "centos7"
  | "centos6"
  | "centos5";

/** Limits a host gets at boot before any file in its /etc is consulted (kernel default or kube-proxy). */
export interface BootDefaults {
  max: number;
  buckets: number;
  /** kube-proxy raises max (never lowers) and hashsize to max/4 after every boot. */
  kubeProxyMax: number | null;
}

export interface SimHost {
  name: string;
  address: string;
  port: number;
  /** Chroot of the host; null for hosts no sshd serves (unreachable, blackhole). */
  root: string | null;
  kind: HostKind;
  /** `uname -r` the host pretends to run (also in its proc/sys/kernel/osrelease). */
  kernel: string;
  os: OsId;
  cores: number;
  memTotalKb: number;
  tags: string[];
  /** Null when the host has no conntrack module loaded. */
  boot: BootDefaults | null;
  /** nf_conntrack_max the fleet was generated with: the scenario scales demand against it. */
  initialMax: number | null;
  /** Mean utilization of initialMax this host idles at (scenario input). */
  baseUtilization: number;
  /**
   * Where per-CPU drop counters can be read: the procfs stat file, `conntrack -S` (Ubuntu kernels
   * lack the procfs file; hosts with conntrack-tools installed), or nowhere (kernel log only).
   */
  statSource: "procfs" | "conntrack-S" | null;
  /**
   * sshd forces a command on this host (ForceCommand) that runs only the exec-per-poll read and
   * refuses anything else, as an authorized_keys `command=` restriction or a vetting wrapper does.
   */
  execOnly?: boolean;
  /**
   * Whether sudo is on the host ("absent": the shell answers `sudo: command not found`). Every host
   * with sudo lets lib/sim/accounts.ts's SIM_SUDO_USER run anything without a password, and nobody else.
   */
  sudo?: "installed" | "absent";
  /** How the dashboard logs in when not as root (fleet.yaml `user` and `sudo: true`); absent = root. */
  login?: { user: string; sudo: boolean };
}

export interface SimFleet {
  dir: string;
  fleetFile: string;
  knownHostsFile: string;
  clientKeyFile: string;
  /** Machine-readable copy of `hosts` (for processes that did not start the fleet). */
  hostsFile: string;
  port: number;
  seed: number;
  hosts: SimHost[];
  stop(): Promise<void>;
}
