import { describe, expect, it } from "vitest";
import type { AlertRule } from "@/lib/config/alerts-config";
import type { Transition } from "./evaluate";
import { buildAlertmanagerPayload, buildJsonPayload, buildSlackPayload, type NotificationInput } from "./payloads";

/**
 * A real Alertmanager v4 webhook body (sample shipped with the alertmanager-webhook-types crate,
 * captured from Alertmanager): ours must have the same shape, key for key.
 */
const REAL_ALERTMANAGER_V4 = JSON.parse(String.raw`{
  "receiver": "sms",
  "status": "firing",
  "alerts": [
    {
      "status": "firing",
      "labels": { "alertname": "ProbeFailure", "instance": "https://server.example.org", "job": "http_checks", "monitor": "master", "severity": "critical" },
      "annotations": { "description": "Instance https://server.example.org has been down for over 5m. Job: http_checks", "summary": "BlackBox Probe Failure: https://server.example.org" },
      "startsAt": "2023-02-06T13:08:45.828Z",
      "endsAt": "0001-01-01T00:00:00Z",
      "generatorURL": "http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0\u0026g0.tab=1",
      "fingerprint": "1a30ba71cca2921f"
    }
  ],
  "groupLabels": { "alertname": "ProbeFailure" },
  "commonLabels": { "alertname": "ProbeFailure", "instance": "https://server.example.org", "job": "http_checks", "monitor": "master", "severity": "critical" },
  "commonAnnotations": { "description": "Instance https://server.example.org has been down for over 5m. Job: http_checks", "summary": "BlackBox Probe Failure: https://server.example.org" },
  "externalURL": "http://prometheus.example.org:9093",
  "version": "4",
  "groupKey": "{}/{severity=\"critical\"}:{alertname=\"ProbeFailure\"}",
  "truncatedAlerts": 0
}`) as Record<string, unknown> & { alerts: Record<string, unknown>[] };

const full: AlertRule = { name: "conntrack-critical", kind: "utilization", ratio: 0.9, label: "critical", forMs: 60_000, receivers: ["am"], hosts: null };
const drops: AlertRule = { name: "conntrack-drops", kind: "drops", forMs: 0, receivers: ["am"], hosts: null };
const T0 = Date.UTC(2026, 11, 2, 9, 30, 0);

const firing: Transition = { rule: full, host: "cache-01", status: "firing", startsAt: T0, endsAt: null, value: "100.0% (262144/262144)" };
const resolved: Transition = { rule: drops, host: "cache-01", status: "resolved", startsAt: T0 - 90_000, endsAt: T0, value: "400 drops since the last read" };
const input = (transitions: Transition[]): NotificationInput => ({ host: "cache-01", receiver: "am", transitions, externalUrl: "https://conntrack.example.net", at: T0 });

const keys = (o: object) => Object.keys(o).sort();

describe("alertmanager payload", () => {
  it("has the keys of a real Alertmanager v4 body, top level and per alert", () => {
    const p = buildAlertmanagerPayload(input([firing]));
    expect(keys(p)).toEqual(keys(REAL_ALERTMANAGER_V4));
    expect(keys(p.alerts[0]!)).toEqual(keys(REAL_ALERTMANAGER_V4.alerts[0]!));
    expect(p.version).toBe(REAL_ALERTMANAGER_V4.version);
    expect(typeof p.truncatedAlerts).toBe(typeof REAL_ALERTMANAGER_V4.truncatedAlerts);
  });

  it("sends the zero time as endsAt while firing, the end once resolved; the group fires if any alert does", () => {
    const p = buildAlertmanagerPayload(input([firing, resolved]));
    expect(p.status).toBe("firing");
    expect(p.alerts.map((a) => [a.status, a.labels.alertname, a.startsAt, a.endsAt])).toEqual([
      ["firing", "conntrack-critical", "2026-12-02T09:30:00.000Z", REAL_ALERTMANAGER_V4.alerts[0]!.endsAt],
      ["resolved", "conntrack-drops", "2026-12-02T09:28:30.000Z", "2026-12-02T09:30:00.000Z"],
    ]);
    expect(p.groupKey).toBe('{}:{host="cache-01"}');
    expect(p.groupLabels).toEqual({ host: "cache-01" });
    expect(p.commonLabels).toEqual({ host: "cache-01", instance: "cache-01", source: "conntrack-fleet" });
    expect(p.alerts[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(p.alerts[0]!.generatorURL).toBe("https://conntrack.example.net/hosts/cache-01");
    expect(buildAlertmanagerPayload(input([resolved])).status).toBe("resolved");
  });
});

describe("slack payload", () => {
  it("is an incoming-webhook body: one readable line per alert, then a link", () => {
    expect(buildSlackPayload(input([firing, resolved]))).toEqual({
      text: [
        ":rotating_light: FIRING *cache-01* conntrack-critical: conntrack table at or above critical for 60s — 100.0% (262144/262144) since 2026-12-02 09:30:00 UTC",
        ":white_check_mark: RESOLVED *cache-01* conntrack-drops: conntrack drop counter moved — 400 drops since the last read (firing since 2026-12-02 09:28:30 UTC, for 90s)",
        "<https://conntrack.example.net/hosts/cache-01|cache-01 on the dashboard>",
      ].join("\n"),
    });
  });
});

describe("json payload", () => {
  it("is versioned and carries each transition", () => {
    expect(buildJsonPayload({ ...input([resolved]), externalUrl: null })).toEqual({
      version: 1,
      source: "conntrack-fleet",
      host: "cache-01",
      receiver: "am",
      status: "resolved",
      at: "2026-12-02T09:30:00.000Z",
      url: null,
      alerts: [
        {
          rule: "conntrack-drops",
          kind: "drops",
          status: "resolved",
          host: "cache-01",
          summary: "conntrack drop counter moved",
          value: "400 drops since the last read",
          startsAt: "2026-12-02T09:28:30.000Z",
          endsAt: "2026-12-02T09:30:00.000Z",
        },
      ],
    });
  });
});
