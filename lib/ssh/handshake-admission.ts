/**
 * Admission control for SSH handshakes: how many may be in flight at once, and how long one may take.
 *
 * A fixed concurrency and a fixed timeout fail together under load: when the machine (ours or a
 * shared sshd) is slow, 64 handshakes in flight each take longer than 10 s, all time out, all retry,
 * and the retries keep the machine just as busy. Here the window follows the latency it observes,
 * the way TCP Vegas or Netflix's gradient limiter do: from 16 it doubles per round of completions
 * while latency stays near the fastest seen (slow start), then grows by about √window; when
 * handshakes slow down to more than `tolerance` × the fastest latency seen (queueing somewhere), it
 * shrinks in proportion; a timeout while the others are slow, or before any has succeeded, halves it. The timeout itself stretches with the observed
 * latency, so a slow but healthy fleet is waited for instead of failed (never below the configured
 * timeout, which stays the answer for a dead host).
 *
 * A timeout while everything else is fast is one dead host, not congestion: it does not shrink the
 * window (a fleet with many blackholed hosts would otherwise throttle the healthy ones).
 */

export interface AdmissionOptions {
  /** The configured handshake timeout (the fleet file's timeoutSeconds): the floor. */
  timeoutMs: number;
  /** The most handshakes ever in flight (the fleet file's collector.maxConcurrentHandshakes). */
  maxConcurrency: number;
  initialConcurrency?: number;
  minConcurrency?: number;
  /** Latency above `tolerance` × the fastest recent handshake counts as queueing. */
  tolerance?: number;
  /** Upper bound of the stretched timeout. */
  maxTimeoutMs?: number;
  /** Milliseconds clock (tests). */
  now?: () => number;
}

export interface AdmissionStats {
  limit: number;
  inFlight: number;
  queued: number;
  /** Smoothed latency of recent successful handshakes, ms (null before the first). */
  latencyMs: number | null;
  /** Fastest recent handshake, ms (null before the first). */
  baseMs: number | null;
  timeoutMs: number;
  completed: number;
  timedOut: number;
}

export class HandshakeTimeout extends Error {}

export class HandshakeAdmission {
  private limit: number;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly min: number;
  private readonly max: number;
  private readonly tolerance: number;
  private readonly maxTimeoutMs: number;
  /** Exponentially smoothed latency of successful handshakes. */
  private latency: number | null = null;
  /** Fastest latency seen, slowly forgotten so a faster past does not pin the baseline forever. */
  private base: number | null = null;
  private completed = 0;
  private timedOut = 0;

  constructor(private readonly opts: AdmissionOptions) {
    if (!Number.isInteger(opts.maxConcurrency) || opts.maxConcurrency < 1) {
      throw new Error(`handshake concurrency must be a positive integer, got ${opts.maxConcurrency}`);
    }
    this.max = opts.maxConcurrency;
    this.min = Math.min(this.max, opts.minConcurrency ?? 4);
    // Not wide open: before the first success there is no latency to stretch the timeout with, and
    // 64 handshakes on a busy machine all outlive a 10 s timeout together. Slow start opens it fast.
    this.limit = Math.min(this.max, Math.max(this.min, opts.initialConcurrency ?? 16));
    this.tolerance = opts.tolerance ?? 4;
    this.maxTimeoutMs = Math.max(opts.timeoutMs, opts.maxTimeoutMs ?? 60_000);
  }

  /** The timeout a handshake admitted now gets. */
  timeoutMs(): number {
    if (this.latency === null) return this.opts.timeoutMs;
    return Math.round(Math.min(this.maxTimeoutMs, Math.max(this.opts.timeoutMs, 4 * this.latency)));
  }

  stats(): AdmissionStats {
    return {
      limit: Math.floor(this.limit),
      inFlight: this.inFlight,
      queued: this.waiting.length,
      latencyMs: this.latency === null ? null : Math.round(this.latency),
      baseMs: this.base === null ? null : Math.round(this.base),
      timeoutMs: this.timeoutMs(),
      completed: this.completed,
      timedOut: this.timedOut,
    };
  }

  /**
   * Runs one handshake when a slot is free. `fn` gets the timeout to use; it rejects with a
   * HandshakeTimeout-classified error when that runs out (`isTimeout` tells which errors are).
   */
  async run<T>(fn: (timeoutMs: number) => Promise<T>, isTimeout: (err: unknown) => boolean): Promise<T> {
    await this.acquire();
    const now = this.opts.now ?? (() => performance.now());
    const started = now();
    try {
      const result = await fn(this.timeoutMs());
      this.onSuccess(now() - started);
      return result;
    } catch (err) {
      if (isTimeout(err)) this.onTimeout();
      throw err;
    } finally {
      this.release();
    }
  }

  private onSuccess(ms: number): void {
    this.completed++;
    this.latency = this.latency === null ? ms : 0.8 * this.latency + 0.2 * ms;
    // Forget the baseline slowly (1 % per handshake) so a machine that got slower for good is not
    // treated as congested forever.
    this.base = this.base === null ? ms : Math.min(ms, this.base * 1.01);
    const gradient = Math.max(0.5, Math.min(1, (this.tolerance * this.base) / this.latency));
    // Shrink in proportion to the queueing. Without queueing grow: doubling per window while latency
    // sits at the baseline (slow start), by about √limit per window while it is within tolerance.
    const growth = gradient < 1 ? 0 : this.latency < 1.25 * this.base ? 1 : Math.sqrt(this.limit) / this.limit;
    this.limit = gradient * this.limit + growth;
    this.limit = Math.min(this.max, Math.max(this.min, this.limit));
    this.wake();
  }

  private onTimeout(): void {
    this.timedOut++;
    const congested = this.latency === null || (this.base !== null && this.latency > this.tolerance * this.base);
    if (congested) this.limit = Math.max(this.min, this.limit / 2);
  }

  private acquire(): Promise<void> {
    if (this.inFlight < Math.floor(this.limit)) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    this.inFlight--;
    this.wake();
  }

  /** Admits waiters while the (possibly grown) window has room, in FIFO order. */
  private wake(): void {
    while (this.waiting.length > 0 && this.inFlight < Math.floor(this.limit)) {
      this.inFlight++;
      this.waiting.shift()?.();
    }
  }
}
