import "server-only";
import { z } from "zod";
import type { Principal } from "@/lib/auth/auth-service";
import type { Runtime } from "@/lib/collector/runtime";
import { AppError } from "@/lib/errors/app-error";
import { executeRaise, type Exec } from "@/lib/limits/execute";
import type { HostAccess } from "@/lib/collector/host-access";
import { prepareRaise, type Prepared } from "@/lib/limits/prepare";
import { entryBytesOf } from "@/lib/limits/sizing";
import type { RaiseMode } from "@/lib/limits/commands";
import { REASON_MAX, type NewAuditEntry } from "@/lib/store/audit-store";
import { temporaryFromAudit, temporaryVerdict } from "@/lib/limits/temporary";

const LIMIT_COMMAND_TIMEOUT_MS = 30_000;

export const raiseBodySchema = z.strictObject({
  mode: z.enum(["temporary", "permanent"], { message: 'mode must be "temporary" or "permanent"' }),
  max: z.number({ message: "max must be a number" }).int("max must be an integer").positive("max must be positive").max(2 ** 31 - 1, "max must be at most 2147483647"),
  hashsize: z.number({ message: "hashsize must be a number" }).int("hashsize must be an integer").positive("hashsize must be positive").max(2 ** 31 - 1, "hashsize must be at most 2147483647").optional(),
  // Kept in the audit log as text; it never reaches a host or a shell.
  reason: z
    .string({ message: "reason must be text" })
    .max(REASON_MAX, `reason must be at most ${REASON_MAX} characters`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "reason must be one line of text (no control characters)")
    .transform((s) => s.trim())
    .optional(),
});
export type RaiseBody = z.infer<typeof raiseBodySchema>;

const planQuerySchema = z.strictObject({
  mode: z.enum(["temporary", "permanent"]).default("temporary"),
  max: z.string().regex(/^[0-9]{1,10}$/, "max must be a plain positive integer").optional(),
  hashsize: z.string().regex(/^[0-9]{1,10}$/, "hashsize must be a plain positive integer").optional(),
});

function execFor(access: HostAccess): Exec {
  return async (command) => {
    const r = await access.exec(command, LIMIT_COMMAND_TIMEOUT_MS);
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  };
}

// async: a refusal here must reject (and be audited by the caller's .catch), not throw synchronously.
async function prepare(rt: Runtime, access: HostAccess, host: string, mode: RaiseMode, max: number | undefined, hashsize: number | undefined): Promise<Prepared> {
  const reading = access.reading;
  if (!reading || reading.kind !== "conntrack") {
    throw new AppError("conflict", `${host} has no current conntrack reading (status ${access.status}): nothing to size a raise from`, {
      details: { hostLeft: "unchanged" },
    });
  }
  const peakFrom = Date.now() - rt.config.limits.peakWindowDays * 86_400_000;
  const [peakCount, peakDropRate] = await Promise.all([
    rt.store.history.peakCount(rt.store.idOf(host), peakFrom),
    rt.store.history.peakDropRate(rt.store.idOf(host), peakFrom),
  ]);
  const hostCfg = rt.config.hosts.find((h) => h.name === host);
  const prepared = await prepareRaise(execFor(access), { reading, peakCount, peakDropRate, mode, max, hashsize, sudo: hostCfg?.sudo ?? false, config: rt.config.limits });
  // The probe may read what polls cannot (the slab's entry size): the host page's estimate uses it from now on.
  const facts = "facts" in prepared ? prepared.facts : undefined;
  if (facts?.entryBytes != null && entryBytesOf(facts) === facts.entryBytes) await rt.store.setEntryBytes(host, facts.entryBytes);
  return prepared;
}

/** `GET …/limit/plan`: the proposal, the verdict on a requested value, the exact plan. Runs only the read-only probe. */
export async function planView(rt: Runtime, host: string, params: URLSearchParams) {
  const q = planQuerySchema.safeParse(Object.fromEntries(params));
  if (!q.success) {
    const i = q.error.issues[0];
    throw new AppError("bad_request", i?.code === "unrecognized_keys" ? `unknown query parameter ${i.keys.join(", ")}` : `${i?.path.join(".")}: ${i?.message}`);
  }
  const max = q.data.max === undefined ? undefined : Number(q.data.max);
  const hashsize = q.data.hashsize === undefined ? undefined : Number(q.data.hashsize);
  const { prepared, temporary } = await rt.withHost(host, async (access) => {
    const p = await prepare(rt, access, host, q.data.mode, max, hashsize);
    const f = "facts" in p ? p.facts : undefined;
    return { prepared: p, temporary: f ? await temporaryRaiseOf(rt, host, f.max, access.bootTimeMs) : null };
  });
  const facts = "facts" in prepared ? prepared.facts : undefined;
  const proposal = "proposal" in prepared ? prepared.proposal : undefined;
  const boot = "boot" in prepared ? (prepared.boot ?? null) : null;
  const verdict = facts ? temporaryVerdict(facts.max, boot, temporary) : null;
  return {
    host,
    mode: q.data.mode,
    persistence: verdict
      ? {
          bootMax: boot?.max ?? null,
          bootSource: boot?.source ?? null,
          temporary: verdict.temporary,
          revertsTo: verdict.temporary === true ? verdict.revertsTo : null,
          reason: verdict.reason,
        }
      : null,
    current: facts ? { count: facts.count, max: facts.max, buckets: facts.buckets, hashsize: facts.hashsize } : null,
    proposal: proposal
      ? {
          raise: proposal.raise,
          max: proposal.max,
          hashsize: proposal.hashsize,
          memoryBytes: proposal.memory.fullTableBytes,
          budgetBytes: proposal.memory.budgetBytes,
          entryBytes: proposal.memory.entryBytes,
          entryBytesSource: proposal.memory.entryBytesSource,
          rules: proposal.rules.map((r) => ({ id: r.id, label: r.id, value: r.value, detail: r.text, decisive: r.decisive })),
          explanation: proposal.explanation,
          unknownInputs: proposal.unknownInputs,
          summary: proposal.explanation.at(-1) ?? "",
        }
      : null,
    requested: prepared.ok ? { max: prepared.check.max, hashsize: prepared.check.hashsize, memoryBytes: prepared.check.fullTableBytes } : max === undefined ? null : { max, hashsize: hashsize ?? null },
    check: prepared.ok ? { ok: true as const, warnings: prepared.check.warnings } : { ok: false as const, code: prepared.code, reason: prepared.reason },
    plan: prepared.ok
      ? {
          mode: prepared.plan.mode,
          persistence: prepared.plan.persistence,
          steps: prepared.plan.steps.map((s) => ({ id: s.id, description: s.description, command: s.command })),
          files: prepared.plan.files.map((f) => ({ path: f.path, purpose: f.purpose, change: f.change, before: f.before, content: f.content })),
          notes: prepared.plan.notes,
        }
      : null,
  };
}

/** The live max's temporary raise on record since the host booted, if that is what set it (see lib/limits/temporary.ts). */
export async function temporaryRaiseOf(rt: Runtime, host: string, liveMax: number | null, bootTimeMs = rt.fleet.bootTime(host), now = Date.now()) {
  const entries = await rt.store.audit.query({ from: 0, to: now, host, outcome: "success", limit: 50 });
  return temporaryFromAudit(entries, liveMax, bootTimeMs ?? null);
}

function audit(rt: Runtime, e: Partial<NewAuditEntry> & Pick<NewAuditEntry, "user" | "role" | "host" | "outcome">): Promise<number> {
  return rt.store.audit.append({
    ts: Date.now(),
    action: "raise-limit",
    mode: null,
    oldMax: null,
    newMax: null,
    oldHashsize: null,
    newHashsize: null,
    commands: [],
    files: [],
    error: null,
    detail: null,
    ...e,
  });
}

/** Audits a refusal that happened before any host was touched, then rethrows it (the returned promise rejects with it). */
export async function refuse(rt: Runtime, who: Principal, host: string, err: unknown, mode: string | null = null): Promise<never> {
  if (err instanceof AppError) {
    await audit(rt, {
      user: who.user,
      role: who.role,
      host,
      mode: mode === "temporary" || mode === "permanent" ? mode : null,
      outcome: "refused",
      error: `${err.code}: ${err.message}`,
      detail: "nothing was sent to the host",
    });
  }
  throw err;
}

/**
 * `POST …/limit`: plan again inside the host lock (the host may have changed; in a cluster another
 * replica may have raised it a moment ago), run, verify, audit once.
 */
export async function raiseLimit(rt: Runtime, who: Principal, host: string, body: RaiseBody) {
  return rt.withHost(host, async (access) => {
    const prepared = await prepare(rt, access, host, body.mode, body.max, body.hashsize).catch((err: unknown) => refuse(rt, who, host, err, body.mode));
    const base = { user: who.user, role: who.role, host, mode: body.mode, newMax: body.max, newHashsize: body.hashsize ?? null, reason: body.reason || null };
    if (!prepared.ok) {
      const hostProblem = prepared.stage === "probe";
      await audit(rt, {
        ...base,
        oldMax: prepared.facts?.max ?? null,
        oldHashsize: prepared.facts?.hashsize ?? prepared.facts?.buckets ?? null,
        outcome: hostProblem ? "failed" : "refused",
        error: `${prepared.code}: ${prepared.reason}`,
        detail: hostProblem ? "the read-only probe failed; nothing was changed" : "nothing was sent to the host",
      });
      if (hostProblem) throw new AppError("host_failed", prepared.reason, { details: { failedStep: { id: "probe", description: "Inspect the host", reason: prepared.reason }, hostLeft: "unchanged" } });
      throw new AppError(prepared.stage === "plan" ? "conflict" : "refused", prepared.reason, { details: { hostLeft: "unchanged" } });
    }
    const { plan } = prepared;
    const result = await executeRaise(execFor(access), plan);
    console.log(`[limits] ${who.user} ${body.mode} raise on ${host}: ${result.ok ? "ok" : "FAILED"}; ${result.summary}`);
    if (!result.ok) for (const r of result.raw) console.log(`[limits]   ${host} ${r.id} exit=${r.exitCode} stderr=${JSON.stringify(r.stderr.slice(0, 500))}`);
    const auditId = await audit(rt, {
      ...base,
      oldMax: result.before.max ?? plan.before.max,
      oldHashsize: result.before.hashsize ?? plan.before.hashsize,
      newMax: plan.target.max,
      newHashsize: plan.target.hashsize,
      commands: plan.steps.map((s) => s.command),
      files: plan.files.map((f) => f.path),
      outcome: result.ok ? "success" : "failed",
      error: result.failedStep ? `${result.failedStep.id}: ${result.failedStep.reason}` : null,
      detail: `${result.summary} Host left: ${result.hostLeft}.`,
    });
    // Show the new state at once instead of at the next poll.
    await access.refresh().catch(() => {});
    const steps = result.steps.map((s) => ({ id: s.id, ok: s.ok, description: plan.steps.find((p) => p.id === s.id)?.description ?? s.id, problem: s.stderrSummary }));
    if (!result.ok) {
      throw new AppError("host_failed", result.summary, {
        details: { failedStep: result.failedStep ?? null, hostLeft: result.hostLeft, before: result.before, after: result.after, steps, auditId },
      });
    }
    return { ok: true, mode: body.mode, before: result.before, after: result.after, files: result.files, steps, summary: result.summary, hostLeft: result.hostLeft, auditId };
  }, { exclusive: true });
}
