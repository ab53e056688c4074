import Link from "next/link";
import { formatCount } from "@/lib/client/fleet-format";
import { describeHostLeft, type RaiseOutcome } from "@/lib/client/limit-api";
import type { LimitMode, RaiseSuccess } from "@/lib/client/limit-schema";

type Failure = Extract<RaiseOutcome, { kind: "failure" }>;

const heading = "text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400";

/** Only ever rendered for a 2xx reply whose body said `ok: true`: the values are the host's read-back. */
export function RaiseSucceeded({ host, mode, result, onNavigate }: { host: string; mode: LimitMode; result: RaiseSuccess; onNavigate: () => void }) {
  const { before, after } = result;
  const hashChanged = after.hashsize !== null && after.hashsize !== before.hashsize;
  return (
    <div className="space-y-3">
      <div
        role="status"
        className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2.5 dark:border-emerald-700/70 dark:bg-emerald-950/40"
      >
        <p className="font-semibold text-emerald-900 dark:text-emerald-200">
          <span aria-hidden>✓ </span>Limit raised on <span className="font-mono">{host}</span>
        </p>
        <p data-testid="raise-result" className="mt-1 tabular-nums text-[13px] text-emerald-950 dark:text-emerald-100">
          nf_conntrack_max {formatCount(before.max)} → <span className="font-semibold">{formatCount(after.max)}</span>
          {hashChanged && (
            <>
              {" · "}hashsize {formatCount(before.hashsize)} → <span className="font-semibold">{formatCount(after.hashsize)}</span>
            </>
          )}
        </p>
        <p className="mt-1 text-xs text-emerald-900/80 dark:text-emerald-200/80">
          {mode === "temporary"
            ? "Temporary: the live value was set and read back. It is lost at the next reboot."
            : "Permanent: the live value was set and read back, and the files below keep it across reboots."}
        </p>
      </div>

      {result.steps.length > 0 && (
        <div>
          <h3 className={heading}>Steps</h3>
          <ol className="mt-1 space-y-0.5 text-[13px]">
            {result.steps.map((s, i) => (
              <li key={`${s.id}-${i}`} className="flex gap-2">
                <span aria-hidden className={s.ok ? "text-emerald-600 dark:text-emerald-400" : "text-red-600 dark:text-red-400"}>
                  {s.ok ? "✓" : "✗"}
                </span>
                <span>{s.description}</span>
                {!s.ok && <span className="text-red-700 dark:text-red-400">(did not succeed)</span>}
              </li>
            ))}
          </ol>
        </div>
      )}

      <div>
        <h3 className={heading}>Files</h3>
        {result.files.length === 0 ? (
          <p className="mt-1 text-[13px] text-zinc-600 dark:text-zinc-400">No files were written.</p>
        ) : (
          <ul className="mt-1 space-y-0.5">
            {result.files.map((f) => (
              <li key={f.path} data-testid="raise-result-file" className="flex items-baseline gap-2">
                <span className="font-mono text-[12px] break-all">{f.path}</span>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">{f.changed ? "written" : "already up to date, not rewritten"}</span>
              </li>
            ))}
          </ul>
        )}
      </div>

      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Recorded in the{" "}
        <Link
          href={`/audit?host=${encodeURIComponent(host)}`}
          onClick={onNavigate}
          className="font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400"
        >
          audit log
        </Link>
        {result.auditId !== null && <span className="num"> (entry #{result.auditId})</span>}.
      </p>
    </div>
  );
}

function failureTitle(f: Failure): string {
  if (f.code === "refused") return "Refused: the change was not made";
  if (f.code === "forbidden" || f.code === "csrf" || f.code === "unauthorized") return "Not allowed: the change was not made";
  if (f.status === null || f.code === "bad_response") return "No clear answer: the outcome is unknown";
  return "The raise failed";
}

/** Any non-success, in one unmistakable style. States only what the server said, or that it is unknown. */
export function RaiseFailed({ failure }: { failure: Failure }) {
  const left = describeHostLeft(failure);
  return (
    <div
      role="alert"
      className="rounded-md border-2 border-red-500 bg-red-50 px-3 py-2.5 text-red-950 dark:border-red-500/80 dark:bg-red-950/40 dark:text-red-100"
    >
      <p className="font-semibold text-red-800 dark:text-red-300">
        <span aria-hidden>✗ </span>
        {failureTitle(failure)}
      </p>
      <p data-testid="raise-error" className="mt-1 text-[13px]">
        {failure.message}
      </p>
      <dl className="mt-2 space-y-1 text-[13px]">
        {failure.failedStep && (
          <div className="flex gap-2">
            <dt className="w-24 shrink-0 text-red-800/80 dark:text-red-300/80">Failed step</dt>
            <dd data-testid="raise-failed-step">
              <span className="font-medium">{failure.failedStep.description}</span>
              {failure.failedStep.reason && <>: {failure.failedStep.reason}</>}
            </dd>
          </div>
        )}
        <div className="flex gap-2">
          <dt className="w-24 shrink-0 text-red-800/80 dark:text-red-300/80">Host left</dt>
          <dd data-testid="raise-host-left" className={left.known ? "font-medium" : "font-semibold"}>
            {left.text}
          </dd>
        </div>
        {failure.status !== null && (
          <div className="flex gap-2 text-xs text-red-800/70 dark:text-red-300/70">
            <dt className="w-24 shrink-0">Server code</dt>
            <dd className="font-mono">
              {failure.code} · HTTP {failure.status}
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}
