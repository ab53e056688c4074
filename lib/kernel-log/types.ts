/**
 * Kernel log events the dashboard counts: conntrack exhaustion lines and the net_ratelimit
 * "callbacks suppressed" lines that stand for the messages the kernel did not print.
 */

/** Where the text was read from; decides which header formats a line may carry. */
export type LogSource = "journal" | "dmesg" | "kern.log" | "messages";

/**
 * - `table_full`: `nf_conntrack: table full, dropping packet` and its variants (one dropped packet each).
 * - `expect_full`: `nf_conntrack: expectation table full` (an expectation, e.g. FTP/SIP, was refused).
 * - `suppressed`: a `net_ratelimit: N callbacks suppressed` line attributed to table-full lines.
 * `early_drop` logs nothing, and helper/hash-resize lines are not exhaustion, so they have no kind.
 */
export type KernelEventKind = "table_full" | "suppressed" | "expect_full";

export interface KernelEvent {
  /** Epoch milliseconds, UTC. */
  ts: number;
  kind: KernelEventKind;
  /** Drops or lines this event stands for: 1 per printed line, N for `N callbacks suppressed`. */
  count: number;
  source: LogSource;
  /** The raw line as read, without its line terminator, for display. */
  line: string;
  /** Identical for the same kernel message whatever source it came from and however often it is re-read. */
  key: string;
}

export interface ParseContext {
  source: LogSource;
  /** Epoch ms "now", only used to pick the year of classic syslog stamps (which have none). */
  now: number;
  /** The host's UTC offset (`date +%z`), for stamps printed in local time without a zone. */
  utcOffsetMinutes: number;
  /** Epoch ms of boot, to place raw dmesg `[seconds since boot]` stamps; null when unknown. */
  bootTimeMs: number | null;
  /**
   * The previous result's `carry`, only when this text continues exactly where that read stopped
   * (journal cursor, file byte offset, dmesg after the last stamp); never for an overlapping re-read,
   * whose overlap the keys already dedupe. See event-key.ts.
   */
  carry?: ParseCarry | null;
}

/** Occurrence counts of the last UTC second keyed. */
export interface KeyCarry {
  second: number;
  /** `kind + "\n" + normalised message` → lines of that second already keyed. */
  counts: Record<string, number>;
}

/** What a continuation read needs from the chunk before it; JSON-safe so a reader can persist it. */
export interface ParseCarry {
  keys: KeyCarry | null;
  /** Stamp of the chunk's trailing table-full line, which a suppressed line opening the next chunk may follow. */
  tableFullTs: number | null;
}

export interface ParseLogResult {
  events: KernelEvent[];
  /** Lines that carry a conntrack/ratelimit message but whose time could not be established. */
  unparsed: number;
  /**
   * Sum of N over ratelimit "suppressed" lines that could not be tied to conntrack table-full lines:
   * the shared net_ratelimit may have swallowed other subsystems' messages, so they are not drops.
   */
  unattributedSuppressed: number;
  /** Pass as `carry` to the parse of the text that directly follows this one. */
  carry: ParseCarry;
}
