import "server-only";
import type { AlertEngine } from "@/lib/alerts/alert-engine";
import type { AlertStore } from "@/lib/alerts/store-port";
import { redactUrl, type AlertsConfig } from "@/lib/config/alerts-config";

const RECENT = 100;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** GET /api/alerts and the alerts page: what fires, the rules and receivers, recent notifications. Never a full URL. */
export async function buildAlertsView(config: AlertsConfig, engine: AlertEngine, store: AlertStore) {
  const targets = new Map(config.receivers.map((r) => [r.name, { kind: r.kind, target: redactUrl(r.url) }]));
  return {
    firing: engine.firing().map((f) => ({ rule: f.rule, kind: f.kind, host: f.host, since: iso(f.since), value: f.value })),
    rules: config.rules.map((r) => ({ name: r.name, kind: r.kind, receivers: r.receivers, hosts: r.hosts })),
    receivers: config.receivers.map((r) => ({ name: r.name, kind: r.kind, target: redactUrl(r.url) })),
    notifications: (await store.recent(RECENT)).map((n) => ({
      id: n.id,
      createdAt: iso(n.createdAt),
      host: n.host,
      receiver: n.receiver,
      receiverKind: targets.get(n.receiver)?.kind ?? null,
      target: targets.get(n.receiver)?.target ?? null,
      status: n.status,
      alerts: n.alerts,
      state: n.state,
      attempts: n.attempts,
      nextAttemptAt: iso(n.nextAttemptAt),
      lastError: n.lastError,
      doneAt: iso(n.doneAt),
    })),
  };
}
