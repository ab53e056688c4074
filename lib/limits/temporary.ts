/**
 * Is the live limit one a reboot would undo? Two honest sources, never a guess:
 *
 * - the probe (raise dialog): what the host's persistent config sets at boot (`bootLimit`). A live
 *   max above it reverts at reboot. With no config setting it, the kernel's default applies at boot,
 *   which the probe cannot read; then the audit decides.
 * - the audit log (host page, no probe): the latest successful raise of this host since it booted.
 *   A temporary one that set exactly the live max means "temporary until reboot"; a permanent one
 *   (or none) does not. A raise made by hand outside the dashboard is not seen: the page then says nothing.
 */

export interface RaiseRecord {
  ts: number;
  user: string;
  mode: "temporary" | "permanent" | null;
  oldMax: number | null;
  newMax: number | null;
  outcome: string;
}

export interface TemporaryRaise {
  /** When and by whom the live value was set. */
  at: number;
  user: string;
  max: number;
  /** The value before that raise (what a reboot restores, unless the config says otherwise). */
  before: number | null;
}

/** `entries` in any order; only successful raises since `bootMs` (null: boot time unknown, all count) matter. */
export function temporaryFromAudit(entries: readonly RaiseRecord[], liveMax: number | null, bootMs: number | null): TemporaryRaise | null {
  if (liveMax === null) return null;
  const latest = entries
    .filter((e) => e.outcome === "success" && e.mode !== null && e.newMax !== null && (bootMs === null || e.ts >= bootMs))
    .reduce<RaiseRecord | null>((a, e) => (a === null || e.ts >= a.ts ? e : a), null);
  if (!latest || latest.mode !== "temporary" || latest.newMax !== liveMax) return null;
  return { at: latest.ts, user: latest.user, max: liveMax, before: latest.oldMax };
}

export type TemporaryVerdict =
  | { temporary: true; revertsTo: number | null; source: string; reason: string }
  | { temporary: false; reason: string }
  | { temporary: null; reason: string };

/** The dialog's verdict: the probe's boot value when the config sets one, else the audit. */
export function temporaryVerdict(liveMax: number, boot: { max: number | null; source: string | null } | null, audit: TemporaryRaise | null): TemporaryVerdict {
  if (boot && boot.max !== null && boot.source !== null) {
    if (liveMax > boot.max) {
      return { temporary: true, revertsTo: boot.max, source: boot.source, reason: `${boot.source} sets ${boot.max} at boot: a reboot would lower the limit from ${liveMax} to ${boot.max}` };
    }
    return { temporary: false, reason: `${boot.source} sets ${boot.max} at boot` };
  }
  if (audit) {
    return {
      temporary: true,
      revertsTo: audit.before,
      source: "audit log",
      reason: `no config file sets the limit at boot, and the live value was set by a temporary raise (${audit.user}); a reboot restores the kernel's default`,
    };
  }
  return boot ? { temporary: null, reason: "no config file sets the limit at boot and no temporary raise is on record" } : { temporary: null, reason: "the host's config could not be read" };
}
