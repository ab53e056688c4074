import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { redactUrl } from "./alerts-config";
import { FleetConfigError, parseFleetFile } from "./fleet-file";

let file: string;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "alerts-config-"));
  file = path.join(dir, "fleet.yaml");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "id_ed25519")]);
  fs.writeFileSync(path.join(dir, "known_hosts"), "");
});

const fleet = (alerts: string) => `defaults:
  identityFile: ./id_ed25519
  knownHosts: ./known_hosts
hosts:
  - name: web-01
    address: 10.0.0.1
alerts:
${alerts}`;

function problemsOf(text: string) {
  try {
    parseFleetFile(text, file, {});
  } catch (err) {
    if (err instanceof FleetConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a FleetConfigError");
}

describe("alerts section", () => {
  it("resolves levels to the fleet's thresholds and applies delivery defaults", () => {
    const cfg = parseFleetFile(
      fleet(`  receivers:
    - name: ops
      kind: slack
      url: https://hooks.slack.com/services/T000/B000/XXXXXXXX
  rules:
    - name: table-critical
      kind: utilization
      level: critical
      forSeconds: 60
      receivers: [ops]
    - name: table-80
      kind: utilization
      ratio: 0.8
      receivers: [ops]
    - name: dropping
      kind: drops
      receivers: [ops]
      hosts: [web-01]
`),
      file,
      {},
    );
    expect(cfg.alerts.receivers[0]).toMatchObject({ name: "ops", kind: "slack", timeoutSeconds: 5, maxAttempts: 6, backoffSeconds: 2 });
    expect(cfg.alerts.rules).toEqual([
      { name: "table-critical", kind: "utilization", ratio: 0.9, label: "critical", forMs: 60_000, receivers: ["ops"], hosts: null },
      { name: "table-80", kind: "utilization", ratio: 0.8, label: "80%", forMs: 0, receivers: ["ops"], hosts: null },
      { name: "dropping", kind: "drops", forMs: 0, receivers: ["ops"], hosts: ["web-01"] },
    ]);
  });

  it("a fleet file without alerts has none", () => {
    expect(parseFleetFile(fleet("  rules: []\n"), file, {}).alerts).toEqual({ externalUrl: null, receivers: [], rules: [] });
  });

  it("names file, line and field of each mistake", () => {
    const problems = problemsOf(
      fleet(`  receivers:
    - name: ops
      kind: json
      url: http://127.0.0.1:9/hook
  rules:
    - name: r1
      kind: utilization
      receivers: [opz]
    - name: r2
      kind: drops
      receivers: [ops]
      hosts: [nope-01]
`),
    );
    expect(problems).toEqual([
      { line: 15, field: "alerts.rules[0] (r1).receivers[0]", message: "no receiver named opz under alerts.receivers" },
      { line: 14, field: "alerts.rules[0] (r1).kind", message: "set exactly one of level (warn/critical) or ratio" },
      { line: 19, field: "alerts.rules[1] (r2).hosts[0]", message: "no host named nope-01 in the fleet" },
    ]);
    const bad = problemsOf(
      fleet(`  receivers:
    - name: ops
      kind: teams
      url: ftp://example.net/x
`),
    );
    expect(bad.map((p) => [p.line, p.field])).toEqual([
      [10, "alerts.receivers[0].kind"],
      [11, "alerts.receivers[0].url"],
    ]);
  });

  it("shows receiver URLs as scheme and host only", () => {
    expect(redactUrl("https://hooks.slack.com/services/T000/B000/XXXXXXXX")).toBe("https://hooks.slack.com");
    expect(redactUrl("http://user:pw@127.0.0.1:3401/hook?token=abc")).toBe("http://127.0.0.1:3401");
  });
});
