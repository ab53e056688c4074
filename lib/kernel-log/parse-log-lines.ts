/**
 * Kernel log text (journal, dmesg, kern.log, /var/log/messages) → conntrack exhaustion events.
 *
 * Inputs are megabytes of mostly unrelated lines, so the text is never split into lines: it is
 * searched for the two substrings every event line contains (`conntrack`, `suppressed`) and only the
 * lines around those hits are cut out and parsed.
 *
 * Honest attribution of `N callbacks suppressed`. net_warn_ratelimited() shares one ratelimit state
 * (10 lines per 5 s) among every caller in the network stack, conntrack, TCP, UDP, nf_queue…; when a
 * window closes, the next caller prints how many calls the closed window swallowed, then its own
 * line. Those N calls are conntrack drops only if conntrack was what was printing in that window. So a
 * suppressed line counts (kind `suppressed`, count N) only when the kernel line directly before it is
 * a table-full line no more than SUPPRESSED_ATTRIBUTION_WINDOW_MS earlier, with no other kernel line
 * in between (we cannot tell ratelimited printk callers from others, so any kernel line breaks the
 * chain, except LOG-target packet lines). Otherwise N goes to `unattributedSuppressed`: reported, never
 * counted as drops. A chunk that starts with a suppressed line cannot see what preceded it: a reader
 * that continues where it stopped passes the previous result's `carry`; one that re-reads overlapping
 * windows should overlap by a few seconds (the keys dedupe the overlap).
 */
import { classifyEmbeddedMessage, classifyKernelMessage, isPacketLogMessage, normalizeKernelMessage } from "./classify";
import { createEventKeyer } from "./event-key";
import { isJournalExport, journalExportToLines } from "./journal-export";
import { breaksRatelimitChain, splitLogLine } from "./line-header";
import type { KernelEvent, ParseContext, ParseLogResult } from "./types";

/**
 * In a steady flood the suppressed line comes just under 5 s after the last printed table-full line
 * (window length minus the burst). Second-resolution syslog stamps, receive jitter and floods that
 * pause before the next drop stretch that: a pasted Ubuntu dmesg shows 8.6 s. 10 s keeps those and
 * still refuses a suppressed line that arrives long after the flood ended.
 */
export const SUPPRESSED_ATTRIBUTION_WINDOW_MS = 10_000;

const NEEDLES = ["conntrack", "suppressed"];

/** Whether any line in text[from, to) could have been another net_ratelimit() caller. */
function gapBreaksChain(text: string, from: number, to: number, source: ParseContext["source"]): boolean {
  let at = from;
  while (at < to) {
    const nl = text.indexOf("\n", at);
    const end = nl < 0 || nl > to ? to : nl;
    if (breaksRatelimitChain(text.slice(at, end), source)) return true;
    at = end + 1;
  }
  return false;
}

export function parseLogLines(input: string, ctx: ParseContext): ParseLogResult {
  const text = isJournalExport(input) ? journalExportToLines(input) : input;
  const events: KernelEvent[] = [];
  const keyer = createEventKeyer(ctx.carry?.keys ?? null);
  let unparsed = 0;
  let unattributedSuppressed = 0;
  /** The table-full line a following suppressed line may belong to; `end` is how far the gap is checked. */
  const carried = ctx.carry?.tableFullTs ?? null;
  let chain: { ts: number; end: number } | null = carried === null ? null : { ts: carried, end: 0 };
  const next = NEEDLES.map((needle) => text.indexOf(needle));

  for (;;) {
    const hit = Math.min(...next.map((i) => (i < 0 ? Infinity : i)));
    if (hit === Infinity) break;
    const start = text.lastIndexOf("\n", hit) + 1;
    const nl = text.indexOf("\n", hit);
    const end = nl < 0 ? text.length : nl;
    NEEDLES.forEach((needle, i) => {
      if ((next[i] ?? -1) >= 0 && (next[i] ?? -1) <= end) next[i] = text.indexOf(needle, end + 1);
    });
    const line = text.slice(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end);

    if (chain !== null && gapBreaksChain(text, chain.end, start, ctx.source)) chain = null;
    const parts = splitLogLine(line, ctx);
    if (parts === null) {
      // Unreadable header: only worth reporting if the line carries one of our messages.
      if (classifyEmbeddedMessage(line) !== null) {
        unparsed++;
        chain = null;
      }
    } else if (parts.kernel) {
      const message = normalizeKernelMessage(parts.message);
      const found = classifyKernelMessage(message);
      if (found === null) {
        if (!isPacketLogMessage(message)) chain = null;
      } else if (parts.ts === null) {
        unparsed++;
        chain = null;
      } else {
        // Keyed before attribution so occurrence numbers do not depend on what the chunk can see.
        const key = keyer.key(found.kind, parts.ts, message);
        const attributed =
          found.kind !== "suppressed" ||
          (chain !== null && Math.abs(parts.ts - chain.ts) <= SUPPRESSED_ATTRIBUTION_WINDOW_MS);
        // expect_full is a ratelimited caller of its own, so it ends a table-full chain too.
        chain = found.kind === "table_full" ? { ts: parts.ts, end } : null;
        if (attributed) {
          events.push({ ts: parts.ts, kind: found.kind, count: found.count, source: ctx.source, line, key });
        } else {
          unattributedSuppressed += found.count;
        }
      }
    }
    if (chain !== null) chain.end = end;
  }
  // Lines after the last hit may still break the chain for a suppressed line opening the next chunk.
  if (chain !== null && gapBreaksChain(text, chain.end, text.length, ctx.source)) chain = null;
  return { events, unparsed, unattributedSuppressed, carry: { keys: keyer.carry(), tableFullTs: chain?.ts ?? null } };
}
