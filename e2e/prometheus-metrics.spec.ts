import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { readHostState, writeHostState } from "../lib/sim/host-state";
import { expect, hostsOfKind, test } from "./fixtures";

/**
 * /metrics scraped by a real Prometheus (Debian's 2.42, started here on loopback with its own
 * config and storage, scraping every second with a bearer token): a simulated host's drop counter
 * rises, and Prometheus' query API sees the rise under node_exporter's name.
 */

const PROM_PORT = 9390;
const PROM = `http://127.0.0.1:${PROM_PORT}`;

type Vector = { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };

/** The Prometheus this spec started, if still running: ended after the test whatever happened in it. */
let running: ChildProcess | null = null;
process.once("exit", () => running?.kill("SIGKILL"));
test.afterEach(async () => {
  if (running) await stopProcess(running);
  running = null;
});

async function query(prom: APIRequestContext, q: string): Promise<Vector["data"]["result"]> {
  const res = await prom.get(`/api/v1/query?query=${encodeURIComponent(q)}`);
  expect(res.status(), q).toBe(200);
  return ((await res.json()) as Vector).data.result;
}

async function scalar(prom: APIRequestContext, q: string): Promise<number | null> {
  const r = await query(prom, q);
  return r.length === 1 ? Number(r[0]!.value[1]) : null;
}

/** Ends Prometheus and waits for it: SIGTERM, then SIGKILL if it lingers. */
async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.once("exit", () => resolve()));
  p.kill("SIGTERM");
  const timer = setTimeout(() => p.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

test("Prometheus scrapes /metrics with a metrics token and sees a host's drop counter rise", async ({ page, stack }) => {
  test.setTimeout(120_000);
  const csrf = ((await (await page.request.get("/api/auth/session")).json()) as { csrf: string }).csrf;
  const created = await page.request.post("/api/tokens", { headers: { origin: stack.url, "x-csrf-token": csrf }, data: { name: `prometheus-${Date.now()}`, role: "metrics" } });
  expect(created.status()).toBe(201);
  const { token, id } = (await created.json()) as { token: string; id: number };

  // The endpoint itself: token required, text format by default, OpenMetrics on request; promtool accepts the text.
  const scraper = await playwrightRequest.newContext({ baseURL: stack.url, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const anon = await playwrightRequest.newContext({ baseURL: stack.url });
  try {
    const denied = await anon.get("/metrics");
    expect(denied.status()).toBe(401);
    const text = await scraper.get("/metrics");
    expect(text.status()).toBe(200);
    expect(text.headers()["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    // Compressed on the wire when asked (Prometheus asks): the document is megabytes at fleet scale.
    expect(text.headers()["content-encoding"]).toBe("gzip");
    const body = await text.text();
    const lint = spawnSync("promtool", ["check", "metrics"], { input: body, encoding: "utf8" });
    expect(lint.status, `promtool check metrics:\n${lint.stdout}${lint.stderr}`).toBe(0);
    const om = await scraper.get("/metrics", { headers: { accept: "application/openmetrics-text; version=1.0.0" } });
    expect(om.headers()["content-type"]).toBe("application/openmetrics-text; version=1.0.0; charset=utf-8");
    const omBody = await om.text();
    expect(omBody.endsWith("# EOF\n")).toBe(true);
    expect(omBody).toContain("# TYPE conntrack_fleet_stat_drop counter\n");
  } finally {
    await anon.dispose();
    await scraper.dispose();
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-prometheus-"));
  fs.writeFileSync(path.join(dir, "token"), token, { mode: 0o600 });
  const target = new URL(stack.url).host;
  fs.writeFileSync(
    path.join(dir, "prometheus.yml"),
    `global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: conntrack-fleet
    metrics_path: /metrics
    authorization:
      type: Bearer
      credentials_file: ${path.join(dir, "token")}
    static_configs:
      - targets: ["${target}"]
`,
  );
  const logs: string[] = [];
  const prometheus = spawn(
    "prometheus",
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${PROM_PORT}`,
      "--storage.tsdb.retention.time=1h",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  running = prometheus;
  prometheus.on("error", (err) => logs.push(`spawn failed: ${err.message}`));
  prometheus.stdout!.on("data", (b: Buffer) => logs.push(b.toString()));
  prometheus.stderr!.on("data", (b: Buffer) => logs.push(b.toString()));
  const prom = await playwrightRequest.newContext({ baseURL: PROM });
  try {
    await expect
      .poll(async () => (await prom.get("/-/ready").catch(() => null))?.status() ?? 0, { timeout: 30_000, message: `Prometheus ready (${logs.join("")})` })
      .toBe(200);
    await expect.poll(() => scalar(prom, 'up{job="conntrack-fleet"}'), { timeout: 20_000, message: "the scrape with the token succeeds" }).toBe(1);

    // The host whose counters the overview spec also moves (Debian 12, procfs stats).
    const host = hostsOfKind(stack, "normal").filter((h) => h.os === "debian12")[1]!;
    const sel = `{host="${host.name}"}`;
    const st = (await readHostState(host.root!))!;
    const kernelDrops = st.perCpu.reduce((n, c) => n + c.drop, 0);
    await expect.poll(() => scalar(prom, `node_nf_conntrack_stat_drop${sel}`), { timeout: 15_000 }).toBe(kernelDrops);
    await writeHostState(host.root!, { perCpu: st.perCpu.map((c, i) => (i === 0 ? { ...c, drop: c.drop + 5000 } : c)) });
    await expect.poll(() => scalar(prom, `node_nf_conntrack_stat_drop${sel}`), { timeout: 20_000, message: "Prometheus sees the new counter value" }).toBe(kernelDrops + 5000);
    expect(await scalar(prom, `conntrack_fleet_stat_drop_total${sel}`)).toBe(kernelDrops + 5000);
    expect(await scalar(prom, `increase(node_nf_conntrack_stat_drop${sel}[1m])`)).toBeGreaterThan(0);
    expect(await scalar(prom, `node_nf_conntrack_entries_limit${sel}`)).toBe((await readHostState(host.root!))!.max);
    expect(await scalar(prom, `sum(conntrack_fleet_host_status{host="${host.name}"})`)).toBe(1);
    expect(await scalar(prom, `sum(conntrack_fleet_host_status{host="${host.name}",status=~"ok|warn|critical"})`)).toBe(1);

    // A host that cannot be reached: its status says so, and it has no numbers to go stale on.
    const down = hostsOfKind(stack, "unreachable")[0]!;
    expect(await scalar(prom, `conntrack_fleet_host_status{host="${down.name}",status="unreachable"}`)).toBe(1);
    expect(await query(prom, `node_nf_conntrack_entries{host="${down.name}"}`)).toEqual([]);
    expect(await query(prom, `count(conntrack_fleet_kernel_log_events_total{host="${host.name}"})`)).toHaveLength(1);

    // Revoking the token ends the scrapes: it was the token that let Prometheus in.
    const revoked = await page.request.post(`/api/tokens/${id}/revoke`, { headers: { origin: stack.url, "x-csrf-token": csrf } });
    expect(revoked.status()).toBe(200);
    await expect.poll(() => scalar(prom, 'up{job="conntrack-fleet"}'), { timeout: 20_000 }).toBe(0);
  } finally {
    await prom.dispose();
    await stopProcess(prometheus);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
