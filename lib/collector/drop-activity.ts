/**
 * "Dropping now", honestly: from the host's last real reads of its drop counter, not from a window.
 *
 * A host is dropping now when its latest counter read moved and that read is recent (the host is
 * still being read on schedule); it stops dropping at the first read that does not move. The rate
 * is the increment between the last two real reads over the time between them, so a raise that
 * stops the drops shows a rate of 0 and "not dropping" at the next poll, not five minutes later.
 * Reads that carry an older `conntrack -S` result forward (see FleetPoller.netlinkDue) say nothing
 * about the counter and leave the activity as it was.
 */
export interface DropActivity {
  /** The last real read of the drop counter: the base of the next rate. */
  base: { ts: number; drop: number } | null;
  /** Drops per second between the last two real reads; null before two reads. */
  rate: number | null;
  /** The read that first saw the counter move in the current run of moving reads; null when quiet. */
  since: number | null;
  /** The last read that saw the counter move (kept after the run ends: "last drop 4 min ago"). */
  lastAt: number | null;
}

export const NO_DROP_ACTIVITY: DropActivity = { base: null, rate: null, since: null, lastAt: null };

/**
 * The activity after one real read of the cumulative drop counter. `reset` is true when the counter
 * restarted (reboot, module reload) since the base: then everything it shows happened since.
 * After a gap longer than `maxGapMs` (the host was unreachable, the dashboard was down) a moving
 * counter says drops happened somewhere in the gap, not that they are happening: the next read decides.
 */
export function nextDropActivity(prev: DropActivity, ts: number, drop: number, reset: boolean, maxGapMs = Infinity): DropActivity {
  const base = { ts, drop };
  if (!prev.base || ts <= prev.base.ts) return { ...prev, base, rate: prev.base ? prev.rate : null };
  const delta = reset || drop < prev.base.drop ? drop : drop - prev.base.drop;
  const rate = delta / ((ts - prev.base.ts) / 1000);
  if (delta <= 0) return { base, rate: 0, since: null, lastAt: prev.lastAt };
  if (ts - prev.base.ts > maxGapMs) return { base, rate, since: null, lastAt: ts };
  return { base, rate, since: prev.since ?? ts, lastAt: ts };
}

/**
 * Whether the host is dropping now: its last real read moved and is no older than `freshMs`
 * (a host we have stopped reading may have stopped dropping; we no longer know).
 */
export function isDroppingNow(a: DropActivity, now: number, freshMs: number): boolean {
  return a.since !== null && a.base !== null && now - a.base.ts <= freshMs;
}
