import "server-only";
import { z } from "zod";
import { HOST_NAME_RE } from "@/lib/config/fleet-schema";
import { AppError } from "@/lib/errors/app-error";
import type { Runtime } from "@/lib/collector/runtime";

const MAX_RANGE_MS = 400 * 86_400_000;

const isoTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 time such as 2026-11-25T18:00:00Z" });

const rangeSchema = z
  .strictObject({
    from: isoTime.optional(),
    to: isoTime.optional(),
  })
  .transform((q) => {
    const to = q.to ? Date.parse(q.to) : Date.now();
    const from = q.from ? Date.parse(q.from) : to - 3_600_000;
    return { from, to };
  })
  .refine((r) => r.from < r.to, { message: "from must be before to" })
  .refine((r) => r.to - r.from <= MAX_RANGE_MS, { message: "the range may span at most 400 days" });

function firstIssue(err: z.ZodError): string {
  const i = err.issues[0];
  if (!i) return "invalid query";
  if (i.code === "unrecognized_keys") return `unknown query parameter ${i.keys.join(", ")}`;
  return `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`;
}

/** `?from=&to=` (ISO 8601, default: the last hour), plus whatever extra keys `allowed` names. */
export function parseRange(params: URLSearchParams, allowed: string[] = []): { from: number; to: number; extra: Record<string, string> } {
  const raw: Record<string, string> = {};
  const extra: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in raw || k in extra) throw new AppError("bad_request", `query parameter ${k} given twice`);
    if (allowed.includes(k)) extra[k] = v;
    else raw[k] = v;
  }
  const parsed = rangeSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request", firstIssue(parsed.error));
  return { ...parsed.data, extra };
}

/** A host name from a URL: malformed is a 400, well-formed but not in the fleet a 404. */
export function requireHost(rt: Runtime, name: string): string {
  if (!HOST_NAME_RE.test(name) || name.length > 253) throw new AppError("bad_request", "invalid host name: only letters, digits, '.', '_' and '-' are allowed");
  if (!rt.fleet.has(name)) throw new AppError("not_found", `no host named ${name} in the fleet`);
  return name;
}
