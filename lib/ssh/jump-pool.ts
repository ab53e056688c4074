import "server-only";
import { HostConnection, type ConnectionOptions, type HostTarget } from "./host-connection";

/** One hop of a jump path: who to log in as where, and with what. */
export type JumpHopTarget = HostTarget;

interface Entry {
  conn: HostConnection;
  refs: number;
}

const keyOf = (hops: readonly JumpHopTarget[]): string => hops.map((h) => `${h.user}@${h.address}:${h.port}`).join(",");

/**
 * The connections to jump hosts, shared: one SSH connection to a bastion carries a forwarded
 * channel per host behind it, however many hosts name it. A path of two hops shares its first hop
 * with every path through the same bastion. Each connection is reference-counted by the hosts whose
 * paths go through it and closed when the last of them is removed; it reconnects with the same
 * backoff and handshake admission as a host (it is a HostConnection).
 */
export class JumpPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly opts: ConnectionOptions) {}

  /** The connection to the last hop of `hops` (itself reached through the hops before it); null for none. */
  acquire(hops: readonly JumpHopTarget[]): HostConnection | null {
    let via: HostConnection | null = null;
    for (let i = 0; i < hops.length; i++) {
      const key = keyOf(hops.slice(0, i + 1));
      let entry = this.entries.get(key);
      if (!entry) {
        entry = { conn: new HostConnection(hops[i]!, this.opts, via), refs: 0 };
        this.entries.set(key, entry);
      }
      entry.refs++;
      via = entry.conn;
    }
    return via;
  }

  /** Gives back what `acquire(hops)` took; a hop nobody goes through any more is disconnected. */
  release(hops: readonly JumpHopTarget[]): void {
    for (let i = hops.length; i >= 1; i--) {
      const key = keyOf(hops.slice(0, i));
      const entry = this.entries.get(key);
      if (!entry) continue;
      if (--entry.refs <= 0) {
        entry.conn.dispose();
        this.entries.delete(key);
      }
    }
  }

  /** Every jump connection: its path, how many host paths use it, its state. */
  stats(): { path: string; refs: number; state: HostConnection["state"]; generation: number }[] {
    return [...this.entries].map(([path, e]) => ({ path, refs: e.refs, state: e.conn.state, generation: e.conn.connectionGeneration }));
  }

  dispose(): void {
    for (const e of this.entries.values()) e.conn.dispose();
    this.entries.clear();
  }
}
