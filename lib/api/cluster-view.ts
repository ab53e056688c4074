import "server-only";
import type { Runtime } from "@/lib/collector/runtime";

const iso = (ms: number) => new Date(ms).toISOString();

/** `GET /api/cluster`: the replicas sharing the store, which one answered, and how the fleet is split. */
export async function clusterView(rt: Runtime) {
  const c = rt.cluster;
  if (!c) return { engine: rt.store.engine, replica: null, leaseMs: null, replicas: [], unassigned: 0 };
  const [replicas, holders] = await Promise.all([c.leases.replicas(c.leaseMs), c.leases.holders()]);
  const held = new Map<string, number>();
  for (const r of holders.values()) held.set(r, (held.get(r) ?? 0) + 1);
  const fleet = rt.config.hosts.map((h) => h.name);
  return {
    engine: rt.store.engine,
    replica: c.replicaId,
    leaseMs: c.leaseMs,
    replicas: replicas
      .filter((r) => r.live || held.has(r.id))
      .map((r) => ({ id: r.id, url: r.url, live: r.live, startedAt: iso(r.startedAt), heartbeatAt: iso(r.heartbeatAt), hosts: held.get(r.id) ?? 0 })),
    /** Hosts no replica holds a lease on right now (between a replica's death and its leases running out, or while the split settles). */
    unassigned: fleet.filter((h) => !holders.has(h)).length,
  };
}
