import { describe, expect, it } from "vitest";
import { HandshakeAdmission } from "./handshake-admission";

class Timeout extends Error {}
const isTimeout = (err: unknown) => err instanceof Timeout;

/** An admission on a manual clock; `handshake(ms)` completes after `ms` of that clock. */
function setup(opts: { timeoutMs?: number; maxConcurrency?: number; initialConcurrency?: number } = {}) {
  let clock = 0;
  const a = new HandshakeAdmission({ timeoutMs: opts.timeoutMs ?? 10_000, maxConcurrency: opts.maxConcurrency ?? 64, initialConcurrency: opts.initialConcurrency, now: () => clock });
  const handshake = (ms: number, fail?: Error) =>
    a.run(async () => {
      clock += ms;
      if (fail) throw fail;
      return ms;
    }, isTimeout);
  return { a, handshake };
}

describe("HandshakeAdmission", () => {
  it("grows the window while handshakes complete at the fastest latency seen (slow start)", async () => {
    const { a, handshake } = setup({ initialConcurrency: 8 });
    expect(a.stats().limit).toBe(8);
    for (let i = 0; i < 40; i++) await handshake(100);
    expect(a.stats().limit).toBe(48);
    for (let i = 0; i < 100; i++) await handshake(100);
    expect(a.stats().limit).toBe(64); // never above the configured maximum
  });

  it("shrinks in proportion when handshakes slow down, never below the floor", async () => {
    const { a, handshake } = setup({ initialConcurrency: 32 });
    for (let i = 0; i < 5; i++) await handshake(100);
    const before = a.stats().limit;
    for (let i = 0; i < 10; i++) await handshake(1000);
    const after = a.stats().limit;
    expect(after).toBeLessThan(before);
    for (let i = 0; i < 50; i++) await handshake(5000);
    expect(a.stats().limit).toBe(4);
  });

  it("stretches the timeout to four times the observed latency, never below the configured one, at most 60 s", async () => {
    const { a, handshake } = setup({ timeoutMs: 10_000 });
    expect(a.timeoutMs()).toBe(10_000);
    await handshake(500);
    expect(a.timeoutMs()).toBe(10_000);
    for (let i = 0; i < 30; i++) await handshake(6_000);
    expect(a.timeoutMs()).toBeGreaterThan(20_000);
    for (let i = 0; i < 30; i++) await handshake(40_000);
    expect(a.timeoutMs()).toBe(60_000);
  });

  it("a timeout among fast handshakes is one dead host: the window stays; among slow ones it halves", async () => {
    const { a, handshake } = setup({ initialConcurrency: 16 });
    for (let i = 0; i < 5; i++) await handshake(100);
    const limit = a.stats().limit;
    await expect(handshake(10_000, new Timeout())).rejects.toBeInstanceOf(Timeout);
    expect(a.stats().limit).toBe(limit);
    expect(a.stats().timedOut).toBe(1);
    // Now everything is slow (latency well above 3x the base): a timeout means congestion.
    for (let i = 0; i < 10; i++) await handshake(800);
    const slow = a.stats().limit;
    await expect(handshake(10_000, new Timeout())).rejects.toBeInstanceOf(Timeout);
    expect(a.stats().limit).toBe(Math.max(4, Math.floor(slow / 2)));
  });

  it("starts at 16 and halves on a timeout before any handshake succeeded (no latency to judge by)", async () => {
    const { a, handshake } = setup();
    expect(a.stats().limit).toBe(16);
    await expect(handshake(10_000, new Timeout())).rejects.toBeInstanceOf(Timeout);
    expect(a.stats().limit).toBe(8);
  });

  it("admits at most `limit` at once, the rest in FIFO order", async () => {
    const a = new HandshakeAdmission({ timeoutMs: 1000, maxConcurrency: 2, initialConcurrency: 2 });
    const order: number[] = [];
    const release: (() => void)[] = [];
    const jobs = [1, 2, 3, 4].map((n) =>
      a.run(
        () =>
          new Promise<void>((resolve) => {
            order.push(n);
            release.push(resolve);
          }),
        isTimeout,
      ),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([1, 2]);
    expect(a.stats()).toMatchObject({ inFlight: 2, queued: 2 });
    release.shift()!();
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([1, 2, 3]);
    while (release.length) release.shift()!();
    await new Promise((r) => setTimeout(r, 10));
    release.shift()?.();
    await Promise.all(jobs);
    expect(order).toEqual([1, 2, 3, 4]);
  });
});
