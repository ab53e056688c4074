import { z } from "zod";

/**
 * Settings of the limit-raise feature, for a `limits:` section of the fleet file (the lead wires it).
 * One schema, one inferred type; defaults make the section optional.
 */

/**
 * The drop-in name is the only non-integer that reaches a remote command (as part of a path), so it is
 * held to a charset that needs no quoting in any shell and ends in `.conf` (systemd-sysctl and
 * modprobe ignore other names).
 */
export const DROP_IN_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,58}\.conf$/;

/**
 * systemd-sysctl applies every sysctl.d file in lexical order of its name, the last setting wins, and
 * /etc/sysctl.conf takes part as `99-sysctl.conf`. `99-zz-…` sorts after both, so an older value in
 * sysctl.conf or a `90-…` drop-in cannot undo the raise at boot. (A file that sorts later still makes
 * the planner refuse the permanent raise rather than report a success a reboot would undo.)
 */
export const DEFAULT_DROP_IN_NAME = "99-zz-conntrack-fleet.conf";

export const limitsConfigSchema = z.strictObject({
  /** Proposed limit ≥ observed peak × headroom. */
  headroom: z.number().min(1).max(10).default(1.5),
  /** A full table (entries × entry size + buckets × 8 B) may use at most this share of RAM. */
  memoryBudgetFraction: z.number().gt(0).max(0.5).default(0.05),
  /** Window of the observed peak the proposal is sized from. */
  peakWindowDays: z.number().int().min(1).max(400).default(7),
  /** File name used in /etc/sysctl.d and /etc/modprobe.d. */
  dropInName: z.string().regex(DROP_IN_NAME_RE, "letters, digits, '.', '_', '-' only, ending in .conf").default(DEFAULT_DROP_IN_NAME),
});

export type LimitsConfig = z.infer<typeof limitsConfigSchema>;

export const DEFAULT_LIMITS_CONFIG: LimitsConfig = limitsConfigSchema.parse({});
