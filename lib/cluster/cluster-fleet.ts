import "server-only";
import type { HostConfig } from "@/lib/config/fleet-file";
import { progressOf, type FleetPoller, type FleetProgress, type HostView } from "@/lib/collector/fleet-poller";
import { emptyLive } from "@/lib/collector/host-record";

/**
 * What the API reads of the fleet's live state. One process: its poller. A cluster: this
 * replica's own hosts from its poller, every other host as its polling replica last shared it.
 */
export interface FleetReads {
  hosts(now?: number): HostView[];
  hostView(name: string, now?: number): HostView | null;
  /** Whether the host is in the fleet (configured), wherever it is polled. */
  has(name: string): boolean;
  progress(): FleetProgress;
  bootTime(name: string): number | null;
  /** The replica polling the host (null with one process, or before any replica shared it). */
  replicaOf(name: string): string | null;
}

/** The view a replica shares for each host it polls: the overview's view, plus what the others need. */
export type SharedView = HostView & { bootTimeMs: number | null; polledBy: string };

export function localFleet(poller: FleetPoller): FleetReads {
  return {
    hosts: (now) => poller.hosts(now),
    hostView: (name, now) => poller.hostView(name, now),
    has: (name) => poller.host(name) !== null,
    progress: () => poller.progress(),
    bootTime: (name) => poller.bootTime(name),
    replicaOf: () => null,
  };
}

export function clusterFleet(
  poller: FleetPoller,
  me: string,
  configured: () => readonly HostConfig[],
  shared: () => ReadonlyMap<string, { view: unknown }>,
): FleetReads {
  const sharedView = (name: string) => shared().get(name)?.view as SharedView | undefined;
  const remote = (h: HostConfig): HostView => {
    const v = sharedView(h.name);
    // Address and tags from this replica's own reading of the fleet file, the rest as shared.
    if (v) return { ...v, address: h.address, tags: h.tags };
    return {
      ...emptyLive(h),
      dropsLastHour: null,
      droppingNow: false,
      dropRate: null,
      droppingSince: null,
      lastDropAt: null,
      nextPollAt: null,
      pollMode: null,
      readerRestarts: 0,
      readerKills: 0,
      pollModeReason: null,
      connection: "idle",
    };
  };
  const hosts = (now?: number) => {
    const own = new Map(poller.hosts(now).map((v) => [v.name, v]));
    return configured().map((h) => own.get(h.name) ?? remote(h));
  };
  return {
    hosts,
    hostView(name, now) {
      const own = poller.hostView(name, now);
      if (own) return own;
      const h = configured().find((c) => c.name === name);
      return h ? remote(h) : null;
    },
    has: (name) => configured().some((h) => h.name === name),
    progress: () => progressOf(configured().map((h) => poller.connectionOf(h.name) ?? sharedView(h.name)?.connection ?? "idle")),
    bootTime: (name) => (poller.host(name) ? poller.bootTime(name) : (sharedView(name)?.bootTimeMs ?? null)),
    replicaOf: (name) => (poller.host(name) ? me : (sharedView(name)?.polledBy ?? null)),
  };
}
