import { isFailedStatus, type FleetHost } from "./fleet-schema";

export interface FleetSummary {
  hosts: number;
  critical: number;
  warn: number;
  ok: number;
  /** unreachable + hostkey: the last attempt failed, numbers shown are old. */
  unreachable: number;
  noConntrack: number;
  pending: number;
  /** Hosts whose last poll saw the drop counter move. */
  droppingNow: number;
  /** Sum of the dropping hosts' current drop rates (drops per second). */
  dropRate: number;
  /** Hosts with drops in the last hour that are not dropping now. */
  droppedRecently: number;
  /** Sum of `dropsLastHour` over hosts that report it. */
  dropsLastHour: number;
}

export function summarizeFleet(hosts: readonly FleetHost[]): FleetSummary {
  const s: FleetSummary = {
    hosts: hosts.length,
    critical: 0,
    warn: 0,
    ok: 0,
    unreachable: 0,
    noConntrack: 0,
    pending: 0,
    droppingNow: 0,
    dropRate: 0,
    droppedRecently: 0,
    dropsLastHour: 0,
  };
  for (const h of hosts) {
    if (h.status === "critical") s.critical++;
    else if (h.status === "warn") s.warn++;
    else if (h.status === "ok") s.ok++;
    else if (isFailedStatus(h.status)) s.unreachable++;
    else if (h.status === "no-conntrack") s.noConntrack++;
    else if (h.status === "pending") s.pending++;
    if (h.droppingNow) {
      s.droppingNow++;
      s.dropRate += h.dropRate ?? 0;
    } else if ((h.dropsLastHour ?? 0) > 0) s.droppedRecently++;
    s.dropsLastHour += h.dropsLastHour ?? 0;
  }
  return s;
}
