import type { FleetHost, Thresholds } from "@/lib/client/fleet-schema";
import { statusGroup, type StatusGroup } from "@/lib/client/fleet-sort";
import type { SortKey, SortDir } from "@/lib/client/fleet-view";
import { HostRow } from "./host-row";
import { SortHeader } from "./sort-header";
import { GROUP_ACCENT, GROUP_LABEL } from "./status-style";
import { COLUMN_COUNT, TableColumns, tableClass, theadClass } from "./table-layout";

export interface HostTableProps {
  hosts: readonly FleetHost[];
  thresholds: Thresholds;
  sort: SortKey;
  dir: SortDir;
  /** Split rows into labelled status groups (the hottest-first view). */
  grouped: boolean;
  clockOffsetMs: number;
  staleAfterMs: number;
  activeTag: string;
  onSort: (key: SortKey) => void;
  onTagClick: (tag: string) => void;
}

function groupRuns(hosts: readonly FleetHost[]): { group: StatusGroup; hosts: FleetHost[] }[] {
  const runs: { group: StatusGroup; hosts: FleetHost[] }[] = [];
  for (const host of hosts) {
    const group = statusGroup(host.status);
    const last = runs.at(-1);
    if (last && last.group === group) last.hosts.push(host);
    else runs.push({ group, hosts: [host] });
  }
  return runs;
}

export function HostTable(props: HostTableProps) {
  const { hosts, sort, dir, grouped, onSort } = props;
  const runs: { group: StatusGroup | null; hosts: readonly FleetHost[] }[] = grouped
    ? groupRuns(hosts)
    : [{ group: null, hosts }];
  const header = { activeSort: sort, dir, onSort };

  return (
    <table className={tableClass} aria-label="Hosts">
      <TableColumns />
      <thead className={theadClass}>
        <tr>
          <SortHeader label="Host" sortKey="name" {...header} />
          <SortHeader label="Tags" sortKey="tags" {...header} />
          <SortHeader label="Utilization" sortKey="util" hint="count / max" {...header} />
          <SortHeader label="Count" sortKey="count" align="right" {...header} />
          <SortHeader label="Max" sortKey="max" align="right" {...header} />
          <SortHeader label="Drops 1h" sortKey="drops" align="right" hint="Packets dropped in the last hour" {...header} />
          <SortHeader label="Status" sortKey="status" hint="Hottest first" {...header} />
          <SortHeader label="Last poll" sortKey="age" align="right" {...header} />
        </tr>
      </thead>
      {runs.map((run) => (
        <tbody key={run.group ?? "all"}>
          {run.group && (
            <tr className="border-t border-zinc-200 dark:border-zinc-800">
              <th
                scope="rowgroup"
                colSpan={COLUMN_COUNT}
                className={`bg-zinc-50 px-3 pt-2.5 pb-1 text-left text-[11px] font-semibold tracking-wide uppercase dark:bg-zinc-900/60 ${GROUP_ACCENT[run.group]}`}
              >
                {GROUP_LABEL[run.group]} <span className="num font-normal text-zinc-400 dark:text-zinc-500">{run.hosts.length}</span>
              </th>
            </tr>
          )}
          {run.hosts.map((host) => (
            <HostRow
              key={host.name}
              host={host}
              thresholds={props.thresholds}
              clockOffsetMs={props.clockOffsetMs}
              staleAfterMs={props.staleAfterMs}
              activeTag={props.activeTag}
              onTagClick={props.onTagClick}
            />
          ))}
        </tbody>
      ))}
    </table>
  );
}
