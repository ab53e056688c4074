import "server-only";
import type { Runtime } from "@/lib/collector/runtime";
import { utilizationOf } from "@/lib/collector/host-status";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

type LiveHost = ReturnType<Runtime["poller"]["hosts"]>[number];

/** The `/api/hosts` document: the shape is the public contract documented in the README. */
export function fleetView(rt: Runtime, now = Date.now()) {
  return {
    generatedAt: new Date(now).toISOString(),
    pollIntervalSeconds: rt.config.pollIntervalMs / 1000,
    thresholds: rt.config.thresholds,
    hosts: rt.poller.hosts(now).map(shapeHost),
  };
}

export function hostView(rt: Runtime, name: string, now = Date.now()) {
  const h = rt.poller.hosts(now).find((x) => x.name === name);
  return h ? shapeHost(h) : null;
}

function shapeHost(h: LiveHost) {
  return ({
      name: h.name,
      address: h.address,
      tags: h.tags,
      status: h.status,
      count: h.count,
      max: h.max,
      utilization: utilizationOf(h.count, h.max),
      buckets: h.buckets,
      drops: h.drops,
      dropsLastHour: h.dropsLastHour,
      droppingNow: h.droppingNow,
      lastPollAt: iso(h.lastPollAt),
      lastOkAt: iso(h.lastOkAt),
      kernel: h.kernel,
      error: h.error,
  });
}
