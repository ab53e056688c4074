/**
 * Runs a RaisePlan on one host and reports, without ever claiming more than it verified, what
 * happened and what state the host is in.
 *
 * No automatic roll-back: lowering the live limit again could drop connections at once when traffic
 * has already grown into the new headroom (the outage the raise was meant to end), a raised limit
 * alone only costs memory for entries actually in use, and every file is replaced atomically, so a
 * failure never leaves a half-written file. The result says plainly what changed; the operator
 * decides (usually: fix the cause, retry; the plan is idempotent).
 *
 * Serialising raises per host is the caller's job (HostLocks); the first step still refuses to act
 * when the live values are no longer what the plan was made from, so a second operator's stale plan
 * fails with "the host changed since the plan was made" and the host as the first one left it.
 */
import type { RaisePlan, RaiseMode } from "./commands";
import { judgeStep, parseCurrent, summarizeStderr, type ExecOutput } from "./step-outcome";

export { HostLocks } from "./host-locks";

export type Exec = (command: string) => Promise<ExecOutput>;

export type HostLeft =
  | "unchanged"
  | "live value changed (until reboot)"
  | "live value changed and persisted"
  | "persisted, live value was already set"
  | "live value changed, not persisted"
  | "live value changed, partly persisted"
  | "files changed, live value unchanged"
  | "unknown";

export interface LiveValues {
  max: number | null;
  hashsize: number | null;
}

export interface StepResult {
  id: string;
  ok: boolean;
  /** Null when the command never reported one (connection lost, timeout). */
  exitCode: number | null;
  /** A fixed phrase safe to show; raw stderr is only in `raw`. */
  stderrSummary: string | null;
}

export interface RaiseResult {
  ok: boolean;
  mode: RaiseMode;
  before: LiveValues;
  after: LiveValues;
  files: Array<{ path: string; changed: boolean; verified: boolean }>;
  steps: StepResult[];
  failedStep?: { id: string; description: string; reason: string };
  hostLeft: HostLeft;
  /** One or two sentences for the page. */
  summary: string;
  /** Commands with their raw output, for the server log and the audit record only. */
  raw: Array<{ id: string; command: string; exitCode: number | null; stdout: string; stderr: string }>;
}

const RAW_LIMIT = 8192;
const cut = (s: string): string => (s.length > RAW_LIMIT ? `${s.slice(0, RAW_LIMIT)}…[${s.length - RAW_LIMIT} more]` : s);

export async function executeRaise(
  exec: Exec,
  plan: RaisePlan,
  opts: { onStep?: (step: StepResult) => void } = {},
): Promise<RaiseResult> {
  let before: LiveValues = { max: null, hashsize: null };
  let after: LiveValues = { max: null, hashsize: null };
  const files = new Map(plan.files.map((f) => [f.path, { path: f.path, changed: false, verified: false }]));
  const steps: StepResult[] = [];
  const raw: RaiseResult["raw"] = [];
  let failedStep: RaiseResult["failedStep"];
  let mutationTried = false;
  let unknown = false;
  const record = (s: StepResult): void => {
    steps.push(s);
    opts.onStep?.(s);
  };

  for (const step of plan.steps) {
    mutationTried ||= step.mutates;
    let out: ExecOutput;
    try {
      out = await exec(step.command);
    } catch (err) {
      const why = err instanceof Error && err.message ? err.message : "the command failed to run";
      raw.push({ id: step.id, command: step.command, exitCode: null, stdout: "", stderr: cut(why) });
      record({ id: step.id, ok: false, exitCode: null, stderrSummary: null });
      failedStep = { id: step.id, description: step.description, reason: `the connection failed while the step ran (${connectionPhrase(err)})` };
      unknown = step.mutates;
      break;
    }
    raw.push({ id: step.id, command: step.command, exitCode: out.exitCode, stdout: cut(out.stdout), stderr: cut(out.stderr) });
    const j = judgeStep(step, out);
    if (j.current) {
      before = { ...j.current };
      after = { ...j.current };
    }
    if (j.value !== undefined && step.verify?.kind === "value") {
      after = step.id === "set-hashsize" ? { ...after, hashsize: j.value } : { ...after, max: j.value };
    }
    const file = step.verify?.kind === "file" ? files.get(step.verify.path) : undefined;
    if (file && j.changed !== undefined) file.changed = j.changed;
    if (file) file.verified = j.ok;
    record({ id: step.id, ok: j.ok, exitCode: out.exitCode, stderrSummary: summarizeStderr(out.stderr, out.exitCode) });
    if (!j.ok) {
      failedStep = { id: step.id, description: step.description, reason: j.reason };
      break;
    }
  }

  // After a failed write, what the host reports now beats what we assume the step did or did not do.
  if (failedStep && mutationTried && !unknown) {
    try {
      const out = await exec(plan.readCommand);
      raw.push({ id: "read-after-failure", command: plan.readCommand, exitCode: out.exitCode, stdout: cut(out.stdout), stderr: cut(out.stderr) });
      const current = out.exitCode === 0 ? parseCurrent(out.stdout) : null;
      if (current) after = { max: current.max, hashsize: current.hashsize ?? after.hashsize };
      else unknown = true;
    } catch {
      unknown = true;
    }
  }

  const ok = failedStep === undefined;
  const hostLeft = describeHostLeft(plan, ok, unknown, before, after, [...files.values()]);
  const result: RaiseResult = {
    ok, mode: plan.mode, before, after, files: [...files.values()], steps, hostLeft, raw,
    summary: summarize(plan, ok, hostLeft, before, after, [...files.values()], failedStep),
  };
  if (failedStep) result.failedStep = failedStep;
  return result;
}

function connectionPhrase(err: unknown): string {
  const code = typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : "";
  return code === "timeout" ? "timed out" : code === "unreachable" ? "host unreachable" : "connection error";
}

const liveChanged = (b: LiveValues, a: LiveValues): boolean =>
  (b.max !== null && a.max !== null && a.max !== b.max) || (b.hashsize !== null && a.hashsize !== null && a.hashsize !== b.hashsize);

function describeHostLeft(
  plan: RaisePlan, ok: boolean, unknown: boolean, before: LiveValues, after: LiveValues, files: RaiseResult["files"],
): HostLeft {
  if (unknown) return "unknown";
  const live = liveChanged(before, after);
  const written = files.some((f) => f.changed);
  if (ok) {
    if (plan.mode === "temporary") return live ? "live value changed (until reboot)" : "unchanged";
    return live ? "live value changed and persisted" : written ? "persisted, live value was already set" : "unchanged";
  }
  if (live) return written ? "live value changed, partly persisted" : "live value changed, not persisted";
  return written ? "files changed, live value unchanged" : "unchanged";
}

function summarize(
  plan: RaisePlan, ok: boolean, left: HostLeft, before: LiveValues, after: LiveValues,
  files: RaiseResult["files"], failed: RaiseResult["failedStep"],
): string {
  const hs = before.hashsize !== after.hashsize && after.hashsize !== null ? `, hash size ${before.hashsize ?? "?"} → ${after.hashsize}` : "";
  const live = `limit ${before.max ?? "?"} → ${after.max ?? "?"}${hs}`;
  const changed = files.filter((f) => f.changed).map((f) => f.path);
  const wrote = changed.length > 0 ? ` Changed: ${changed.join(", ")}.` : "";
  if (ok) {
    if (left === "unchanged") return `Nothing to change: the host already had limit ${after.max ?? "?"}${plan.mode === "permanent" ? " and these settings" : ""}.`;
    if (plan.mode === "temporary") return `Live ${live}. Temporary: lost at the next reboot.`;
    return `Live ${live}, persisted (${plan.persistence}).${wrote}`;
  }
  const head = `Step "${failed?.description ?? "?"}" failed: ${failed?.reason ?? "unknown error"}.`;
  switch (left) {
    case "unchanged":
      return `${head} The host was left unchanged.`;
    case "unknown":
      return `${head} Whether the host changed is unknown; check it before retrying.`;
    case "live value changed, not persisted":
      return `${head} The live ${live} took effect but is not persisted: it reverts at the next reboot. No file was changed.`;
    case "live value changed, partly persisted":
      return `${head} The live ${live} took effect, but persistence is incomplete.${wrote}`;
    default:
      return `${head} The live values are unchanged (${live}).${wrote}`;
  }
}
