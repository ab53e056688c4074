/**
 * Dedupe keys. The same kernel message reaches us through several readers (journal, kern.log, dmesg)
 * with different headers and different sub-second stamps (each daemon stamps on receipt), and the
 * same window is re-read on every poll. So the key uses only what they agree on: the kind, the UTC
 * second, the normalised message, and the message's occurrence number within that second.
 *
 * Occurrence numbers are counted within the chunk being parsed, which is right when every chunk starts
 * on a whole second (an overlapping re-read: the overlap dedupes). A read that continues exactly where
 * the last one stopped (journalctl --after-cursor, a byte-offset file tail, dmesg after the last stamp)
 * may start mid-second; numbering that second's remaining lines from 0 would collide with the keys of
 * lines already stored and lose them. Such readers pass the previous result's `carry`, whose `keys`
 * hold the counts of its last second. Passing a carry to an overlapping re-read would shift the numbers and
 * double count: carry for continuations only.
 * Residual risk: when journald and rsyslog stamp the same line on either side of a second boundary the
 * two copies get different keys and count twice; the odds are about their receive-latency difference
 * divided by one second.
 */
import { createHash } from "node:crypto";
import type { KernelEventKind, KeyCarry } from "./types";

export interface EventKeyer {
  /** Call for every timed event in input order. */
  key(kind: KernelEventKind, ts: number, message: string): string;
  /** Occurrence counts of the latest second keyed, for the next continuation chunk. */
  carry(): KeyCarry | null;
}

export function createEventKeyer(previous: KeyCarry | null = null): EventKeyer {
  /** `kind\nmessage` → occurrences so far, per UTC second. */
  const seen = new Map<number, Map<string, number>>();
  if (previous !== null) seen.set(previous.second, new Map(Object.entries(previous.counts)));
  let latest: number | null = null;
  return {
    key(kind, ts, message) {
      const second = Math.floor(ts / 1000);
      const counts = seen.get(second) ?? new Map<string, number>();
      seen.set(second, counts);
      const id = `${kind}\n${message}`;
      const occurrence = counts.get(id) ?? 0;
      counts.set(id, occurrence + 1);
      if (latest === null || second > latest) latest = second;
      return createHash("sha1").update(`${kind}\n${second}\n${message}\n${occurrence}`).digest("hex").slice(0, 16);
    },
    carry() {
      if (latest === null || (previous !== null && previous.second > latest)) return previous;
      return { second: latest, counts: Object.fromEntries(seen.get(latest) ?? []) };
    },
  };
}
