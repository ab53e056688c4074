import { createHash } from "node:crypto";
import type { AlertRule } from "@/lib/config/alerts-config";
import type { Transition } from "./evaluate";

/**
 * The bodies POSTed to receivers, built when a notification is queued (a retry after a restart
 * sends exactly what was queued). One notification = the transitions of one evaluation of one host.
 */

export const JSON_PAYLOAD_VERSION = 1;
/** Alertmanager's "zero time": what it sends as endsAt of an alert still firing. */
const GO_ZERO_TIME = "0001-01-01T00:00:00Z";

export interface NotificationInput {
  host: string;
  receiver: string;
  transitions: readonly Transition[];
  /** The dashboard's own address for links; null when not configured. */
  externalUrl: string | null;
  /** When the evaluation ran (epoch ms). */
  at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function ruleSummary(rule: AlertRule): string {
  switch (rule.kind) {
    case "utilization":
      return `conntrack table at or above ${rule.label}${rule.forMs ? ` for ${rule.forMs / 1000}s` : ""}`;
    case "drops":
      return "conntrack drop counter moved";
    case "table-full-log":
      return `new "table full" kernel-log lines`;
    case "unreachable":
      return `host unreachable${rule.forMs ? ` for ${rule.forMs / 1000}s` : ""}`;
  }
}

/** `firing` while any alert of the notification fires, as Alertmanager does for a group. */
export function groupStatus(transitions: readonly Transition[]): "firing" | "resolved" {
  return transitions.some((t) => t.status === "firing") ? "firing" : "resolved";
}

/** The generic receiver: a documented, versioned schema (README: "JSON payload"). */
export function buildJsonPayload(n: NotificationInput) {
  return {
    version: JSON_PAYLOAD_VERSION,
    source: "conntrack-fleet",
    host: n.host,
    receiver: n.receiver,
    status: groupStatus(n.transitions),
    at: iso(n.at),
    url: n.externalUrl ? `${n.externalUrl}/hosts/${encodeURIComponent(n.host)}` : null,
    alerts: n.transitions.map((t) => ({
      rule: t.rule.name,
      kind: t.rule.kind,
      status: t.status,
      host: t.host,
      summary: ruleSummary(t.rule),
      value: t.value,
      startsAt: iso(t.startsAt),
      endsAt: t.endsAt === null ? null : iso(t.endsAt),
    })),
  };
}

/** One readable line per alert, for a Slack-compatible incoming webhook (Mattermost, Rocket.Chat too). */
export function slackLine(t: Transition): string {
  const since = iso(t.startsAt).replace("T", " ").replace(/\.\d+Z$/, " UTC");
  const head = t.status === "firing" ? ":rotating_light: FIRING" : ":white_check_mark: RESOLVED";
  const tail = t.status === "firing" ? `since ${since}` : `(firing since ${since}, for ${formatSpan((t.endsAt ?? t.startsAt) - t.startsAt)})`;
  return `${head} *${t.host}* ${t.rule.name}: ${ruleSummary(t.rule)}${t.value ? ` — ${t.value}` : ""} ${tail}`;
}

export function buildSlackPayload(n: NotificationInput): { text: string } {
  const lines = n.transitions.map(slackLine);
  if (n.externalUrl) lines.push(`<${n.externalUrl}/hosts/${encodeURIComponent(n.host)}|${n.host} on the dashboard>`);
  return { text: lines.join("\n") };
}

function formatSpan(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  return `${Math.round(s / 3600)}h`;
}

function labelsOf(t: Transition): Record<string, string> {
  return { alertname: t.rule.name, host: t.host, instance: t.host, kind: t.rule.kind, source: "conntrack-fleet" };
}

/** Alertmanager's fingerprint is a hash of the label set; ours is too (sha256, 16 hex digits). */
function fingerprintOf(labels: Record<string, string>): string {
  const text = Object.keys(labels).sort().map((k) => `${k}\u0000${labels[k]}`).join("\u0001");
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

function common(maps: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

/** Alertmanager's webhook_config body (version "4"), so its existing consumers take ours unchanged. */
export function buildAlertmanagerPayload(n: NotificationInput) {
  const generatorURL = n.externalUrl ? `${n.externalUrl}/hosts/${encodeURIComponent(n.host)}` : "";
  const alerts = n.transitions.map((t) => {
    const labels = labelsOf(t);
    const annotations: Record<string, string> = { summary: `${t.host}: ${ruleSummary(t.rule)}`, ...(t.value ? { description: t.value } : {}) };
    return {
      status: t.status,
      labels,
      annotations,
      startsAt: iso(t.startsAt),
      endsAt: t.endsAt === null ? GO_ZERO_TIME : iso(t.endsAt),
      generatorURL,
      fingerprint: fingerprintOf(labels),
    };
  });
  const groupLabels = { host: n.host };
  return {
    receiver: n.receiver,
    status: groupStatus(n.transitions),
    alerts,
    groupLabels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL: n.externalUrl ?? "",
    version: "4",
    groupKey: `{}:{host=${JSON.stringify(n.host)}}`,
    truncatedAlerts: 0,
  };
}

export function buildPayload(kind: "json" | "slack" | "alertmanager", n: NotificationInput): unknown {
  if (kind === "slack") return buildSlackPayload(n);
  if (kind === "alertmanager") return buildAlertmanagerPayload(n);
  return buildJsonPayload(n);
}
