import { z } from "zod";

/**
 * The browser's view of the limit-raise endpoints: `GET /api/hosts/<name>/limit/plan` and
 * `POST /api/hosts/<name>/limit`. What the dialog shows as "will run" is exactly what these
 * schemas let through; anything else is a bad response, never a guess.
 */

export const LIMIT_MODES = ["temporary", "permanent"] as const;
export const limitModeSchema = z.enum(LIMIT_MODES);
export type LimitMode = z.infer<typeof limitModeSchema>;

const count = z.number().int().nonnegative();
const countOrNull = count.nullable().default(null);

export const planRuleSchema = z.object({
  id: z.string(),
  label: z.string(),
  value: z.number().finite().nullable().default(null),
  /** The planner's sentence for this rule, shown verbatim. */
  detail: z.string().nullable().default(null),
  /** The rule that fixed the proposed limit. */
  decisive: z.boolean().default(false),
});
export type PlanRule = z.infer<typeof planRuleSchema>;

export const limitCheckSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), warnings: z.array(z.string()).default([]) }),
  z.object({ ok: z.literal(false), code: z.string(), reason: z.string() }),
]);
export type LimitCheck = z.infer<typeof limitCheckSchema>;

export const planStepSchema = z.object({
  id: z.string(),
  description: z.string(),
  command: z.string(),
});
export type PlanStep = z.infer<typeof planStepSchema>;

export const planFileSchema = z.object({
  path: z.string(),
  /** The file's full content after the change. */
  content: z.string(),
  purpose: z.string().nullable().default(null),
  change: z.enum(["create", "update", "unchanged"]).nullable().default(null),
});
export type PlanFile = z.infer<typeof planFileSchema>;

const currentSchema = z.object({
  count: countOrNull,
  max: countOrNull,
  buckets: countOrNull,
  hashsize: countOrNull,
});

const proposalSchema = z.object({
  /** False: the planner proposes no raise (already enough, or no room in the memory budget). */
  raise: z.boolean().default(true),
  max: count,
  hashsize: countOrNull,
  memoryBytes: countOrNull,
  budgetBytes: countOrNull,
  /** Bytes per entry the sizing used (the slab's object size when the probe could read it). */
  entryBytes: countOrNull,
  entryBytesSource: z.string().nullable().default(null),
  rules: z.array(planRuleSchema).default([]),
  /** Every line of the planner's explanation, in order; `summary` is its verdict. */
  explanation: z.array(z.string()).default([]),
  /** Host facts the proposal had to do without ("CPU count", "RAM size"); the explanation says what that changed. */
  unknownInputs: z.array(z.string()).default([]),
  summary: z.string().default(""),
});

/**
 * `current` and `proposal` are null when the host could not be read for sizing; `requested` is
 * null when there is nothing to request (no value given and no raise proposed).
 */
export const limitPlanSchema = z.object({
  host: z.string(),
  current: currentSchema.nullable().default(null),
  proposal: proposalSchema.nullable().default(null),
  /** What the server understood the request to be; the preview is for these values. */
  requested: z
    .object({
      max: count,
      hashsize: countOrNull,
      /** Optional: a full table at the requested max, when the server sends it. */
      memoryBytes: countOrNull,
    })
    .nullable()
    .default(null),
  check: limitCheckSchema,
  /**
   * Would a reboot undo the live max? From the probe (what the host's config sets at boot), else the
   * audit log (a temporary raise set it); `temporary` null = not known.
   */
  persistence: z
    .object({
      bootMax: countOrNull,
      bootSource: z.string().nullable().default(null),
      temporary: z.boolean().nullable(),
      revertsTo: countOrNull,
      reason: z.string(),
    })
    .nullable()
    .default(null),
  plan: z
    .object({
      mode: limitModeSchema,
      steps: z.array(planStepSchema),
      files: z.array(planFileSchema).default([]),
      notes: z.array(z.string()).default([]),
    })
    .nullable(),
});
export type LimitPlan = z.infer<typeof limitPlanSchema>;

export const raiseSuccessSchema = z.object({
  ok: z.literal(true),
  before: z.object({ max: countOrNull, hashsize: countOrNull }),
  after: z.object({ max: countOrNull, hashsize: countOrNull }),
  files: z.array(z.object({ path: z.string(), changed: z.boolean(), verified: z.boolean().nullable().default(null) })).default([]),
  steps: z.array(z.object({ id: z.string(), description: z.string(), ok: z.boolean(), problem: z.string().nullable().default(null) })).default([]),
  summary: z.string().nullable().default(null),
  hostLeft: z.string().nullable().default(null),
  auditId: z.number().int().nullable().default(null),
});
export type RaiseSuccess = z.infer<typeof raiseSuccessSchema>;

export const failedStepSchema = z.object({
  id: z.string(),
  description: z.string(),
  reason: z.string().nullable().default(null),
});
export type FailedStep = z.infer<typeof failedStepSchema>;

export const raiseErrorBodySchema = z.object({
  error: z.object({
    code: z.string().default("error"),
    message: z.string(),
    failedStep: failedStepSchema.nullable().default(null),
    hostLeft: z.string().nullable().default(null),
  }),
});
