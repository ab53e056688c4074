import { redactUrl, type AlertsConfig, type ReceiverConfig } from "@/lib/config/alerts-config";
import type { AlertStore, NotificationRow } from "./store-port";

const MAX_BACKOFF_MS = 10 * 60_000;
const BATCH = 20;

/** Wait before attempt n+1 after n failed attempts: backoff × 2^(n−1), capped at 10 minutes. */
export function backoffMs(receiver: Pick<ReceiverConfig, "backoffSeconds">, failedAttempts: number): number {
  return Math.min(MAX_BACKOFF_MS, receiver.backoffSeconds * 1000 * 2 ** Math.max(0, failedAttempts - 1));
}

/**
 * Sends queued notifications: one POST per attempt with a timeout, exponential backoff between
 * attempts, a dead letter after the receiver's maxAttempts. Works from the store alone, so what was
 * pending when the dashboard stopped is sent when it starts again. Errors name the receiver by
 * scheme and host only: the rest of a webhook URL is often its secret.
 */
export class NotificationDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly config: AlertsConfig,
    private readonly store: AlertStore,
    private readonly opts: { intervalMs?: number; fetch?: typeof fetch } = {},
  ) {}

  start(): void {
    if (this.timer || this.stopped) return;
    const loop = () => {
      this.timer = setTimeout(() => {
        void this.tick().finally(() => {
          if (!this.stopped) loop();
        });
      }, this.opts.intervalMs ?? 500);
      this.timer.unref?.();
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Sends everything due now (each receiver's notifications in order); resolves when done. */
  tick(now = Date.now()): Promise<void> {
    if (this.running) return this.running;
    this.running = this.sendDue(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sendDue(now: number): Promise<void> {
    // Times are on the caller's clock (tests pass a later `now`), advanced by the real time a POST took.
    const offset = now - Date.now();
    const due = await this.store.due(now, BATCH);
    await Promise.all(due.map((n) => this.attempt(n, () => Date.now() + offset)));
  }

  private async attempt(n: NotificationRow, clock: () => number): Promise<void> {
    const receiver = this.config.receivers.find((r) => r.name === n.receiver);
    const attempts = n.attempts + 1;
    if (!receiver) {
      await this.store.markDead(n.id, n.attempts, `receiver ${n.receiver} is no longer in the fleet file`, clock());
      return;
    }
    const error = await this.post(receiver, n.body);
    const done = clock();
    if (error === null) await this.store.markDelivered(n.id, attempts, done);
    else if (attempts >= receiver.maxAttempts) {
      await this.store.markDead(n.id, attempts, error, done);
      console.warn(`[alerts] notification ${n.id} to ${receiver.name} (${redactUrl(receiver.url)}) dead after ${attempts} attempts: ${error}`);
    } else await this.store.markRetry(n.id, attempts, done + backoffMs(receiver, attempts), error);
  }

  /** null when delivered; otherwise a short reason that never contains the URL. */
  private async post(receiver: ReceiverConfig, body: string): Promise<string | null> {
    const doFetch = this.opts.fetch ?? fetch;
    try {
      const res = await doFetch(receiver.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "conntrack-fleet-alerts" },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(receiver.timeoutSeconds * 1000),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`;
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      if (e.name === "TimeoutError" || e.name === "AbortError") return `no answer within ${receiver.timeoutSeconds}s`;
      const code = e.cause?.code;
      return code ? `connection failed (${code})` : "connection failed";
    }
  }
}
