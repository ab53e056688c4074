/**
 * Judging one step's output. A step fails on a non-zero exit status, on a refusal in stderr even with
 * exit status 0 (as Ansible's sysctl module does: `Invalid argument`, `Read-only file system`), or
 * when its read-back does not match. The reason is a phrase from a fixed list: raw stderr never goes
 * to the page.
 */
import type { Step } from "./commands";
import { decodeOdHex } from "./file-edits";

export interface ExecOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const REFUSALS: ReadonlyArray<[RegExp, string]> = [
  [/a password is required|a terminal is required/i, "sudo needs a password here (sudo -n refused)"],
  [/not in the sudoers|is not allowed to (execute|run)|may not run sudo/i, "the login user may not use sudo"],
  [/no valid sudoers sources|sudoers.*(no such file|not found)/i, "sudo is not set up on the host"],
  // bash: "sudo: command not found", dash: "sudo: not found", env(1): "env: 'sudo': No such file or directory".
  [/\bsudo\W*: (command not found|not found|no such file or directory)/i, "sudo is not installed on the host"],
  [/conntrack-fleet: no awk/, "awk is not installed on the host"],
  [/read-only file system/i, "read-only file system (a container or non-initial network namespace?)"],
  [/permission denied/i, "permission denied (root or sudo is needed)"],
  [/operation not permitted/i, "operation not permitted"],
  [/operation not supported/i, "not supported here (the hash size can only be set in the initial network namespace)"],
  [/invalid argument/i, "the kernel rejected the value (invalid argument)"],
  [/no space left on device/i, "no space left on device"],
  [/conntrack-fleet: .* since the plan was made/, "a file on the host changed since the plan was made; review the new plan"],
];

/** The known refusal in stderr, if any. */
export function refusalIn(stderr: string): string | null {
  for (const [re, phrase] of REFUSALS) if (re.test(stderr)) return phrase;
  return null;
}

/** A short, fixed phrase for the page (never the raw text); null when stderr is empty. */
export function summarizeStderr(stderr: string, exitCode: number | null): string | null {
  if (stderr.trim() === "") return null;
  return refusalIn(stderr) ?? (exitCode === 127 ? "a command was not found on the host" : "the host printed an error (see the server log)");
}

export type StepJudgement =
  | { ok: true; current?: { max: number; hashsize: number | null }; value?: number; changed?: boolean }
  | { ok: false; reason: string; current?: { max: number; hashsize: number | null }; value?: number; changed?: boolean };

export function parseCurrent(stdout: string): { max: number; hashsize: number | null } | null {
  const max = /^max=(\d{1,15})$/m.exec(stdout)?.[1];
  const hs = /^hashsize=(\d{1,15})$/m.exec(stdout)?.[1];
  return max === undefined ? null : { max: Number(max), hashsize: hs === undefined ? null : Number(hs) };
}

function lastLine(stdout: string): string {
  return stdout.trimEnd().split("\n").at(-1)?.trim() ?? "";
}

export function judgeStep(step: Step, out: ExecOutput): StepJudgement {
  const refusal = refusalIn(out.stderr);
  const v = step.verify;
  // Whatever the exit status, learn what the output says: a failed step may still have changed something.
  let extra: { current?: { max: number; hashsize: number | null }; value?: number; changed?: boolean } = {};
  if (v?.kind === "current") {
    const current = parseCurrent(out.stdout);
    if (current) extra = { current };
  } else if (v?.kind === "value") {
    const line = lastLine(out.stdout);
    if (/^\d{1,15}$/.test(line)) extra = { value: Number(line) };
  } else if (v?.kind === "file") {
    if (/^@changed$/m.test(out.stdout)) extra = { changed: true };
    else if (/^@unchanged$/m.test(out.stdout)) extra = { changed: false };
  }
  if (out.exitCode !== 0) {
    return { ok: false, reason: refusal ?? (out.exitCode === 127 ? "a command was not found on the host" : `exit status ${out.exitCode}`), ...extra };
  }
  if (refusal) return { ok: false, reason: refusal, ...extra };
  if (!v) return { ok: true, ...extra };
  switch (v.kind) {
    case "current": {
      const c = extra.current;
      if (!c) return { ok: false, reason: "could not read the current limit" };
      if (c.max !== v.max || (v.hashsize !== null && c.hashsize !== null && c.hashsize !== v.hashsize)) {
        return { ok: false, ...extra, reason: `the host changed since the plan was made (limit ${c.max}, hash size ${c.hashsize ?? "unknown"}; ` +
          `planned from ${v.max}, ${v.hashsize ?? "unknown"}); review the new plan` };
      }
      return { ok: true, ...extra };
    }
    case "value":
      if (extra.value !== v.expected) {
        return { ok: false, ...extra, reason: `read-back mismatch: wrote ${v.expected}, the host reports ${extra.value ?? "no number"}` };
      }
      return { ok: true, ...extra };
    case "file": {
      const at = out.stdout.indexOf("@content\n");
      const bytes = at < 0 ? null : decodeOdHex(out.stdout.slice(at + "@content\n".length).split("\n"));
      if (extra.changed === undefined || bytes === null) return { ok: false, ...extra, reason: `could not read ${v.path} back` };
      if (!bytes.equals(Buffer.from(v.content, "utf8"))) {
        return { ok: false, ...extra, reason: `${v.path} on the host differs from what was written` };
      }
      return { ok: true, ...extra };
    }
  }
}
