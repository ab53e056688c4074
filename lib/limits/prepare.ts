/**
 * Everything before a raise runs, in the order the API needs it: probe the host (read-only), size a
 * proposal, check the operator's value, build the plan. The same call serves the preview
 * (`GET …/limit/plan`) and, inside the host lock, the real thing (`POST …/limit`) right before
 * executeRaise, so the plan that runs is made from the host's state at that moment.
 */
import type { HostReading } from "@/lib/conntrack/parse-collect";
import { planLimitRaise, type RaiseMode, type RaisePlan } from "./commands";
import type { LimitsConfig } from "./config";
import type { Exec } from "./execute";
import { limitFactsFrom } from "./facts";
import { checkRequestedLimit, proposeLimit, type LimitCheck, type Proposal } from "./plan";
import { bootLimit, type BootLimit } from "./persistence";
import { buildProbeCommand, parseProbe, ProbeParseError, type HostProbe } from "./probe";
import type { HostLimitFacts } from "./sizing";
import { refusalIn } from "./step-outcome";

export interface PrepareInput {
  /** The latest poll of the host (cores, RAM, kernel, count). */
  reading: HostReading;
  /** Highest count over the policy window (config.peakWindowDays), from the store. */
  peakCount: number | null;
  /** Worst drop rate over the same window (drops/s in the worst minute), from the store; null = unknown. */
  peakDropRate?: number | null;
  mode: RaiseMode;
  /** Straight from the request body; undefined = take the proposal (limit and hash size). */
  max?: unknown;
  hashsize?: unknown;
  sudo: boolean;
  config: LimitsConfig;
}

export type Prepared =
  | { ok: true; facts: HostLimitFacts; proposal: Proposal; check: Extract<LimitCheck, { ok: true }>; plan: RaisePlan; probeError: string | null; boot: BootLimit | null }
  | {
      ok: false;
      stage: "probe" | "facts" | "check" | "plan";
      code: string;
      /** Written for the operator; raw output never appears here. */
      reason: string;
      facts?: HostLimitFacts;
      proposal?: Proposal;
      /** What the host's config sets at boot, when the probe could read it. */
      boot?: BootLimit | null;
    };

/** Runs the probe; a refusal or garbled output becomes a reason, never an exception with raw text. */
export async function probeHost(exec: Exec, dropInName: string, sudo: boolean): Promise<{ ok: true; probe: HostProbe } | { ok: false; reason: string }> {
  let out;
  try {
    out = await exec(buildProbeCommand(dropInName, sudo));
  } catch (err) {
    return { ok: false, reason: `the probe could not run (${err instanceof Error ? err.message : "connection error"})` };
  }
  const refusal = refusalIn(out.stderr);
  if (out.exitCode !== 0 || (refusal && !out.stdout.includes("@end"))) {
    return { ok: false, reason: refusal ?? `the probe failed with exit status ${out.exitCode}` };
  }
  try {
    return { ok: true, probe: parseProbe(out.stdout) };
  } catch (err) {
    if (err instanceof ProbeParseError) return { ok: false, reason: `unexpected probe output (${err.message})` };
    throw err;
  }
}

export async function prepareRaise(exec: Exec, input: PrepareInput): Promise<Prepared> {
  const { config, mode, sudo } = input;
  const probed = await probeHost(exec, config.dropInName, sudo);
  // A temporary raise can be planned from the poll alone: its first step then meets the same refusal
  // and reports it as a failed step. A permanent one cannot be planned without seeing the files.
  if (!probed.ok && mode === "permanent") return { ok: false, stage: "probe", code: "probe_failed", reason: probed.reason };
  const probe = probed.ok ? probed.probe : null;
  const factsResult = limitFactsFrom(input.reading, probe, input.peakCount, input.peakDropRate ?? null);
  if (!factsResult.ok) return { ok: false, stage: "facts", code: "cannot_size", reason: factsResult.reason };
  const { facts } = factsResult;
  const boot = probe ? bootLimit(probe) : null;
  const policy = { headroom: config.headroom, memoryBudgetFraction: config.memoryBudgetFraction };
  const proposal = proposeLimit(facts, policy);

  let max = input.max;
  let hashsize = input.hashsize;
  if (max === undefined) {
    if (!proposal.raise) return { ok: false, stage: "check", code: "no_raise", reason: proposal.explanation.at(-1) ?? "No raise proposed.", facts, proposal, boot };
    max = proposal.max;
    hashsize ??= proposal.hashsize ?? undefined;
  }
  const check = checkRequestedLimit(facts, policy, max, hashsize, { mode });
  if (!check.ok) return { ok: false, stage: "check", code: check.code, reason: check.reason, facts, proposal, boot };

  const planned = planLimitRaise({
    mode, module: facts.module, sudo, probe, dropInName: config.dropInName,
    before: { max: facts.max, hashsize: facts.hashsize ?? facts.buckets },
    target: { max: check.max, hashsize: check.hashsize },
  });
  if (!planned.ok) return { ok: false, stage: "plan", code: planned.code, reason: planned.reason, facts, proposal, boot };
  return { ok: true, facts, proposal, check, plan: planned.plan, probeError: probed.ok ? null : probed.reason, boot };
}
