import type { FleetHost } from "./fleet-schema";
import { statusGroup, type StatusGroup } from "./fleet-sort";

/** One line of the virtualised table: a status group's heading, or a host. */
export type TableItem =
  | { kind: "group"; key: string; group: StatusGroup; count: number }
  | { kind: "host"; key: string; host: FleetHost };

/**
 * The table as a flat list the virtualizer can window. Grouped (the hottest-first view), each run
 * of one status group gets a heading line before it.
 */
export function tableItems(hosts: readonly FleetHost[], grouped: boolean): TableItem[] {
  if (!grouped) return hosts.map((host) => ({ kind: "host", key: host.name, host }));
  const items: TableItem[] = [];
  let heading: Extract<TableItem, { kind: "group" }> | null = null;
  for (const host of hosts) {
    const group = statusGroup(host);
    if (!heading || heading.group !== group) {
      // A group can only repeat if the input is not sorted by status; keys must stay unique.
      heading = { kind: "group", key: `group:${group}:${items.length}`, group, count: 0 };
      items.push(heading);
    }
    heading.count++;
    items.push({ kind: "host", key: host.name, host });
  }
  return items;
}
