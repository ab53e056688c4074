import { execFileSync } from "node:child_process";
import { benchHost } from "../lib/bench/overview-fleet";
import { toFleetLines } from "../lib/api/fleet-lines";
import { syntheticFleetDoc } from "../lib/bench/overview-synthetic";
import { compareNames } from "../lib/client/fleet-sort";
import { readHostState, writeHostState } from "../lib/sim/host-state";
import { expect, fmt, hostsOfKind, test } from "./fixtures";

const THRESHOLDS = { warn: 0.75, critical: 0.9 };
const statusOf = (count: number, max: number) =>
  count / max >= THRESHOLDS.critical ? "critical" : count / max >= THRESHOLDS.warn ? "warn" : "ok";

test.describe("fleet overview against the simulated fleet", () => {
  test("every reachable host shows the status, count and max its files hold", async ({ stack, overview }) => {
    const normal = hostsOfKind(stack, "normal");
    expect(normal.length).toBeGreaterThanOrEqual(6);
    // Put three hosts squarely in each band so all three statuses are exercised.
    const [hot, warm, cool] = normal;
    for (const [host, fraction] of [
      [hot!, 1],
      [warm!, 0.8],
      [cool!, 0.1],
    ] as const) {
      const st = await readHostState(host.root!);
      await writeHostState(host.root!, { count: Math.floor(st!.max * fraction) });
    }
    await overview.open();
    for (const host of normal) {
      const st = (await readHostState(host.root!))!;
      await expect(overview.cell(host.name, "host-status")).toHaveText(statusOf(st.count, st.max));
      await expect(overview.cell(host.name, "host-count")).toHaveText(fmt(st.count));
      await expect(overview.cell(host.name, "host-max")).toHaveText(fmt(st.max));
    }
    await expect(overview.cell(hot!.name, "host-status")).toHaveText("critical");
    await expect(overview.cell(warm!.name, "host-status")).toHaveText("warn");
    await expect(overview.cell(cool!.name, "host-status")).toHaveText("ok");
  });

  test("failures are shown with their class and reason", async ({ stack, overview }) => {
    await overview.open();
    const expectations: [string, string, RegExp][] = [
      ["unreachable", "unreachable", /refused/i],
      ["blackhole", "unreachable", /timed out/i],
      ["auth", "unreachable", /authentication failed/i],
      ["hostkey", "hostkey", /HOST KEY CHANGED.*SHA256:/],
      ["no-conntrack", "no-conntrack", /not loaded/i],
    ];
    for (const [kind, status, reason] of expectations) {
      const hosts = hostsOfKind(stack, kind as never);
      expect(hosts.length, `the simulated fleet has a ${kind} host`).toBeGreaterThan(0);
      for (const h of hosts) {
        await expect(overview.cell(h.name, "host-status")).toHaveText(status);
        await expect(overview.cell(h.name, "host-reason")).toHaveText(reason);
      }
    }
  });

  test("a changed host key: the expected and the offered fingerprint as OpenSSH prints them, with the line and the command to clear it", async ({ stack, overview, page, api }) => {
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    for (const h of hostsOfKind(stack, "hostkey")) {
      const name = `[${h.address}]:${h.port}`;
      const file = stack.fleet.knownHostsFile;
      // What known_hosts holds for the host (ssh-keygen -F), and what the host offers now (ssh-keyscan).
      const found = execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-F", name, "-f", file], { encoding: "utf8" });
      const line = Number(/found: line (\d+)/.exec(found)?.[1]);
      const expected = /SHA256:\S+/.exec(found)?.[0];
      const scanned = execFileSync("ssh-keyscan", ["-t", "ed25519", "-p", String(h.port), h.address], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      const offered = /SHA256:\S+/.exec(execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", "-"], { input: scanned, encoding: "utf8" }))?.[0];
      expect(expected, "known_hosts has a line for the host").toBeTruthy();
      expect(offered, "the host offers a key").toBeTruthy();
      expect(offered).not.toBe(expected);
      const command = `ssh-keygen -R '${name}' -f ${file}`;

      const doc = (await (await api.get(`/api/hosts/${h.name}`)).json()) as { host: { error: { code: string; fingerprint: string; expected: { fingerprint: string; file: string; line: number }[]; removeCommands: string[] } } };
      expect(doc.host.error).toMatchObject({ code: "hostkey", fingerprint: offered, expected: [{ fingerprint: expected, file, line }], removeCommands: [command] });

      await overview.open();
      const title = overview.cell(h.name, "host-reason");
      await expect(title).toHaveAttribute("title", new RegExp(escape(`expected ${expected} (known_hosts line ${line} of ${file})`)));
      await expect(title).toHaveAttribute("title", new RegExp(escape(`offered ${offered}`)));

      await page.goto(`/hosts/${h.name}`);
      const panel = page.getByTestId("hostkey-panel");
      await expect(panel.getByTestId("hostkey-expected-fingerprint")).toHaveText(expected!);
      await expect(panel.getByTestId("hostkey-expected")).toContainText(`known_hosts line ${line} of ${file}`);
      await expect(panel.getByTestId("hostkey-offered-fingerprint")).toHaveText(offered!);
      await expect(panel.getByTestId("hostkey-remove-command")).toHaveText(command);
      await page.screenshot({ path: `test-results/screenshots/host-hostkey-${h.name}.png` });
    }
  });

  test("the page follows a host's table filling up without a reload", async ({ stack, overview, page }) => {
    const host = hostsOfKind(stack, "normal")[3]!;
    const st = (await readHostState(host.root!))!;
    await writeHostState(host.root!, { count: Math.floor(st.max * 0.3) });
    await overview.open();
    await expect(overview.cell(host.name, "host-status")).toHaveText("ok");
    const critical = Number(await page.getByTestId("tile-critical").innerText().then((t) => t.match(/\d+/)?.[0] ?? "0"));
    await writeHostState(host.root!, { count: st.max });
    await expect(overview.cell(host.name, "host-status")).toHaveText("critical");
    await expect(overview.cell(host.name, "host-count")).toHaveText(fmt(st.max));
    await expect(page.getByTestId("tile-critical")).toContainText(String(critical + 1));
  });

  test("the API agrees with the files", async ({ stack, api }) => {
    const res = await api.get("/api/hosts");
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { hosts: { name: string; status: string; count: number | null; max: number | null; utilization: number | null }[] };
    const byName = new Map(body.hosts.map((h) => [h.name, h]));
    expect(byName.size).toBe(stack.fleet.hosts.length);
    for (const host of hostsOfKind(stack, "normal")) {
      const st = (await readHostState(host.root!))!;
      await expect
        .poll(async () => ((await (await api.get("/api/hosts")).json()) as typeof body).hosts.find((h) => h.name === host.name)?.count)
        .toBe(st.count);
      const h = byName.get(host.name)!;
      expect(h.max).toBe(st.max);
    }
    expect((await api.get("/api/health")).status()).toBe(200);
  });

  test("filters by text, tag and status, and the URL keeps them", async ({ stack, overview, page }) => {
    await overview.open();
    const [a, b] = hostsOfKind(stack, "normal");
    await page.getByTestId("filter-text").fill(a!.name);
    await expect(overview.row(a!.name)).toBeVisible();
    await expect(overview.row(b!.name)).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`q=${a!.name}`));
    await page.reload();
    await expect(overview.row(a!.name)).toBeVisible();
    await expect(overview.row(b!.name)).toHaveCount(0);

    await overview.open();
    await page.getByTestId("filter-status").selectOption("hostkey");
    for (const h of stack.fleet.hosts) {
      if (h.kind === "hostkey") await expect(overview.row(h.name)).toBeVisible();
      else await expect(overview.row(h.name)).toHaveCount(0);
    }
  });

  test("Enter in the filter opens the host when exactly one matches; with several it changes nothing", async ({ stack, overview, page }) => {
    const host = hostsOfKind(stack, "normal")[0]!;
    const total = stack.fleet.hosts.length;
    await overview.open();
    const filter = page.getByTestId("filter-text");
    // Every simulated host name ends in "-01": Enter with the whole fleet matching stays on the list.
    await filter.fill("-01");
    await expect(page.getByTestId("shown-count")).toHaveText(`${total} of ${total} hosts`);
    await filter.press("Enter");
    await page.waitForTimeout(1000);
    await expect(page).toHaveURL(/\/\?q=-01$/);
    await expect(filter).toHaveValue("-01");
    await expect(filter).toBeFocused();
    // One match: Enter right after typing (before the list has caught up) opens it.
    await filter.fill(host.name);
    await filter.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/hosts/${host.name}$`));
    await expect(page.getByTestId("host-title")).toHaveText(host.name);
    // Back on the list, the filter is as it was typed.
    await page.goBack();
    await expect(page.getByTestId("filter-text")).toHaveValue(host.name);
    await expect(page.getByTestId("shown-count")).toHaveText(`1 of ${total} hosts`);
  });

  test("hosts in reconnect backoff are not overdue; the overview says how many hosts are connected", async ({ stack, overview, page, api }) => {
    type Doc = { progress: { total: number; connected: number; failing: number } | null; hosts: { name: string; connection: string | null; nextPollAt: string | null }[] };
    const refused = hostsOfKind(stack, "unreachable")[0]!;
    // Refused at once, then re-dialled with a growing backoff: due later, never late.
    await expect.poll(async () => ((await (await api.get("/api/hosts")).json()) as Doc).hosts.find((h) => h.name === refused.name)?.connection, { timeout: 30_000 }).toBe("backoff");
    await overview.open();
    const age = overview.row(refused.name).locator("time");
    await expect(age).toHaveAttribute("title", /reconnect attempt/);
    await expect(age).not.toHaveAttribute("data-overdue", "true");
    const progress = page.getByTestId("cold-start-progress");
    await expect(progress).toContainText(/connected \d+ \/ \d+/);
    const now = (await (await api.get("/api/hosts")).json()) as Doc;
    expect(now.progress!.total).toBe(stack.fleet.hosts.length);
    expect(now.progress!.failing).toBeGreaterThan(0);
  });

  test("a host dropping now at 12 % leads the table with its rate and since when; it stops dropping at the next quiet poll", async ({ stack, overview, page }) => {
    test.setTimeout(60_000);
    // The second Debian 12 host: specs that pick a host by OS take the first; only the counts of the
    // first tests in this file and the heatmap's touch it, and it has procfs counters to move.
    const host = hostsOfKind(stack, "normal").filter((h) => h.os === "debian12")[1];
    expect(host, "a second Debian 12 host in the simulated fleet").toBeDefined();
    expect((await readHostState(host!.root!))?.statSource).toBe("procfs");
    const root = host!.root!;
    const st = (await readHostState(root))!;
    await writeHostState(root, { count: Math.floor(st.max * 0.12) });
    // Drops at 12 %: a burst that fills the table between polls, or insert failures, leave this trace.
    let stop = false;
    const burst = (async () => {
      while (!stop) {
        const cur = (await readHostState(root))!;
        await writeHostState(root, { perCpu: cur.perCpu.map((c, i) => (i === 0 ? { ...c, drop: c.drop + 400 } : c)) });
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    try {
      await overview.open();
      const badge = overview.row(host!.name).getByTestId("dropping-badge");
      await expect(badge).toHaveText(/^dropping [\d,.]+\/s$/, { timeout: 15_000 });
      // Never below a quiet host: the first row of the default view, under its own heading.
      await expect(page.locator('[data-testid^="host-row-"]').first()).toHaveAttribute("data-testid", `host-row-${host!.name}`);
      await expect(page.getByTestId("table-group-dropping")).toContainText("Dropping now");
      await expect(page.getByTestId("tile-dropping").locator("[data-value]")).not.toHaveText("0");
      await expect(page.getByTestId("tile-dropping-detail")).toHaveText(/\/s/);
      await page.screenshot({ path: "test-results/screenshots/overview-during-burst.png", fullPage: true });

      await overview.row(host!.name).getByRole("link", { name: host!.name }).click();
      await expect(page.getByTestId("dropping-since")).toHaveText(/^since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(\d+s\)$/);
    } finally {
      stop = true;
      await burst;
    }
    // The counter stands still: the next poll says so (not five minutes later), and the last drop is remembered.
    await expect(page.getByTestId("last-drop")).toHaveText(/^not dropping now · last drop (just now|\d+s ago)$/, { timeout: 10_000 });
    await expect(page.getByTestId("dropping-badge")).toHaveCount(0);
    await overview.open();
    await expect(overview.row(host!.name).getByTestId("dropping-badge")).toHaveCount(0);
    await expect(page.getByTestId("tile-dropping-detail")).toContainText("earlier in the hour");
  });

  test("a fleet of thousands: only the rows near the viewport are in the page, every host reachable by scrolling and filtering", async ({ overview, page }) => {
    const hosts = Array.from({ length: 3000 }, (_, i) => benchHost(i));
    const [first, last] = [...hosts].sort((a, b) => compareNames(a.name, b.name)).filter((_, i, all) => i === 0 || i === all.length - 1);
    let generation = 0;
    // The browser gets a large fleet document; the page is the subject here, not the collector.
    await page.route("**/api/hosts?format=ndjson", (route) => {
      const { hosts: docHosts, ...envelope } = syntheticFleetDoc(hosts, generation++);
      return route.fulfill({ contentType: "application/x-ndjson", body: toFleetLines(envelope, docHosts) });
    });
    await overview.open("?sort=name");
    await expect(overview.row(first!.name)).toBeVisible();
    const rendered = await page.locator('[data-testid^="host-row-"]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    await expect(page.getByTestId("shown-count")).toHaveText("3000 hosts");
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect(overview.row(last!.name)).toBeVisible();
    await expect(overview.row(first!.name)).toHaveCount(0);
    await page.getByTestId("filter-text").fill(hosts[1234]!.name);
    await expect(page.getByTestId("shown-count")).toHaveText("1 of 3000 hosts");
    await expect(overview.row(hosts[1234]!.name)).toBeVisible();
    await page.getByTestId("view-heatmap").click();
    await page.getByTestId("filter-text").fill("");
    const drawn = () => page.getByTestId("heat-canvas").evaluateAll((els) => els.reduce((n, el) => n + (el.getAttribute("data-hosts") ?? "").split("\n").filter(Boolean).length, 0));
    await expect.poll(drawn).toBe(3000);
  });
});

