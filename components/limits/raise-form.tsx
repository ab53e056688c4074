import { useId } from "react";
import { formatCount } from "@/lib/client/fleet-format";
import type { LimitMode } from "@/lib/client/limit-schema";

const input =
  "num h-8 w-full rounded-md border bg-white px-2 font-mono text-[13px] text-zinc-900 shadow-xs dark:bg-zinc-900 dark:text-zinc-100 disabled:opacity-60";
const okBorder = "border-zinc-300 dark:border-zinc-700";
const badBorder = "border-red-500 dark:border-red-500";
const label = "text-[11px] font-medium text-zinc-500 dark:text-zinc-400";

export interface RaiseFormProps {
  max: string;
  hashsize: string;
  currentHashsize: number | null;
  mode: LimitMode;
  /** Which input the refusal is about, to mark it. */
  invalid: "max" | "hashsize" | null;
  /** Why nothing can be sent for these values, from the page's own check or the server's. */
  refusal: string | null;
  /** The refusal is about the proposal itself (nothing was typed): informational, not an error. */
  refusalIsInfo: boolean;
  edited: boolean;
  disabled: boolean;
  onMax: (v: string) => void;
  onHashsize: (v: string) => void;
  onMode: (m: LimitMode) => void;
  onUseProposal: () => void;
}

/** The value to send and how long it should last. Digits only; nothing is sent while typing. */
export function RaiseForm(p: RaiseFormProps) {
  const id = useId();
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <label className="block space-y-1">
          <span className={label}>New nf_conntrack_max</span>
          <input
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={16}
            data-testid="raise-max"
            value={p.max}
            disabled={p.disabled}
            aria-invalid={p.invalid === "max" || undefined}
            aria-describedby={p.refusal ? `${id}-refusal` : undefined}
            onChange={(e) => p.onMax(e.target.value)}
            className={`${input} ${p.invalid === "max" ? badBorder : okBorder}`}
          />
        </label>
        <label className="block space-y-1">
          <span className={label}>
            Hash table size <span className="font-normal">(optional)</span>
          </span>
          <input
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={16}
            data-testid="raise-hashsize"
            value={p.hashsize}
            disabled={p.disabled}
            placeholder={`unchanged (${formatCount(p.currentHashsize)})`}
            aria-invalid={p.invalid === "hashsize" || undefined}
            onChange={(e) => p.onHashsize(e.target.value)}
            className={`${input} placeholder:font-sans placeholder:text-zinc-400 ${p.invalid === "hashsize" ? badBorder : okBorder}`}
          />
        </label>
      </div>
      <div className="flex min-h-4 items-center justify-between gap-3 text-[11px] text-zinc-500 dark:text-zinc-400">
        <span>Empty hash table size: left as it is.</span>
        {p.edited && (
          <button
            type="button"
            onClick={p.onUseProposal}
            disabled={p.disabled}
            className="font-medium text-sky-700 underline-offset-2 hover:underline disabled:opacity-50 dark:text-sky-400"
          >
            Back to the proposal
          </button>
        )}
      </div>
      {p.refusal && <Refusal id={`${id}-refusal`} reason={p.refusal} info={p.refusalIsInfo} />}

      <fieldset className="grid grid-cols-1 gap-2 sm:grid-cols-2" disabled={p.disabled}>
        <legend className={`${label} mb-1`}>How long</legend>
        <ModeOption
          name={`${id}-mode`}
          value="temporary"
          checked={p.mode === "temporary"}
          onMode={p.onMode}
          title="Temporary"
          hint="Sets the live value only. Lost at the next reboot or module reload."
        />
        <ModeOption
          name={`${id}-mode`}
          value="permanent"
          checked={p.mode === "permanent"}
          onMode={p.onMode}
          title="Permanent"
          hint="Sets the live value and writes it to the host's boot configuration (files listed below)."
        />
      </fieldset>
    </div>
  );
}

function ModeOption(p: { name: string; value: LimitMode; checked: boolean; title: string; hint: string; onMode: (m: LimitMode) => void }) {
  return (
    <label
      className={`flex cursor-pointer gap-2 rounded-md border px-3 py-2 has-disabled:cursor-not-allowed ${
        p.checked
          ? "border-sky-400 bg-sky-50 dark:border-sky-600 dark:bg-sky-950/50"
          : "border-zinc-200 hover:border-zinc-300 dark:border-zinc-700 dark:hover:border-zinc-600"
      }`}
    >
      <input
        type="radio"
        name={p.name}
        value={p.value}
        checked={p.checked}
        data-testid={`raise-mode-${p.value}`}
        onChange={() => p.onMode(p.value)}
        className="mt-0.5 accent-sky-600"
      />
      <span>
        <span className="block text-[13px] font-medium">{p.title}</span>
        <span className="block text-xs text-zinc-500 dark:text-zinc-400">{p.hint}</span>
      </span>
    </label>
  );
}

/** Why nothing can be sent: the operator's value as refused, by the page or by the server. */
function Refusal({ reason, id, info }: { reason: string; id?: string; info: boolean }) {
  if (info) {
    return (
      <div id={id} role="status" className="rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-800/50">
        <p>
          <span data-testid="raise-refusal">{reason}</span>
          <span className="text-zinc-500 dark:text-zinc-400"> Type a higher value above to raise anyway.</span>
        </p>
      </div>
    );
  }
  return (
    <div
      id={id}
      role="alert"
      className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-950 dark:border-amber-700/70 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <span aria-hidden className="font-semibold text-amber-700 dark:text-amber-400">
        !
      </span>
      <p>
        <span className="font-medium">Not allowed. </span>
        <span data-testid="raise-refusal">{reason}</span>
      </p>
    </div>
  );
}
