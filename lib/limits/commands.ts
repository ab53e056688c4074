/**
 * A raise as data: the exact commands, in order, and the exact files they will leave, built before
 * anything runs so the dialog can show them and the executor only has to follow them. Every command
 * comes out of a fixed template (templates.ts); the numbers are re-checked at that boundary even
 * though checkRequestedLimit has already accepted them.
 */
import { HASH_PAGE_BUCKETS, INT_MAX } from "./sizing";
import { cksumOfText, SET_LINE_AWK } from "./file-edits";
import { DEFAULT_DROP_IN_NAME } from "./config";
import { hashsizePath, maxPath, planPersistence, type FileSpec, type Module, type PersistenceMethod } from "./persistence";
import type { HostProbe } from "./probe";
import { IP_PATHS, NF_PATHS } from "@/lib/conntrack/collect-command";
import { assertTemplate, dq, templateInt, templateLine, templatePath, wrapCommand } from "./templates";

export type RaiseMode = "temporary" | "permanent";

export type Verify =
  /** Live values must still be what the plan was made from (else another change raced us). */
  | { kind: "current"; max: number; hashsize: number | null }
  /** The value read back after the write must equal `expected`. */
  | { kind: "value"; path: string; expected: number }
  /** The file read back after the write must have exactly this content. */
  | { kind: "file"; path: string; content: string };

export interface Step {
  id: string;
  description: string;
  command: string;
  /** Whether the step can change the host (decides what a failure leaves behind). */
  mutates: boolean;
  verify?: Verify;
}

export interface PlannedFile {
  path: string;
  purpose: string;
  change: "create" | "update" | "unchanged";
  /** Content now (null = absent) and after the raise: the dialog can show a diff. */
  before: string | null;
  content: string;
}

export interface RaisePlan {
  mode: RaiseMode;
  module: Module;
  sudo: boolean;
  before: { max: number; hashsize: number | null };
  target: { max: number; hashsize: number | null };
  persistence: PersistenceMethod | "none";
  steps: Step[];
  files: PlannedFile[];
  notes: string[];
  /** Reads the live values; the executor re-runs it after a failure to report the real state. */
  readCommand: string;
}

export interface RaiseRequest {
  mode: RaiseMode;
  module: Module;
  before: { max: number; hashsize: number | null };
  /** hashsize null = leave the hash table alone. */
  target: { max: number; hashsize: number | null };
  sudo: boolean;
  /** Required for a permanent raise. */
  probe?: HostProbe | null;
  dropInName?: string;
}

export type PlanResult =
  | { ok: true; plan: RaisePlan }
  | { ok: false; code: "needs_probe" | "unsupported_file" | "overridden_at_boot"; reason: string };

const PREAMBLE = "LC_ALL=C; export LC_ALL";

export function readCurrentTemplate(module: Module): string {
  const p = module === "nf_conntrack" ? NF_PATHS : IP_PATHS;
  return assertTemplate(`${PREAMBLE}; echo max=$(cat ${templatePath(p.max)}); ` +
    `if test -r ${templatePath(p.hashsize)}; then echo hashsize=$(cat ${p.hashsize}); ` +
    `elif test -r ${templatePath(p.buckets)}; then echo hashsize=$(cat ${p.buckets}); fi`);
}

/** Writes the value with the shell's own redirection (no sysctl binary, no PATH), then reads it back. */
export function setValueTemplate(path: string, value: number, min: number): string {
  const n = templateInt(value, path, min, INT_MAX);
  return assertTemplate(`${PREAMBLE}; P=${templatePath(path)}; echo ${n} > $P || exit 4; cat $P`);
}

/**
 * Atomic replacement: refuse if the file is no longer what the plan saw (cksum: two integers), write a
 * temp file in the same directory, keep the old file if the content is the same, else rename over it;
 * then print whether it changed and the file as hex for an exact read-back.
 */
export function writeFileTemplate(spec: FileSpec): string {
  const f = templatePath(spec.path);
  const dir = f.slice(0, f.lastIndexOf("/"));
  const tmp = `${dir}/.${f.slice(dir.length + 1)}.fleet-tmp.$$`;
  const mode = spec.mode === 0o755 ? "0755" : "0644";
  const fail = (what: string): string => `echo "conntrack-fleet: ${f} ${what} since the plan was made" >&2; exit 3`;
  let pre: string;
  if (spec.previous === null) pre = `if test -e $F || test -L $F; then ${fail("appeared")}; fi`;
  else {
    const [crc, len] = cksumOfText(spec.previous).split(" ");
    const sum = `${templateInt(Number(crc), "cksum", 0, 2 ** 32 - 1)} ${templateInt(Number(len), "length", 0, 2 ** 31)}`;
    pre = `if test -L $F; then ${fail("became a symbolic link")}; fi; if test -f $F && test "$(cksum < $F)" = "${sum}"; then :; else ${fail("changed")}; fi`;
  }
  const gen = spec.generate.kind === "fixed"
    ? `printf "%s\\n" ${spec.generate.lines.map(templateLine).join(" ")} > $T`
    : `S=$F; test -f $F || S=/dev/null; ${FIND_AWK}; $A -v re=${dq(spec.generate.edit.match)} -v ex=${dq(spec.generate.edit.before)} ` +
      `-v l=${templateLine(spec.generate.edit.line)} ${dq(SET_LINE_AWK)} $S > $T`;
  const same = spec.mode === 0o755
    ? "if test -x $F; then echo @unchanged; else chmod 0755 $F || exit 4; echo @changed; fi"
    : "echo @unchanged";
  return assertTemplate([
    `${PREAMBLE}; umask 022; F=${f}; T=${tmp}`, pre,
    ...(spec.mkdir ? [`mkdir -p ${templatePath(spec.mkdir)} || exit 4`] : []),
    `trap "rm -f $T" 0`, `${gen} || exit 4`, `chmod ${mode} $T || exit 4`,
    `if test -f $F && test "$(cksum < $T)" = "$(cksum < $F)"; then ${same}; ` +
      "else mv -f $T $F || exit 4; echo @changed; if command -v restorecon >/dev/null 2>&1; then restorecon $F; fi; fi",
    "echo @content; od -An -v -tx1 $F",
  ].join("; "));
}

/**
 * Any POSIX awk will do. Looked up by name because `awk` itself can be missing where only the
 * implementation is installed (a Debian image whose alternatives symlink dangles, as in the sim).
 */
const FIND_AWK = 'A=$(command -v awk || command -v gawk || command -v mawk || command -v nawk); ' +
  'if test -z "$A"; then echo "conntrack-fleet: no awk on the host" >&2; exit 4; fi';

function plannedFile(spec: FileSpec): PlannedFile {
  const same = spec.previous === spec.content && (spec.mode !== 0o755 || spec.previousExecutable);
  return {
    path: spec.path, purpose: spec.purpose, before: spec.previous, content: spec.content,
    change: spec.previous === null ? "create" : same ? "unchanged" : "update",
  };
}

export function planLimitRaise(req: RaiseRequest): PlanResult {
  const { module, before, target, sudo } = req;
  templateInt(target.max, "target max", 1, INT_MAX);
  if (target.hashsize !== null) templateInt(target.hashsize, "target hashsize", HASH_PAGE_BUCKETS, INT_MAX);
  const readCommand = wrapCommand(readCurrentTemplate(module), sudo);
  const steps: Step[] = [{
    id: "read-current", description: "Read the current limit and hash size", command: readCommand, mutates: false,
    verify: { kind: "current", max: before.max, hashsize: before.hashsize },
  }];
  // Buckets first: if setting the limit then fails, a bigger hash table alone harms nothing.
  if (target.hashsize !== null) {
    const path = hashsizePath(module);
    steps.push({
      id: "set-hashsize", description: `Set the live hash size to ${target.hashsize} and read it back`,
      command: wrapCommand(setValueTemplate(path, target.hashsize, HASH_PAGE_BUCKETS), sudo), mutates: true,
      verify: { kind: "value", path, expected: target.hashsize },
    });
  }
  steps.push({
    id: "set-max", description: `Set the live limit to ${target.max} and read it back`,
    command: wrapCommand(setValueTemplate(maxPath(module), target.max, 1), sudo), mutates: true,
    verify: { kind: "value", path: maxPath(module), expected: target.max },
  });
  const plan: RaisePlan = {
    mode: req.mode, module, sudo, before, target, persistence: "none", steps, files: [], notes: [], readCommand,
  };
  if (req.mode === "temporary") {
    plan.notes.push("Temporary: the host returns to its configured limit at the next reboot.");
    return { ok: true, plan };
  }
  if (!req.probe) return { ok: false, code: "needs_probe", reason: "A permanent raise needs the host's probe (buildProbeCommand)." };
  const persisted = planPersistence({
    module, max: target.max, hashsize: target.hashsize, probe: req.probe, dropInName: req.dropInName ?? DEFAULT_DROP_IN_NAME,
  });
  if (!persisted.ok) return persisted;
  plan.persistence = persisted.method;
  plan.notes.push(...persisted.notes);
  for (const spec of persisted.files) {
    const file = plannedFile(spec);
    plan.files.push(file);
    const verb = file.change === "unchanged" ? "Check" : file.change === "create" ? "Create" : "Update";
    steps.push({
      id: `write:${spec.path}`, description: `${verb} ${spec.path} (${spec.purpose}) atomically and read it back`,
      command: wrapCommand(writeFileTemplate(spec), sudo), mutates: true,
      verify: { kind: "file", path: spec.path, content: spec.content },
    });
  }
  return { ok: true, plan };
}
