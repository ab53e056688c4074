import "server-only";
import type { LeaseStore } from "./lease-store";
import { hostsOwnedBy } from "./rendezvous";

export interface MembershipOptions {
  id: string;
  url: string | null;
  /** A lease lasts this long unless renewed; a replica silent this long is dead to the others. */
  leaseMs: number;
  /** Heartbeat period: a third of the lease, so two missed beats still keep the leases. */
  heartbeatMs?: number;
  /** The fleet's host names, as configured now (every replica reads the same fleet file). */
  hosts: () => readonly string[];
  /**
   * Makes the poller poll exactly `owned`. Awaited before leases on dropped hosts are released,
   * so a host is never polled by this replica after another may have taken it.
   */
  apply: (owned: ReadonlySet<string>, taken: readonly string[]) => Promise<void> | void;
  log?: (line: string) => void;
  now?: () => number;
}

export interface MembershipState {
  id: string;
  live: string[];
  owned: number;
  lastBeatAt: number | null;
  lastError: string | null;
}

/**
 * This replica's part in the fleet split. Each heartbeat: record itself, read the live replicas,
 * compute its share by rendezvous hashing, renew and take those leases (a host still leased to
 * another replica is left until that lease runs out), hand the result to the poller, then release
 * the leases it no longer wants. When it cannot renew for most of a lease it stops polling
 * everything (fencing itself) rather than poll hosts another replica may have taken.
 */
export class Membership {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private owned = new Set<string>();
  private live: string[] = [];
  private renewedAt: number | null = null;
  private lastError: string | null = null;
  private stopped = false;
  private readonly heartbeatMs: number;
  private readonly now: () => number;

  constructor(
    private readonly leases: LeaseStore,
    private readonly opts: MembershipOptions,
  ) {
    this.heartbeatMs = opts.heartbeatMs ?? Math.max(200, Math.floor(opts.leaseMs / 3));
    this.now = opts.now ?? Date.now;
  }

  get id(): string {
    return this.opts.id;
  }

  ownsHost(host: string): boolean {
    return this.owned.has(host);
  }

  state(): MembershipState {
    return { id: this.opts.id, live: [...this.live], owned: this.owned.size, lastBeatAt: this.renewedAt, lastError: this.lastError };
  }

  /**
   * Registers, waits one heartbeat, then takes its share (awaited: the poller starts with it) and
   * beats every `heartbeatMs`. The wait lets replicas started together (a deploy) see each other
   * first: otherwise the first to beat takes the whole fleet and hands most of it over a beat later.
   */
  async start(): Promise<void> {
    await this.leases.beat({ id: this.opts.id, url: this.opts.url }, this.opts.leaseMs).catch(() => undefined);
    await new Promise((r) => setTimeout(r, this.heartbeatMs));
    await this.tick();
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(async () => {
        await this.tick();
        loop();
      }, this.heartbeatMs);
    };
    loop();
  }

  /** Runs one heartbeat (tests and start-up); never two at once. */
  tick(): Promise<void> {
    this.running ??= this.beat().finally(() => (this.running = null));
    return this.running;
  }

  private async beat(): Promise<void> {
    if (this.stopped) return;
    const me = this.opts.id;
    try {
      const live = await this.leases.beat({ id: me, url: this.opts.url }, this.opts.leaseMs);
      const desired = hostsOwnedBy(me, this.opts.hosts(), live);
      const held = new Set(await this.leases.acquire(me, desired, this.opts.leaseMs));
      this.renewedAt = this.now();
      this.live = live;
      this.lastError = null;
      const taken = [...held].filter((h) => !this.owned.has(h));
      const changed = taken.length > 0 || [...this.owned].some((h) => !held.has(h));
      this.owned = held;
      if (changed) {
        await this.opts.apply(held, taken);
        this.opts.log?.(`[cluster] ${me}: polling ${held.size} hosts of ${this.opts.hosts().length} (${live.length} replicas live)`);
      }
      await this.leases.releaseExcept(me, [...held]);
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      const silentFor = this.renewedAt === null ? Infinity : this.now() - this.renewedAt;
      if (this.owned.size > 0 && silentFor > 0.8 * this.opts.leaseMs) {
        this.opts.log?.(`[cluster] ${me}: leases not renewed for ${silentFor} ms (${this.lastError}); stopping all polling until the store answers`);
        this.owned = new Set();
        await this.opts.apply(this.owned, []);
      } else {
        this.opts.log?.(`[cluster] ${me}: heartbeat failed: ${this.lastError}`);
      }
    }
  }

  /** Stops heartbeating and frees this replica's hosts for the others at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.owned = new Set();
    await this.opts.apply(this.owned, []);
    await this.leases.leave(this.opts.id).catch(() => undefined);
  }
}
