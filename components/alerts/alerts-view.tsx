"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { RefreshIndicator } from "@/components/fleet/refresh-indicator";
import { ALERTS_REFETCH_MS, alertsQuery, type AlertsResponse } from "@/lib/client/alerts-api";
import { describeDelivery } from "@/lib/client/alerts-format";
import { describeError } from "@/lib/client/fleet-api";
import { formatAge, formatTimestamp, parseTime } from "@/lib/client/fleet-format";
import { useNow } from "@/lib/client/use-now";

const panel = "overflow-x-auto rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950";
const th = "px-3 py-2 text-left text-[12px] font-medium text-zinc-500 dark:text-zinc-400";
const td = "px-3 py-2 align-top";

/** The one component of the alerts page that talks to the API. */
export function AlertsView() {
  const query = useQuery({ ...alertsQuery(), refetchInterval: ALERTS_REFETCH_MS });
  const failure = query.isError ? describeError(query.error) : null;
  const data = query.data;
  return (
    <div className="space-y-4">
      <div className="flex h-7 flex-wrap items-center justify-between gap-x-4">
        <h1 className="text-base font-semibold">
          Alerts{" "}
          <span className="text-[13px] font-normal text-zinc-500 dark:text-zinc-400">
            rules from the fleet file&apos;s <code>alerts:</code> section, notifications sent to webhooks
          </span>
        </h1>
        <RefreshIndicator updatedAt={query.dataUpdatedAt} failure={failure} refetchMs={ALERTS_REFETCH_MS} />
      </div>
      {!data ? (
        <p className="text-[13px] text-zinc-500" data-testid="alerts-loading">
          {failure ?? "Loading…"}
        </p>
      ) : (
        <>
          <FiringTable data={data} />
          <NotificationsTable data={data} />
          <RulesSummary data={data} />
        </>
      )}
    </div>
  );
}

function FiringTable({ data }: { data: AlertsResponse }) {
  const now = useNow();
  return (
    <section className="space-y-2" aria-labelledby="firing-heading">
      <h2 id="firing-heading" className="text-[13px] font-semibold">
        Firing now <span className="font-normal text-zinc-500">({data.firing.length})</span>
      </h2>
      <div className={panel}>
        {data.firing.length === 0 ? (
          <p className="px-3 py-3 text-[13px] text-zinc-500" data-testid="alerts-none-firing">
            {data.rules.length === 0 ? "No alert rules are configured (see the README: alerts)." : "Nothing is firing."}
          </p>
        ) : (
          <table className="w-full text-[13px]">
            <thead className="border-b border-zinc-200 dark:border-zinc-800">
              <tr>
                <th className={th}>Rule</th>
                <th className={th}>Host</th>
                <th className={th}>Since</th>
                <th className={th}>Last seen</th>
              </tr>
            </thead>
            <tbody>
              {data.firing.map((f) => (
                <tr key={`${f.rule}/${f.host}`} data-testid={`firing-${f.rule}-${f.host}`} className="border-b border-zinc-100 last:border-0 dark:border-zinc-900">
                  <td className={td}>
                    <span className="mr-2 rounded bg-red-100 px-1.5 py-0.5 text-[11px] font-semibold text-red-800 dark:bg-red-950 dark:text-red-300">firing</span>
                    <span className="font-medium">{f.rule}</span> <span className="text-zinc-500">{f.kind}</span>
                  </td>
                  <td className={td}>
                    <Link href={`/hosts/${encodeURIComponent(f.host)}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                      {f.host}
                    </Link>
                  </td>
                  <td className={td} title={formatTimestamp(f.since)} data-testid="firing-since">
                    {formatTimestamp(f.since)} <span className="text-zinc-500">({formatAge(parseTime(f.since), now)})</span>
                  </td>
                  <td className={`${td} text-zinc-600 dark:text-zinc-400`}>{f.value ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

const STATE_STYLE = {
  delivered: "text-emerald-700 dark:text-emerald-400",
  pending: "text-amber-700 dark:text-amber-400",
  dead: "text-red-700 dark:text-red-400",
} as const;

function NotificationsTable({ data }: { data: AlertsResponse }) {
  return (
    <section className="space-y-2" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading" className="text-[13px] font-semibold">
        Recent notifications <span className="font-normal text-zinc-500">(newest first, last 100)</span>
      </h2>
      <div className={panel}>
        {data.notifications.length === 0 ? (
          <p className="px-3 py-3 text-[13px] text-zinc-500" data-testid="alerts-no-notifications">
            No notifications sent yet.
          </p>
        ) : (
          <table className="w-full text-[13px]">
            <thead className="border-b border-zinc-200 dark:border-zinc-800">
              <tr>
                <th className={th}>Queued</th>
                <th className={th}>Host</th>
                <th className={th}>Alerts</th>
                <th className={th}>Receiver</th>
                <th className={th}>Delivery</th>
              </tr>
            </thead>
            <tbody>
              {data.notifications.map((n) => (
                <tr
                  key={n.id}
                  data-testid="notification-row"
                  data-host={n.host}
                  data-receiver={n.receiver}
                  data-status={n.status}
                  data-state={n.state}
                  className="border-b border-zinc-100 last:border-0 dark:border-zinc-900"
                >
                  <td className={`${td} whitespace-nowrap`}>{formatTimestamp(n.createdAt)}</td>
                  <td className={td}>{n.host}</td>
                  <td className={td}>
                    {n.alerts.map((a) => (
                      <div key={a.rule}>
                        <span className={a.status === "firing" ? "font-semibold text-red-700 dark:text-red-400" : "font-semibold text-emerald-700 dark:text-emerald-400"}>
                          {a.status}
                        </span>{" "}
                        {a.rule}
                      </div>
                    ))}
                  </td>
                  <td className={td}>
                    <div className="font-medium">{n.receiver}</div>
                    <div className="text-[12px] text-zinc-500" data-testid="notification-target">
                      {n.receiverKind ?? "?"} · {n.target ?? "no longer configured"}
                    </div>
                  </td>
                  <td className={`${td} ${STATE_STYLE[n.state]}`} data-testid="notification-delivery">
                    {describeDelivery(n)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

function RulesSummary({ data }: { data: AlertsResponse }) {
  if (data.rules.length === 0) return null;
  const targets = new Map(data.receivers.map((r) => [r.name, `${r.kind} · ${r.target}`]));
  return (
    <section className="space-y-1 text-[12px] text-zinc-500 dark:text-zinc-400" data-testid="alerts-rules">
      <h2 className="text-[13px] font-semibold text-zinc-900 dark:text-zinc-100">Rules</h2>
      {data.rules.map((r) => (
        <div key={r.name}>
          <span className="font-medium text-zinc-700 dark:text-zinc-300">{r.name}</span> ({r.kind}
          {r.hosts ? ` on ${r.hosts.join(", ")}` : ""}) → {r.receivers.map((name) => `${name} (${targets.get(name) ?? "?"})`).join(", ")}
        </div>
      ))}
    </section>
  );
}
