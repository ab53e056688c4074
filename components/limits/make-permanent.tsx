import { formatCount } from "@/lib/client/fleet-format";

export interface MakePermanentProps {
  liveMax: number;
  /** What a reboot would set instead; null when only "the kernel's default" is known. */
  revertsTo: number | null;
  /** How the server knows (the config file the probe read, or the audit log). */
  why: string;
  /** The form already holds "this value, permanent". */
  chosen: boolean;
  disabled: boolean;
  onChoose: () => void;
}

/**
 * The first thing the dialog offers when the live max would not survive a reboot: keep the value
 * already running, persistently, before proposing yet another raise.
 */
export function MakePermanent({ liveMax, revertsTo, why, chosen, disabled, onChoose }: MakePermanentProps) {
  return (
    <section
      data-testid="make-permanent-panel"
      aria-label="The current limit is temporary"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-[13px] text-amber-950 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-100"
    >
      <p className="font-medium">
        The live limit {formatCount(liveMax)} is temporary until reboot
        {revertsTo !== null ? `: a reboot sets ${formatCount(revertsTo)} again.` : ": a reboot restores the kernel's default."}
      </p>
      <p className="mt-0.5 text-[12px] text-amber-900/80 dark:text-amber-200/80">{why}.</p>
      <button
        type="button"
        data-testid="make-permanent"
        disabled={disabled || chosen}
        onClick={onChoose}
        className="mt-1.5 h-7 rounded-md bg-amber-600 px-2.5 text-[12px] font-semibold text-white hover:bg-amber-700 disabled:cursor-default disabled:opacity-60 dark:bg-amber-500 dark:text-amber-950 dark:hover:bg-amber-400"
      >
        {chosen ? `Making ${formatCount(liveMax)} permanent: review below` : `Make ${formatCount(liveMax)} permanent`}
      </button>
    </section>
  );
}
