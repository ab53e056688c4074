import "server-only";
import fs from "node:fs";
import path from "node:path";
import { LineCounter, isMap, isNode, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { resolveAlerts, type AlertsConfig } from "./alerts-config";
import { fleetFileSchema, type AuthConfig, type FleetFile, type MetricsConfig } from "./fleet-schema";
import { isPasswordHash } from "@/lib/auth/password";
import type { LimitsConfig } from "@/lib/limits/config";
import { draftsFromHosts, draftsFromSources } from "./host-drafts";
import { expandHome, readInventorySources } from "./inventory-sources";
import { resolveHosts, type JumpHop } from "./resolve-hosts";

export type { JumpHop } from "./resolve-hosts";

/** A host as the collector needs it: every default applied, every path resolved, keys loaded. */
export interface HostConfig {
  name: string;
  address: string;
  port: number;
  user: string;
  tags: string[];
  sudo: boolean;
  privateKey: Buffer | null;
  passphrase: string | null;
  agentSocket: string | null;
  /** The jump path, outermost hop first; empty when the host is reached directly. */
  jumps: JumpHop[];
  /** Where the host is defined (`fleet.yaml:12`, `/root/.ssh/config:40`). */
  source: string;
}

export interface FleetConfig {
  file: string;
  hosts: HostConfig[];
  /** The fleet file and every inventory file read (Includes, group_vars…): what a reload watches. */
  watchFiles: string[];
  /** What the inventory sources left out on purpose (Match blocks, local connections). */
  notes: string[];
  knownHostsFiles: string[];
  hostKeyPolicy: "strict" | "accept-new";
  pollIntervalMs: number;
  timeoutMs: number;
  thresholds: { warn: number; critical: number };
  maxConcurrentHandshakes: number;
  persistentReader: boolean;
  logLookbackMs: number;
  logIntervalMs: number;
  auth: AuthConfig;
  limits: LimitsConfig;
  metrics: MetricsConfig;
  retention: { samplesMs: number; rollupMs: number; eventsMs: number };
  alerts: AlertsConfig;
}

export interface ConfigProblem {
  /** Absent: the fleet file itself. */
  file?: string;
  line: number | null;
  field: string;
  message: string;
}

/** Thrown with every problem found, so one edit-restart cycle fixes them all. */
export class FleetConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
    /** Every file this attempt read: a reload watches them so that fixing any of them is noticed. */
    readonly files: string[] = [file],
  ) {
    super(
      `invalid fleet file ${file}:\n` +
        problems.map((p) => `  ${formatProblem(file, p)}`).join("\n"),
    );
    this.name = "FleetConfigError";
  }
}

/** `file:line: field: message`, the one way a configuration mistake is shown. */
export function formatProblem(fleetFile: string, p: ConfigProblem): string {
  return `${p.file ?? fleetFile}${p.line ? `:${p.line}` : ""}: ${p.field}: ${p.message}`;
}

const DAY_MS = 86_400_000;

type Path = readonly (string | number)[];

export function loadFleetFile(file: string, env: Record<string, string | undefined> = process.env): FleetConfig {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(abs, "utf8");
  } catch (err) {
    throw new FleetConfigError(abs, [{ line: null, field: "(file)", message: `cannot read: ${(err as Error).message}` }]);
  }
  return parseFleetFile(text, abs, env);
}

export function parseFleetFile(text: string, file: string, env: Record<string, string | undefined> = process.env): FleetConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? null : lineCounter.linePos(offset).line);

  if (doc.errors.length > 0) {
    throw new FleetConfigError(
      file,
      doc.errors.map((e) => ({ line: lineOf(e.pos[0]), field: "(yaml)", message: e.message.split("\n")[0] ?? e.code })),
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  const parsed = fleetFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new FleetConfigError(file, parsed.error.issues.map((issue) => describeIssue(doc, issue, lineOf, raw)));
  }
  return resolveFleet(parsed.data, doc, file, env, lineOf);
}

function describeIssue(
  doc: Document,
  issue: z.core.$ZodIssue,
  lineOf: (o: number | undefined) => number | null,
  raw: unknown,
): ConfigProblem {
  const p = issue.path.filter((k): k is string | number => typeof k !== "symbol");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    return {
      line: lineOf(keyOffset(doc, p, key) ?? nodeOffset(doc, p)),
      field: fieldName([...p, key], raw),
      message: `unknown field${issue.keys.length > 1 ? `s ${issue.keys.join(", ")}` : ""}`,
    };
  }
  return { line: lineOf(nodeOffset(doc, p)), field: fieldName(p, raw), message: issue.message };
}

/** `hosts[3].port` becomes `hosts[3] (web-04).port` so the operator finds the host by name. */
function fieldName(p: Path, raw: unknown): string {
  let out = "";
  let cursor: unknown = raw;
  for (const k of p) {
    if (typeof k === "number") {
      out += `[${k}]`;
      cursor = Array.isArray(cursor) ? cursor[k] : undefined;
      const name = (cursor as { name?: unknown } | undefined)?.name;
      if (typeof name === "string" && out.startsWith("hosts")) out += ` (${name})`;
    } else {
      out += out ? `.${k}` : k;
      cursor = cursor && typeof cursor === "object" ? (cursor as Record<string, unknown>)[k] : undefined;
    }
  }
  return out || "(root)";
}

/** Offset of the deepest existing node on the path: a missing field points at its parent. */
function nodeOffset(doc: Document, p: Path): number | undefined {
  for (let n = p.length; n >= 0; n--) {
    const node = doc.getIn(p.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

function keyOffset(doc: Document, p: Path, key: string): number | undefined {
  const parent = p.length === 0 ? doc.contents : doc.getIn(p, true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((it) => isNode(it.key) && String((it.key as { value?: unknown }).value) === key);
  return pair && isNode(pair.key) ? pair.key.range?.[0] : undefined;
}

function resolveFleet(
  data: FleetFile,
  doc: Document,
  file: string,
  env: Record<string, string | undefined>,
  lineOf: (o: number | undefined) => number | null,
): FleetConfig {
  const problems: ConfigProblem[] = [];
  const baseDir = path.dirname(file);
  const d = data.defaults;
  const at = (p: Path) => lineOf(nodeOffset(doc, p));

  const knownHostsFiles = (Array.isArray(d.knownHosts) ? d.knownHosts : [d.knownHosts]).map((k) => expandHome(k, baseDir));
  // A missing known_hosts is only fatal in strict mode: accept-new starts from an empty file.
  if (d.hostKeyPolicy === "strict") {
    for (const k of knownHostsFiles) {
      if (!fs.existsSync(k)) problems.push({ line: at(["defaults", "knownHosts"]), field: "defaults.knownHosts", message: `file not found: ${k}` });
    }
  }

  const draftCtx = { file, baseDir, defaults: d, at };
  const sources = readInventorySources(data.inventory, baseDir, d.user, (i, field) => ({ file, line: at(["inventory", i, field]), field: `inventory[${i}].${field}` }));
  for (const s of sources) problems.push(...s.problems);
  const drafts = [...draftsFromHosts(data.hosts, draftCtx), ...draftsFromSources(sources, draftCtx)];
  const resolved = resolveHosts(drafts, { ...draftCtx, env, sshConfigs: sources.flatMap((s) => (s.sshConfig ? [s.sshConfig] : [])) });
  problems.push(...resolved.problems.map((p) => (p.file === file ? { line: p.line, field: p.field, message: p.message } : p)));
  const hosts: HostConfig[] = resolved.hosts.map(({ draft: h, jumps, privateKey, passphrase, agentSocket }) => ({
    name: h.name,
    address: h.address,
    port: h.port,
    user: h.user,
    tags: h.tags,
    sudo: h.sudo,
    privateKey,
    passphrase,
    agentSocket,
    jumps,
    source: h.source,
  }));

  if (hosts.length === 0 && problems.length === 0) {
    problems.push({ line: at(["hosts"]), field: "hosts", message: "the fleet has no hosts (list them under hosts: or add an inventory: source)" });
  }
  const users = new Map<string, number>();
  data.auth.users.forEach((u, i) => {
    const line = at(["auth", "users", i, "passwordHash"]);
    if (!isPasswordHash(u.passwordHash)) problems.push({ line, field: `auth.users[${i}] (${u.name}).passwordHash`, message: "not a valid scrypt hash" });
    if (users.has(u.name)) problems.push({ line: at(["auth", "users", i, "name"]), field: `auth.users[${i}] (${u.name}).name`, message: "duplicate user name" });
    users.set(u.name, i);
  });

  const alerts = resolveAlerts(data.alerts, d.thresholds, new Set(hosts.map((h) => h.name)));
  for (const p of alerts.problems) problems.push({ line: at(p.path), field: p.field, message: p.message });

  const watchFiles = [...new Set([file, ...sources.flatMap((src) => src.files)])];
  if (problems.length > 0) throw new FleetConfigError(file, problems, watchFiles);

  return {
    file,
    hosts,
    watchFiles,
    notes: sources.flatMap((src) => src.notes),
    knownHostsFiles,
    hostKeyPolicy: d.hostKeyPolicy,
    pollIntervalMs: Math.round(d.pollIntervalSeconds * 1000),
    timeoutMs: Math.round(d.timeoutSeconds * 1000),
    thresholds: d.thresholds,
    maxConcurrentHandshakes: data.collector.maxConcurrentHandshakes,
    persistentReader: data.collector.persistentReader,
    auth: data.auth,
    limits: data.limits,
    metrics: data.metrics,
    logLookbackMs: d.logLookbackDays * DAY_MS,
    logIntervalMs: d.logIntervalSeconds * 1000,
    retention: {
      samplesMs: data.retention.samplesDays * DAY_MS,
      rollupMs: data.retention.rollupDays * DAY_MS,
      eventsMs: data.retention.eventsDays * DAY_MS,
    },
    alerts: alerts.config,
  };
}
