import { formatKernelLine } from "../lib/sim/kernel-log";
import { appendKernelLog, readBootAnchor, readHostState, writeHostState } from "../lib/sim/host-state";
import { logKernelMessages } from "../lib/sim/kernel-messages";
import { OS_PROFILES } from "../lib/sim/os-profiles";
import { rebootHost } from "../lib/sim/reboot";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { APIRequestContext } from "@playwright/test";
import { expect, fmt, test } from "./fixtures";

type EventsBody = { events: { ts: string; kind: string; count: number; line: string; source: string }[] };

/** The kernel-log source the dashboard chose for a host, once its first read (the backfill) is done. */
async function firstLogRead(api: APIRequestContext, host: string): Promise<string | null> {
  type HostBody = { host: { log: { lastReadAt: string | null; source: string | null } } };
  const log = async () => ((await (await api.get(`/api/hosts/${host}`)).json()) as HostBody).host.log;
  await expect.poll(async () => (await log()).lastReadAt, { timeout: 20_000 }).not.toBeNull();
  return (await log()).source;
}

/** The host's stored events since `since`, optionally of one kind. */
function eventsSince(api: APIRequestContext, host: string, since: Date, kind?: string) {
  return async () => {
    const body = (await (await api.get(`/api/events?host=${host}&from=${since.toISOString()}`)).json()) as EventsBody;
    return kind === undefined ? body.events : body.events.filter((e) => e.kind === kind);
  };
}

test.describe("drop history on the host page", () => {
  test("a burst to full, a reboot and a dashboard restart: events and counter drops agree, nothing lost or doubled", async ({ stack, page, api }) => {
    test.setTimeout(120_000);
    const host = stack.fleet.hosts.find((h) => h.kind === "normal" && h.os === "debian12")!;
    expect(host, "the simulated fleet has a Debian 12 host").toBeTruthy();
    const root = host.root!;
    expect(await firstLogRead(api, host.name)).toBe("kern.log");

    const st = (await readHostState(root))!;
    const eventsApi = eventsSince(api, host.name, new Date(Date.now() - 60_000));
    expect(await eventsApi()).toHaveLength(0);

    // Burst: the table fills, 255 packets are dropped (counter), 10 lines logged and 245 suppressed.
    const now = new Date();
    const lines = Array.from({ length: 10 }, () =>
      formatKernelLine("classic-uptime", host.name, now, st.uptimeSeconds, "nf_conntrack: nf_conntrack: table full, dropping packet"),
    );
    lines.push(formatKernelLine("classic-uptime", host.name, now, st.uptimeSeconds, "net_ratelimit: 245 callbacks suppressed"));
    await appendKernelLog(root, lines);
    const burst = st.perCpu.map((c, i) => ({ ...c, drop: c.drop + (i === 0 ? 200 : i === 1 ? 55 : 0) }));
    await writeHostState(root, { count: st.max, perCpu: burst });

    await page.goto(`/hosts/${host.name}?range=1h`);
    await expect(page.getByTestId("host-title")).toHaveText(host.name);
    // Polled through its persistent reader (one shell on the host, no process per poll).
    await expect(page.getByTestId("fact-poll-mode")).toHaveText("reader");
    // Within one poll (1 s here) plus the page's refresh.
    await expect(page.getByTestId("events-count")).toHaveText("11", { timeout: 8_000 });
    await expect(page.getByTestId("drops-total")).toHaveText(fmt(255), { timeout: 8_000 });
    const rows = page.getByTestId("event-row");
    await expect(rows).toHaveCount(11);
    await expect(rows.getByTestId("event-kind").filter({ hasText: "suppressed" })).toHaveCount(1);
    // Newest first; lines of the same second keep the log's order, so the suppressed line (logged last) leads.
    await expect(rows.getByTestId("event-line").first()).toContainText("245 callbacks suppressed");
    await expect(rows.getByTestId("event-line").last()).toContainText("table full, dropping packet");

    const events = await eventsApi();
    expect(events.filter((e) => e.kind === "table_full")).toHaveLength(10);
    expect(events.find((e) => e.kind === "suppressed")?.count).toBe(245);

    // Reboot: uptime starts again, counters restart from zero and reach 4. Not negative, not 255 again.
    await writeHostState(root, { uptimeSeconds: 30, perCpu: st.perCpu.map((c, i) => ({ ...c, drop: i === 0 ? 4 : 0 })) });
    await expect(page.getByTestId("drops-total")).toHaveText(fmt(259), { timeout: 8_000 });

    // Restart the dashboard: the history is on disk, the log position too.
    const restarted = await api.post(`${stack.control}/restart-app`, { timeout: 90_000 });
    expect(restarted.ok()).toBeTruthy();
    await page.reload();
    await expect(page.getByTestId("drops-total")).toHaveText(fmt(259));
    // A few polls later nothing was re-read or re-counted.
    await page.waitForTimeout(4_000);
    await page.reload();
    await expect(page.getByTestId("events-count")).toHaveText("11");
    await expect(page.getByTestId("drops-total")).toHaveText(fmt(259));
    expect(await eventsApi()).toHaveLength(11);
  });

  test("a host with a journal: drops are read from the journal, across a reboot, each once", async ({ stack, page, api }) => {
    test.setTimeout(60_000);
    const host = stack.fleet.hosts.find((h) => h.kind === "normal" && OS_PROFILES[h.os].journal && h.name.startsWith("k8s-node"))!;
    expect(host, "the simulated fleet has a k8s node with a journal").toBeTruthy();
    const root = host.root!;
    const full = OS_PROFILES[host.os].tableFull;
    expect(await firstLogRead(api, host.name)).toBe("journal");
    const recent = eventsSince(api, host.name, new Date(Date.now() - 30_000), "table_full");
    expect(await recent()).toHaveLength(0);

    // Three drops logged, a reboot (new boot id in the journal), then two more in the new boot.
    const st = (await readHostState(root))!;
    await logKernelMessages(host, [0, 1, 2].map((i) => ({ atMs: Date.now() + i, uptimeSeconds: st.uptimeSeconds, message: full })));
    await rebootHost(host);
    await logKernelMessages(host, [0, 1].map((i) => ({ atMs: Date.now() + i, uptimeSeconds: 26, message: full })));
    const rebootedMax = (await readHostState(root))!.max;
    await writeHostState(root, { count: rebootedMax }); // hot: read after every poll

    await page.goto(`/hosts/${host.name}?range=1h`);
    await expect(page.getByTestId("host-title")).toHaveText(host.name);
    await expect.poll(async () => (await recent()).length, { timeout: 10_000 }).toBe(5);
    const rows = page.getByTestId("event-row");
    await expect(rows.getByTestId("event-source").filter({ hasText: "journal" }).first()).toBeVisible();
    // The journal's lines carry the host's name and the message; short-iso-precise stamps.
    await expect(rows.getByTestId("event-line").first()).toContainText(`${host.name} kernel: ${full}`);
    // More polls read nothing twice.
    await page.waitForTimeout(3_000);
    expect(await recent()).toHaveLength(5);
    expect((await recent()).every((e) => e.source === "journal")).toBe(true);
    await writeHostState(root, { count: Math.min(st.count, rebootedMax) });
  });

  test("a CentOS 5 host with a readable dmesg: new drops from the ring buffer at their wall-clock time, across a reboot", async ({ stack, page, api }) => {
    test.setTimeout(60_000);
    const host = stack.fleet.hosts.find((h) => h.kind === "normal" && h.os === "centos5")!;
    const root = host.root!;
    const full = OS_PROFILES[host.os].tableFull;
    expect(await firstLogRead(api, host.name)).toBe("dmesg");
    const recent = eventsSince(api, host.name, new Date(Date.now() - 5_000), "table_full");
    expect(await recent()).toHaveLength(0);
    // The kernel stamps seconds since boot; the host's clock has been running since the fleet started.
    const drops = (n: number) => {
      const boot = readBootAnchor(root)!;
      const at = Date.now();
      return Array.from({ length: n }, (_, i) => ({ atMs: at + i, uptimeSeconds: (at + i - boot) / 1000, message: full }));
    };
    const st = (await readHostState(root))!;
    const first = drops(4);
    await logKernelMessages(host, first);
    await writeHostState(root, { count: st.max });

    await page.goto(`/hosts/${host.name}?range=1h`);
    await expect.poll(async () => (await recent()).length, { timeout: 10_000 }).toBe(4);
    for (const e of await recent()) {
      expect(e.source).toBe("dmesg");
      expect(Math.abs(Date.parse(e.ts) - first[0]!.atMs)).toBeLessThan(3_000);
    }
    await expect(page.getByTestId("event-line").first()).toContainText(`] ${full}`);

    // A reboot empties the ring buffer and restarts its stamps: the next drops are read, nothing twice.
    await rebootHost(host);
    await logKernelMessages(host, drops(2));
    await writeHostState(root, { count: (await readHostState(root))!.max });
    await expect.poll(async () => (await recent()).length, { timeout: 10_000 }).toBe(6);
    await page.waitForTimeout(3_000);
    expect(await recent()).toHaveLength(6);
    await writeHostState(root, { count: 0 });
  });

  test("a CentOS 6 host logging `kernel: : ` lines with rotated files: events and suppressed counts match its log, first contact and incrementally", async ({ stack, api }) => {
    test.setTimeout(60_000);
    const host = stack.fleet.hosts.find((h) => h.kind === "normal" && h.os === "centos6")!;
    const root = host.root!;
    const p = OS_PROFILES[host.os];
    const dir = path.join(root, "var/log");
    const text = [
      ...(fs.existsSync(path.join(dir, "messages.2.gz")) ? [zlib.gunzipSync(fs.readFileSync(path.join(dir, "messages.2.gz"))).toString("utf8")] : []),
      fs.readFileSync(path.join(dir, "messages.1"), "utf8"),
      fs.readFileSync(path.join(dir, "messages"), "utf8"),
    ].join("");
    const lines = text.split("\n").filter((l) => l.includes(" kernel: "));
    expect(lines.every((l) => l.includes(" kernel: : "))).toBe(true);
    // What the log holds, counted here without the dashboard's parser: table-full lines, and the
    // `__ratelimit: N` lines whose previous kernel line is a table-full line at most 10 s earlier.
    const at = (l: string) => Date.parse(`${l.slice(0, 15)} ${new Date().getUTCFullYear()} UTC`);
    const isFull = (l: string) => l.endsWith(`kernel: : ${p.tableFull}`);
    const fullLines = lines.filter(isFull);
    let attributed = 0;
    lines.forEach((l, i) => {
      const m = /kernel: : __ratelimit: (\d+) callbacks suppressed$/.exec(l);
      const prev = lines[i - 1];
      if (m && prev && isFull(prev) && at(l) - at(prev) <= 10_000) attributed += Number(m[1]);
    });
    expect(fullLines.length).toBeGreaterThan(10);
    expect(attributed).toBeGreaterThan(0);

    expect(await firstLogRead(api, host.name)).toBe("messages");
    const since = new Date(Date.now() - 31 * 86_400_000);
    const all = eventsSince(api, host.name, since);
    const sum = async (kind: string) => (await all()).filter((e) => e.kind === kind).reduce((a, e) => a + e.count, 0);
    await expect.poll(async () => sum("table_full"), { timeout: 20_000 }).toBe(fullLines.length);
    expect(await sum("suppressed")).toBe(attributed);
    for (const e of await all()) expect(e.line).toContain(" kernel: : ");

    // New lines in the same shape: a burst, then the ratelimit's summary 5 s later and the next line.
    const boot = readBootAnchor(root)!;
    const t = Date.now();
    const msg = (atMs: number, message: string) => ({ atMs, uptimeSeconds: (atMs - boot) / 1000, message });
    await logKernelMessages(host, [msg(t, p.tableFull), msg(t + 1, p.tableFull), msg(t + 2, p.tableFull)]);
    await logKernelMessages(host, [msg(t + 5_000, p.suppressed(377)), msg(t + 5_001, p.tableFull)]);
    const st = (await readHostState(root))!;
    await writeHostState(root, { count: st.max });
    await expect.poll(async () => sum("table_full"), { timeout: 20_000 }).toBe(fullLines.length + 4);
    await expect.poll(async () => sum("suppressed"), { timeout: 10_000 }).toBe(attributed + 377);
    await writeHostState(root, { count: 0 });
  });

  test("an unknown host is a 404 page and a 404 API answer", async ({ stack, page, api }) => {
    const known = stack.fleet.hosts.find((h) => h.kind === "normal")!.name;
    const res = await api.get("/api/hosts/no-such-host");
    expect(res.status()).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await api.get("/api/hosts/bad;name")).status()).toBe(400);
    expect((await api.get(`/api/hosts/${known}/samples?from=yesterday`)).status()).toBe(400);
    await page.goto("/hosts/no-such-host");
    await expect(page.getByText(/not found|no host/i).first()).toBeVisible();
  });
});
