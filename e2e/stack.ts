/**
 * Playwright's webServer: a fresh simulated fleet (no scenario driver: the tests set each host's
 * files themselves) and the production build polling it every second. Writes `.e2e/stack.json`
 * for the tests to find the host roots.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { hashPassword } from "../lib/auth/password";
import { startStack } from "../lib/sim/app-stack";
import { ALERT_RECEIVER_PORTS } from "./alert-ports";

/** Test users: an operator and a viewer, with real scrypt hashes in the fleet file. */
export const E2E_USERS = {
  operator: { name: "olivia", password: "olivia-operator-pass" },
  viewer: { name: "victor", password: "victor-viewer-pass" },
} as const;

const { values } = parseArgs({ options: { port: { type: "string", default: "3100" } } });
const root = path.resolve(".e2e");

/** The host configured with `sudo: true` whose chroot has no sudo (lib/sim: SimHost.sudo "absent"): the "may not sudo" case. */
function sudoHostOf(hosts: { name: string; kind: string; sudo?: string }[]): string {
  const h = hosts.find((x) => x.kind === "normal" && x.sudo === "absent");
  if (!h) throw new Error("no normal host for the sudo case");
  return h.name;
}
const CONTROL_PORT = 3199;

/**
 * The host the alerts spec bursts: centos6 (procfs drop counters, read on every poll; the ubuntu2404
 * host of this fleet has no conntrack-tools, so no counters). The specs that use it later only
 * count events or compare against their own baseline; the alerts spec puts its count back.
 */
function alertHostOf(hosts: { name: string; kind: string; os?: string }[]): string {
  const h = hosts.find((x) => x.kind === "normal" && x.os === "centos6");
  if (!h) throw new Error("no normal centos6 host for the alerts spec");
  return h.name;
}
function e2eAlerts(hosts: { name: string; kind: string; os?: string }[]): Record<string, unknown> {
  const host = alertHostOf(hosts);
  const receivers = ["e2e-json", "e2e-flaky", "e2e-am"];
  // The token in the query stands for a webhook secret: it must never reach the page or the log.
  const url = (port: number, p: string) => `http://127.0.0.1:${port}/${p}?token=e2e-secret-token`;
  return {
    externalUrl: "http://127.0.0.1:3100",
    receivers: [
      { name: "e2e-json", kind: "json", url: url(ALERT_RECEIVER_PORTS.json, "hook"), timeoutSeconds: 2, backoffSeconds: 1, maxAttempts: 5 },
      { name: "e2e-flaky", kind: "json", url: url(ALERT_RECEIVER_PORTS.flaky, "hook"), timeoutSeconds: 2, backoffSeconds: 1, maxAttempts: 5 },
      { name: "e2e-am", kind: "alertmanager", url: url(ALERT_RECEIVER_PORTS.alertmanager, "api/v2/webhook"), timeoutSeconds: 2, backoffSeconds: 1, maxAttempts: 5 },
    ],
    rules: [
      { name: "e2e-full", kind: "utilization", level: "critical", forSeconds: 2, hosts: [host], receivers },
      { name: "e2e-drops", kind: "drops", hosts: [host], receivers },
      { name: "e2e-log", kind: "table-full-log", hosts: [host], receivers },
    ],
  };
}
// Simulated hosts have no /etc/localtime: their syslog stamps are UTC, and so must ours be.
process.env.TZ = "UTC";

async function main() {
  fs.mkdirSync(root, { recursive: true });
  const stack = await startStack({
    simDir: path.join(root, "sim"),
    dataDir: path.join(root, "data"),
    hosts: 12,
    sshPort: 2322,
    appPort: Number(values.port),
    appHost: "127.0.0.1",
    scenario: false,
    tickMs: 1000,
    seed: 7,
    pollIntervalSeconds: 1,
    freshData: true,
    auth: {
      users: [
        { name: E2E_USERS.operator.name, role: "operator", passwordHash: await hashPassword(E2E_USERS.operator.password) },
        { name: E2E_USERS.viewer.name, role: "viewer", passwordHash: await hashPassword(E2E_USERS.viewer.password) },
      ],
      // Short enough for the session-expiry test to watch one run out.
      sessionIdleMinutes: 1,
    },
    sudoHosts: (fleet) => [sudoHostOf(fleet.hosts)],
    alerts: (fleet) => e2eAlerts(fleet.hosts),
  });
  // A control port for tests that need to restart the dashboard (loopback only).
  const control = http.createServer((req, res) => {
    if (req.method === "POST" && req.url === "/restart-app") {
      stack.restartApp().then(
        () => res.end("restarted"),
        (err: Error) => {
          res.statusCode = 500;
          res.end(err.message);
        },
      );
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => control.listen(CONTROL_PORT, "127.0.0.1", r));
  fs.writeFileSync(
    path.join(root, "stack.json"),
    JSON.stringify({ url: stack.url, users: E2E_USERS, sudoHost: sudoHostOf(stack.fleet.hosts), alertHost: alertHostOf(stack.fleet.hosts), control: `http://127.0.0.1:${CONTROL_PORT}`, fleet: { ...stack.fleet, stop: undefined } }, null, 2),
  );
  const shutdown = async () => {
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((err) => {
  console.error(`e2e stack failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
