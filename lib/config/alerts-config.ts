import { z } from "zod";

/**
 * The fleet file's `alerts:` section: receivers (where notifications go) and rules (what fires).
 * Parsed apart from the rest of the fleet file so the section can grow without touching the hosts'.
 */

// fleet-schema.ts imports this module: its HOST_NAME_RE is repeated here rather than imported (a cycle).
const HOST_NAME_RE = /^[A-Za-z0-9._-]+$/;
const NAME_RE = /^[A-Za-z0-9._-]{1,64}$/;
const name = z.string().regex(NAME_RE, "may only contain letters, digits, '.', '_' and '-' (at most 64)");

const receiverSchema = z.strictObject({
  name,
  kind: z.enum(["json", "slack", "alertmanager"]),
  /** May carry a secret (a Slack webhook token): only its scheme and host are ever shown or logged. */
  url: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }),
  timeoutSeconds: z.number().min(0.1).max(120).default(5),
  /** A notification still undelivered after this many POSTs is a dead letter. */
  maxAttempts: z.number().int().min(1).max(100).default(6),
  /** Wait after the first failed attempt; doubled after each further one (capped at 10 minutes). */
  backoffSeconds: z.number().min(0.1).max(3600).default(2),
});

const ruleBase = {
  name,
  receivers: z.array(name).min(1, "a rule needs at least one receiver"),
  /** Only these hosts (default: every host in the fleet). */
  hosts: z.array(z.string().regex(HOST_NAME_RE, "not a host name")).optional(),
};

const ruleSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    ...ruleBase,
    kind: z.literal("utilization"),
    /** `warn` / `critical`: the fleet's thresholds; or an explicit `ratio` (count/max). */
    level: z.enum(["warn", "critical"]).optional(),
    ratio: z.number().gt(0).lte(1).optional(),
    forSeconds: z.number().min(0).max(86_400).default(0),
  }),
  z.strictObject({ ...ruleBase, kind: z.literal("drops") }),
  z.strictObject({ ...ruleBase, kind: z.literal("table-full-log") }),
  z.strictObject({ ...ruleBase, kind: z.literal("unreachable"), forSeconds: z.number().min(0).max(86_400).default(0) }),
]);

export const alertsSchema = z.strictObject({
  /** The dashboard's address as operators reach it: notifications link to the host's page. */
  externalUrl: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  receivers: z.array(receiverSchema).default([]),
  rules: z.array(ruleSchema).default([]),
});

export type AlertsFile = z.infer<typeof alertsSchema>;
export type ReceiverConfig = z.infer<typeof receiverSchema>;
export type RuleEntry = z.infer<typeof ruleSchema>;

/** A rule as the evaluator needs it: the level resolved to a ratio, durations in ms. */
export type AlertRule =
  | { name: string; kind: "utilization"; ratio: number; label: string; forMs: number; receivers: string[]; hosts: string[] | null }
  | { name: string; kind: "drops" | "table-full-log"; forMs: 0; receivers: string[]; hosts: string[] | null }
  | { name: string; kind: "unreachable"; forMs: number; receivers: string[]; hosts: string[] | null };

export interface AlertsConfig {
  externalUrl: string | null;
  receivers: ReceiverConfig[];
  rules: AlertRule[];
}

export const NO_ALERTS: AlertsConfig = { externalUrl: null, receivers: [], rules: [] };

export interface AlertsProblem {
  path: (string | number)[];
  field: string;
  message: string;
}

/**
 * Cross-field checks zod cannot express (names unique, receivers and hosts that exist, one of
 * level/ratio); each problem carries the path of the YAML node to point the operator at.
 */
export function resolveAlerts(
  data: AlertsFile,
  thresholds: { warn: number; critical: number },
  hostNames: ReadonlySet<string>,
): { config: AlertsConfig; problems: AlertsProblem[] } {
  const problems: AlertsProblem[] = [];
  const receiverNames = new Set<string>();
  data.receivers.forEach((r, i) => {
    if (receiverNames.has(r.name)) problems.push({ path: ["alerts", "receivers", i, "name"], field: `alerts.receivers[${i}].name`, message: `duplicate receiver name ${r.name}` });
    receiverNames.add(r.name);
  });
  const ruleNames = new Set<string>();
  const rules: AlertRule[] = [];
  data.rules.forEach((r, i) => {
    const at = (f: string, j?: number) => ({
      path: j === undefined ? ["alerts", "rules", i, f] : ["alerts", "rules", i, f, j],
      field: `alerts.rules[${i}] (${r.name}).${f}${j === undefined ? "" : `[${j}]`}`,
    });
    if (ruleNames.has(r.name)) problems.push({ ...at("name"), message: "duplicate rule name" });
    ruleNames.add(r.name);
    r.receivers.forEach((rc, j) => {
      if (!receiverNames.has(rc)) problems.push({ ...at("receivers", j), message: `no receiver named ${rc} under alerts.receivers` });
    });
    r.hosts?.forEach((h, j) => {
      if (!hostNames.has(h)) problems.push({ ...at("hosts", j), message: `no host named ${h} in the fleet` });
    });
    const base = { name: r.name, receivers: r.receivers, hosts: r.hosts ?? null };
    if (r.kind === "utilization") {
      if ((r.level === undefined) === (r.ratio === undefined)) {
        problems.push({ ...at("kind"), message: "set exactly one of level (warn/critical) or ratio" });
        return;
      }
      const ratio = r.ratio ?? thresholds[r.level ?? "critical"];
      const label = r.level ?? `${Math.round(ratio * 1000) / 10}%`;
      rules.push({ ...base, kind: "utilization", ratio, label, forMs: r.forSeconds * 1000 });
    } else if (r.kind === "unreachable") {
      rules.push({ ...base, kind: "unreachable", forMs: r.forSeconds * 1000 });
    } else {
      rules.push({ ...base, kind: r.kind, forMs: 0 });
    }
  });
  return { config: { externalUrl: data.externalUrl?.replace(/\/+$/, "") ?? null, receivers: data.receivers, rules }, problems };
}

/** `https://hooks.slack.com/services/T0/B0/secret` → `https://hooks.slack.com`: all the UI and logs may show. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "(invalid URL)";
  }
}
