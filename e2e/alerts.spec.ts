import http from "node:http";
import { readBootAnchor, readHostState, writeHostState } from "../lib/sim/host-state";
import { logKernelMessages } from "../lib/sim/kernel-messages";
import { OS_PROFILES } from "../lib/sim/os-profiles";
import { ALERT_RECEIVER_PORTS } from "./alert-ports";
import { expect, signIn, test } from "./fixtures";

/**
 * Alerts end to end: a burst on one host (drops and a full table) fires exactly one notification
 * per rule at each webhook, the recovery exactly one resolved; a receiver answering 500 is retried
 * with backoff and finally delivered; the alerts page shows all of it, to a viewer, without secrets.
 */

interface Received {
  receiver: keyof typeof ALERT_RECEIVER_PORTS;
  status: number;
  path: string;
  body: Record<string, unknown> & { alerts: Record<string, unknown>[] };
}

const received: Received[] = [];
const servers: http.Server[] = [];
let flakyFailuresLeft = 2;

test.beforeAll(async () => {
  for (const [receiver, port] of Object.entries(ALERT_RECEIVER_PORTS) as [Received["receiver"], number][]) {
    const server = http.createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString()));
      req.on("end", () => {
        const status = receiver === "flaky" && flakyFailuresLeft-- > 0 ? 500 : 200;
        received.push({ receiver, status, path: req.url ?? "", body: JSON.parse(text) as Received["body"] });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    servers.push(server);
  }
});

test.afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** `rule status` of every alert a receiver accepted (200) for the host. */
function transitionsAt(receiver: Received["receiver"], host: string): string[] {
  const out: string[] = [];
  for (const r of received) {
    if (r.receiver !== receiver || r.status !== 200) continue;
    for (const a of r.body.alerts) {
      const labels = a.labels as Record<string, string> | undefined;
      const alertHost = (a.host as string | undefined) ?? labels?.host;
      const rule = (a.rule as string | undefined) ?? labels?.alertname;
      if (alertHost === host) out.push(`${rule} ${a.status as string}`);
    }
  }
  return out.sort();
}

const ALL = ["e2e-drops firing", "e2e-drops resolved", "e2e-full firing", "e2e-full resolved", "e2e-log firing", "e2e-log resolved"];
const FIRING = ["e2e-drops firing", "e2e-full firing", "e2e-log firing"];

test("a burst fires once per rule (a restart in between changes nothing), the recovery resolves once; a failing receiver is retried, then delivered; the page shows it", async ({ stack, browser }) => {
  test.setTimeout(120_000);
  const host = stack.fleet.hosts.find((h) => h.name === stack.alertHost)!;
  const root = host.root!;
  const before = (await readHostState(root))!;
  try {
    await burstAndRecover();
  } finally {
    await writeHostState(root, { count: before.count });
  }

  async function burstAndRecover(): Promise<void> {
    // The burst: the table is full, CPU 0's drop counter moves, the kernel logs "table full".
    await writeHostState(root, {
      count: before.max,
      perCpu: before.perCpu.map((c, i) => (i === 0 ? { ...c, drop: c.drop + 400 } : c)),
    });
    const boot = readBootAnchor(root)!;
    const t = Date.now();
    const full = OS_PROFILES[host.os].tableFull;
    await logKernelMessages(host, [0, 1].map((i) => ({ atMs: t + i, uptimeSeconds: (t + i - boot) / 1000, message: full })));
    // The drop counter stands still from the next read on: drops may resolve before the table rule's 2 s are up.
    const firingAt = (receiver: Received["receiver"]) => transitionsAt(receiver, host.name).filter((t) => t.endsWith(" firing"));
    await expect.poll(() => firingAt("json"), { timeout: 40_000 }).toEqual(FIRING);

    // Firing on the page, since when; viewers may read it.
    const viewerContext = await browser.newContext();
    const viewer = await viewerContext.newPage();
    await signIn(viewer, stack.users.viewer);
    await viewer.getByRole("link", { name: "Alerts" }).click();
    await expect(viewer).toHaveURL(/\/alerts$/);
    await expect(viewer.getByTestId(`firing-e2e-full-${host.name}`)).toBeVisible();
    await expect(viewer.getByTestId(`firing-e2e-full-${host.name}`).getByTestId("firing-since")).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \((just now|\d+s ago)\)$/);
    await viewer.screenshot({ path: "test-results/alerts-firing.png", fullPage: true });

    // Still full a few polls later: nothing new is sent.
    await viewer.waitForTimeout(3_000);
    expect(firingAt("json")).toEqual(FIRING);
    expect(transitionsAt("json", host.name)).not.toContain("e2e-full resolved");

    // A dashboard restart while firing: the state comes back from the store, nothing fires twice.
    const restarted = await fetch(`${stack.control}/restart-app`, { method: "POST" });
    expect(restarted.status).toBe(200);
    await viewer.reload();
    await expect(viewer.getByTestId(`firing-e2e-full-${host.name}`)).toBeVisible();
    await viewer.waitForTimeout(3_000);
    expect(firingAt("json")).toEqual(FIRING);

    // Recovery: the table empties, the counter stands still.
    await writeHostState(root, { count: before.count });
    await expect.poll(() => transitionsAt("json", host.name), { timeout: 40_000 }).toEqual(ALL);
    await expect.poll(() => transitionsAt("alertmanager", host.name), { timeout: 20_000 }).toEqual(ALL);
    // The 500 receiver: two refusals, then everything arrives (retried with backoff, not dropped).
    await expect.poll(() => transitionsAt("flaky", host.name), { timeout: 30_000 }).toEqual(ALL);
    expect(received.filter((r) => r.receiver === "flaky" && r.status === 500)).toHaveLength(2);
    // In order: no resolved overtakes its firing while that one is being retried.
    const flakyOrder = received.filter((r) => r.receiver === "flaky" && r.status === 200).flatMap((r) => r.body.alerts.map((a) => `${a.rule as string} ${a.status as string}`));
    for (const rule of ["e2e-drops", "e2e-full", "e2e-log"]) expect(flakyOrder.indexOf(`${rule} firing`)).toBeLessThan(flakyOrder.indexOf(`${rule} resolved`));

    // No repeats: a few more polls change nothing.
    await viewer.waitForTimeout(3_000);
    expect(transitionsAt("json", host.name)).toEqual(ALL);
    expect(transitionsAt("flaky", host.name)).toEqual(ALL);

    // The Alertmanager receiver got Alertmanager's webhook format.
    const am = received.find((r) => r.receiver === "alertmanager" && r.body.status === "resolved")!;
    expect(am.body).toMatchObject({ version: "4", groupKey: `{}:{host="${host.name}"}`, receiver: "e2e-am", groupLabels: { host: host.name }, truncatedAlerts: 0 });
    expect(am.body.alerts[0]).toMatchObject({ status: "resolved", labels: { host: host.name }, generatorURL: `http://127.0.0.1:3100/hosts/${host.name}` });
    expect(am.body.alerts[0]!.endsAt).not.toBe("0001-01-01T00:00:00Z");

    // The page: nothing firing for the host, every notification delivered, the retried one on attempt 3; no secret anywhere.
    await expect(viewer.getByTestId(`firing-e2e-full-${host.name}`)).toHaveCount(0);
    const flakyRows = viewer.locator(`[data-testid="notification-row"][data-receiver="e2e-flaky"][data-host="${host.name}"]`);
    await expect(flakyRows.and(viewer.locator('[data-state="delivered"]'))).toHaveCount(await flakyRows.count());
    await expect(flakyRows.getByTestId("notification-delivery").filter({ hasText: "(attempt 3)" })).toHaveCount(1);
    await expect(flakyRows.first().getByTestId("notification-target")).toHaveText("json · http://127.0.0.1:3402");
    // At least one resolved notification per receiver (both rules' may share one, when one evaluation resolved both).
    await expect
      .poll(() => viewer.locator(`[data-testid="notification-row"][data-host="${host.name}"][data-status="resolved"]`).count())
      .toBeGreaterThanOrEqual(3);
    expect(await viewer.content()).not.toContain("e2e-secret-token");
    await viewer.screenshot({ path: "test-results/alerts-resolved.png", fullPage: true });

    // The API returns the same, and no URL beyond scheme and host.
    const res = await viewer.request.get("/api/alerts");
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("e2e-secret-token");
    const body = JSON.parse(text) as { receivers: { name: string; target: string }[]; notifications: { host: string; state: string }[] };
    expect(body.receivers).toContainEqual({ name: "e2e-am", kind: "alertmanager", target: "http://127.0.0.1:3403" });
    expect(body.notifications.filter((n) => n.host === host.name).every((n) => n.state === "delivered")).toBe(true);
    await viewerContext.close();
  }
});
