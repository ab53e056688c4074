import { formatCount, formatPercent } from "@/lib/client/fleet-format";
import { formatBytes } from "@/lib/client/host-format";
import type { LimitPlan } from "@/lib/client/limit-schema";

const label = "text-[11px] font-medium text-zinc-500 dark:text-zinc-400";
const muted = "text-zinc-500 dark:text-zinc-400";

/** The table as the server just read it: what the change starts from. */
export function CurrentState({ current }: { current: NonNullable<LimitPlan["current"]> }) {
  const util = current.count !== null && current.max ? current.count / current.max : null;
  const buckets = current.buckets ?? current.hashsize;
  return (
    <dl className="grid grid-cols-2 gap-3 rounded-md bg-zinc-50 px-3 py-2 sm:grid-cols-3 dark:bg-zinc-800/50">
      <div>
        <dt className={label}>Entries now</dt>
        <dd className="num text-[13px]" data-testid="raise-current-count">
          {formatCount(current.count)} <span className={`text-xs ${muted}`}>({formatPercent(util)} full)</span>
        </dd>
      </div>
      <div>
        <dt className={label}>nf_conntrack_max</dt>
        <dd className="num text-[13px] font-semibold" data-testid="raise-current-max">
          {formatCount(current.max)}
        </dd>
      </div>
      <div>
        <dt className={label}>Buckets / hashsize</dt>
        <dd className="num text-[13px]">
          {formatCount(buckets)}
          {current.hashsize !== null && current.hashsize !== buckets && <span className={muted}> / {formatCount(current.hashsize)}</span>}
        </dd>
      </div>
    </dl>
  );
}

type Proposal = NonNullable<LimitPlan["proposal"]>;

/**
 * The server's proposal and why. The summary, rule texts and any further explanation lines are
 * the planner's own words, shown verbatim as text.
 */
export function ProposalPanel({ proposal: p, requested }: { proposal: Proposal; requested: LimitPlan["requested"] }) {
  const ruleTexts = new Set(p.rules.map((r) => r.detail));
  const extra = p.explanation.filter((line) => line !== p.summary && !ruleTexts.has(line));
  const requestedMemory = requested && requested.max !== p.max ? requested.memoryBytes : null;
  return (
    <section aria-labelledby="raise-proposal-heading" className="space-y-2">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h3 id="raise-proposal-heading" className={label}>
          {p.raise ? "Proposed" : "No raise proposed"}
        </h3>
        <span className="num text-lg leading-6 font-semibold">
          {p.raise ? "max " : "max stays at "}
          <span data-testid="raise-proposal">{formatCount(p.max)}</span>
        </span>
        {p.raise && (
          <span className={`num text-[13px] ${muted}`}>
            hashsize{" "}
            <span className="font-medium text-zinc-800 dark:text-zinc-200">
              {p.hashsize === null ? "unchanged" : formatCount(p.hashsize)}
            </span>
          </span>
        )}
      </div>
      <div data-testid="raise-explanation" className="space-y-1.5">
        {p.summary && <p className="text-[13px] text-zinc-800 dark:text-zinc-200">{p.summary}</p>}
        {p.rules.length > 0 && (
          <ul className="space-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
            {p.rules.map((r) => (
              <li key={r.id} className="flex gap-2">
                <span aria-hidden className="w-3 shrink-0 text-center text-zinc-400 select-none dark:text-zinc-600">
                  {r.decisive ? "›" : "·"}
                </span>
                <span className={r.decisive ? "font-medium text-zinc-800 dark:text-zinc-200" : undefined}>
                  {r.detail ?? (
                    <>
                      {r.label}
                      {r.value !== null && <span className="num">: {formatCount(r.value)}</span>}
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
        {p.unknownInputs.length > 0 && (
          <p data-testid="raise-unknown-inputs" className="text-xs font-medium text-amber-800 dark:text-amber-300">
            Not known for this host: {p.unknownInputs.join(", ")}
          </p>
        )}
        {extra.map((line) => (
          <p key={line} className="text-xs text-amber-800 dark:text-amber-300">
            {line}
          </p>
        ))}
      </div>
      <MemoryLine bytes={p.memoryBytes} budget={p.budgetBytes} at={p.max} />
      {requestedMemory !== null && requested && <MemoryLine bytes={requestedMemory} budget={p.budgetBytes} at={requested.max} />}
    </section>
  );
}

/** What a full table costs against the memory budget, always naming the limit it was computed for. */
function MemoryLine({ bytes, budget, at }: { bytes: number | null; budget: number | null; at: number }) {
  if (bytes === null) return null;
  const ratio = budget ? bytes / budget : null;
  const over = ratio !== null && ratio > 1;
  return (
    <div data-testid="raise-memory" className="flex items-center gap-3 text-xs">
      <div aria-hidden className="relative h-1.5 w-20 shrink-0 sm:w-32 overflow-hidden rounded-sm bg-zinc-200 dark:bg-zinc-800">
        {ratio !== null && (
          <div
            className={`absolute inset-y-0 left-0 rounded-sm ${over ? "bg-red-600 dark:bg-red-500" : "bg-zinc-500 dark:bg-zinc-400"}`}
            style={{ width: `${Math.min(1, ratio) * 100}%` }}
          />
        )}
      </div>
      {/* Wraps on a phone (tabular figures, not `num`: that would keep the sentence on one line). */}
      <span className={`min-w-0 tabular-nums ${over ? "font-medium text-red-700 dark:text-red-400" : muted}`}>
        a full table at {formatCount(at)} uses <span className="font-medium text-zinc-800 dark:text-zinc-200">{formatBytes(bytes)}</span>
        {budget !== null && (
          <>
            {" "}
            of the {formatBytes(budget)} memory budget ({formatPercent(ratio)})
          </>
        )}
      </span>
    </div>
  );
}
