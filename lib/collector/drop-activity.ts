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
  /** When the drop counter was last really read: the start of the next rate's window. */
  lastReadAt: number | null;
  /** Drops per second between the last two real reads; null before two reads. */
  rate: number | null;
  /** The read that first saw the counter move in the current run of moving reads; null when quiet. */
  since: number | null;
  /** The last read that saw the counter move (kept after the run ends: "last drop 4 min ago"). */
  lastAt: number | null;
}

export const NO_DROP_ACTIVITY: DropActivity = { lastReadAt: null, rate: null, since: null, lastAt: null };

/**
 * The activity after one real read of the drop counter, given its increment since the previous read
 * as counterDeltas() computes it (reboots and counter resets included; null when unknown: a first
 * read, or another machine answering at the address). After a gap longer than `maxGapMs` (the host
 * was unreachable, the dashboard was down) a moving counter says drops happened somewhere in the gap,
 * not that they are happening: the next read decides.
 */
export function nextDropActivity(prev: DropActivity, ts: number, delta: number | null, maxGapMs = Infinity): DropActivity {
  const from = prev.lastReadAt;
  if (from === null || delta === null) return { lastReadAt: ts, rate: null, since: null, lastAt: prev.lastAt };
  if (ts <= from) return { ...prev, lastReadAt: ts };
  const rate = delta / ((ts - from) / 1000);
  if (delta <= 0) return { lastReadAt: ts, rate: 0, since: null, lastAt: prev.lastAt };
  if (ts - from > maxGapMs) return { lastReadAt: ts, rate, since: null, lastAt: ts };
  return { lastReadAt: ts, rate, since: prev.since ?? ts, lastAt: ts };
}

/**
 * Whether the host is dropping now: its last real read moved and is no older than `freshMs`
 * (a host we have stopped reading may have stopped dropping; we no longer know).
 */
export function isDroppingNow(a: DropActivity, now: number, freshMs: number): boolean {
  return a.since !== null && a.lastReadAt !== null && now - a.lastReadAt <= freshMs;
}
