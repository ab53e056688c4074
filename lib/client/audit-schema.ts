import { z } from "zod";

/** The browser's view of `GET /api/audit`: every limit-change attempt, newest first. */

export const AUDIT_OUTCOMES = ["success", "failed", "refused"] as const;
export const auditOutcomeSchema = z.enum(AUDIT_OUTCOMES);
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;

const countOrNull = z.number().finite().nonnegative().nullable().default(null);

export const auditEntrySchema = z.object({
  id: z.number().int(),
  ts: z.string(),
  user: z.string(),
  role: z.string().default(""),
  host: z.string(),
  action: z.string().default("raise-limit"),
  mode: z.enum(["temporary", "permanent"]).nullable().default(null),
  oldMax: countOrNull,
  newMax: countOrNull,
  oldHashsize: countOrNull,
  newHashsize: countOrNull,
  commands: z.array(z.string()).default([]),
  files: z.array(z.string()).default([]),
  outcome: auditOutcomeSchema,
  error: z.string().nullable().default(null),
  detail: z.string().nullable().default(null),
  reason: z.string().nullable().default(null),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditResponseSchema = z.object({
  entries: z.array(auditEntrySchema),
});
export type AuditResponse = z.infer<typeof auditResponseSchema>;
