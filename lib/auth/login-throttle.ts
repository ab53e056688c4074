/**
 * Slows down password guessing: after N free failures for a key, each further attempt must wait
 * twice as long as the last (1 s, 2 s, 4 s … capped at 5 min).
 * A success clears the user's record. In memory: a restart forgets, which only helps an attacker
 * who can restart the server.
 */
const MAX_DELAY_MS = 5 * 60_000;

interface Entry {
  failures: number;
  retryAt: number;
  lastAt: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly freeFailures = 3) {}

  /** 0 when an attempt may go ahead now, else the ms to wait. */
  waitMs(keys: string[], now = Date.now()): number {
    return Math.max(0, ...keys.map((k) => (this.entries.get(k)?.retryAt ?? 0) - now));
  }

  fail(keys: string[], now = Date.now()): void {
    for (const k of keys) {
      const e = this.entries.get(k) ?? { failures: 0, retryAt: 0, lastAt: now };
      e.failures++;
      e.lastAt = now;
      if (e.failures >= this.freeFailures) e.retryAt = now + Math.min(MAX_DELAY_MS, 1000 * 2 ** (e.failures - this.freeFailures));
      this.entries.set(k, e);
    }
    if (this.entries.size > 10_000) this.forgetOlderThan(now - MAX_DELAY_MS * 2);
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.entries.delete(k);
  }

  private forgetOlderThan(t: number): void {
    for (const [k, e] of this.entries) if (e.lastAt < t) this.entries.delete(k);
  }
}
