"use client";

import type { ReactNode } from "react";
import { formatAge, formatCount, formatTimestamp, parseTime } from "@/lib/client/fleet-format";
import { formatBytes, formatDuration } from "@/lib/client/host-format";
import type { HostDetail } from "@/lib/client/host-schema";
import { useNow } from "@/lib/client/use-now";
import { TemporaryBadge } from "@/components/fleet/temporary-badge";

interface FactProps {
  label: string;
  testId?: string;
  title?: string;
  children: ReactNode;
  /** Muted detail after the value, outside the test id so tests read the value alone. */
  extra?: ReactNode;
}

function Fact({ label, testId, title, children, extra }: FactProps) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="num truncate text-[13px] text-zinc-900 dark:text-zinc-100" title={title}>
        <span data-testid={testId}>{children}</span>
        {extra}
      </dd>
    </div>
  );
}

const muted = "text-zinc-400 dark:text-zinc-500";

const SOURCE_LABEL: Record<string, string> = {
  journal: "journalctl -k",
  dmesg: "dmesg",
  "kern.log": "/var/log/kern.log",
  messages: "/var/log/messages",
};

function pollingTitle(host: HostDetail): string | undefined {
  const p = host.polling;
  if (p.mode !== "reader") return p.reason ?? undefined;
  const restarts = p.readerRestarts === 1 ? "1 restart" : `${p.readerRestarts} restarts`;
  const kills = p.readerKills === 1 ? "1 kill" : `${p.readerKills} kills`;
  return `One long-lived shell on the host answers each poll from builtins (no process per poll). Since the dashboard started: ${restarts}, ${kills} after a poll that stalled.`;
}

/** What the host is: read once per connection, so it changes rarely and is shown compactly. */
export function HostFacts({ host, clockOffsetMs }: { host: HostDetail; clockOffsetMs: number }) {
  const now = useNow() + clockOffsetMs;
  const f = host.facts;
  const kernel = f.kernel ?? host.kernel;
  const buckets = f.buckets ?? host.buckets;
  const bootMs = parseTime(f.bootTime);
  const logReadMs = parseTime(host.log.lastReadAt);
  const fromSlab = f.entryBytesSource === "slabinfo";
  const memoryTitle =
    f.entryBytes === null
      ? "Estimated memory the table would use when full."
      : `Estimated memory when the table is full: max × ${f.entryBytes} bytes per entry ` +
        (fromSlab
          ? "(object size read from /proc/slabinfo on this host)"
          : "(documented default: /proc/slabinfo is root-only, published sizes are 300–400 bytes)") +
        (buckets !== null ? ` + ${formatCount(buckets)} hash buckets × 8 bytes.` : ".");

  return (
    <section aria-label="Host facts" className="rounded-md border border-zinc-200 bg-white px-3 py-2.5 dark:border-zinc-800 dark:bg-zinc-900">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3 lg:grid-cols-5 2xl:grid-cols-10">
        <Fact label="Kernel" testId="fact-kernel" title={kernel ?? undefined}>
          {kernel ?? <span className={muted}>unknown</span>}
        </Fact>
        <Fact label="Cores" testId="fact-cores">
          {f.cores ?? <span className={muted}>—</span>}
        </Fact>
        <Fact label="RAM" testId="fact-ram" title={f.memTotalBytes !== null ? `${formatCount(f.memTotalBytes)} bytes` : undefined}>
          {formatBytes(f.memTotalBytes)}
        </Fact>
        <Fact label="Module" title={f.module === "ip_conntrack" ? "legacy ip_conntrack (CentOS 5/6 era)" : undefined}>
          {f.module ?? <span className={muted}>{host.status === "no-conntrack" || kernel !== null ? "not loaded" : "unknown"}</span>}
        </Fact>
        <Fact
          label="nf_conntrack_max"
          testId="fact-max"
          extra={host.temporaryRaise ? <TemporaryBadge raise={host.temporaryRaise} testId="fact-max-temporary" /> : undefined}
        >
          {formatCount(host.max)}
        </Fact>
        <Fact
          label="Buckets / hashsize"
          testId="fact-buckets"
          title={buckets !== null && host.max ? `max / buckets = ${(host.max / buckets).toFixed(1)} entries per bucket` : undefined}
          extra={f.hashsize !== null && f.hashsize !== buckets && <span className={muted}> / {formatCount(f.hashsize)}</span>}
        >
          {formatCount(buckets)}
        </Fact>
        <Fact
          label="Memory at max"
          testId="fact-max-memory"
          title={memoryTitle}
          extra={
            f.entryBytes !== null &&
            f.maxMemoryBytes !== null && (
              <span className={`${muted} text-[11px]`}> · {f.entryBytes} B/entry{fromSlab ? "" : " est."}</span>
            )
          }
        >
          <span className="cursor-help underline decoration-zinc-300 decoration-dotted underline-offset-2 dark:decoration-zinc-600">
            {formatBytes(f.maxMemoryBytes)}
          </span>
        </Fact>
        <Fact label="Booted" title={f.bootTime ? formatTimestamp(f.bootTime) : undefined}>
          {bootMs === null ? <span className={muted}>unknown</span> : <>up {formatDuration(now - bootMs)}</>}
        </Fact>
        <Fact label="Kernel log" title={host.log.error ?? (host.log.source ? SOURCE_LABEL[host.log.source] : undefined)}>
          {host.log.source ?? <span className={host.log.error ? "text-amber-700 dark:text-amber-400" : muted}>{host.log.error ? "unavailable" : "none yet"}</span>}
        </Fact>
        <Fact label="Polled by" testId="fact-poll-mode" title={pollingTitle(host)}>
          {host.polling.mode === "reader" ? (
            "reader"
          ) : host.polling.mode === "exec" ? (
            <span className="text-amber-700 dark:text-amber-400">exec per poll</span>
          ) : (
            <span className={muted}>not yet</span>
          )}
          {host.polling.replica && <span className={muted} data-testid="fact-replica"> · on {host.polling.replica}</span>}
        </Fact>
        <Fact label="Log read" title={host.log.lastReadAt ? formatTimestamp(host.log.lastReadAt) : undefined}>
          {logReadMs === null ? <span className={muted}>never</span> : formatAge(logReadMs, now)}
        </Fact>
      </dl>
      {host.polling.mode === "exec" && host.polling.reason && (
        <p className="mt-2 text-xs text-amber-700 dark:text-amber-400" data-testid="poll-mode-reason">
          Polled with one command per poll (a session, a shell and <code>head</code> each time): {host.polling.reason}.
        </p>
      )}
      {host.log.error && (
        <p className="mt-2 text-xs text-amber-700 dark:text-amber-400">Kernel log: {host.log.error}</p>
      )}
    </section>
  );
}
