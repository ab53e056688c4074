import type { FleetHost } from "./fleet-schema";

/** Builds a host for table-driven tests: only what a case cares about needs spelling out. */
export function makeHost(name: string, over: Partial<FleetHost> = {}): FleetHost {
  return {
    name,
    address: "127.0.10.1",
    tags: [],
    status: "ok",
    count: 1000,
    max: 262144,
    utilization: 1000 / 262144,
    buckets: 65536,
    drops: 0,
    dropsLastHour: 0,
    droppingNow: false,
    dropRate: 0,
    droppingSince: null,
    lastDropAt: null,
    lastPollAt: "2026-11-25T18:00:00.000Z",
    lastOkAt: "2026-11-25T18:00:00.000Z",
    kernel: "6.1.0-26-amd64",
    error: null,
    nextPollAt: "2026-11-25T18:00:05.000Z",
    connection: "connected",
    pollMode: "reader",
    readerRestarts: 0,
    temporaryRaise: null,
    ...over,
  };
}
