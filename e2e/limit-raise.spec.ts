import type { APIRequestContext, Page } from "@playwright/test";
import { OS_PROFILES } from "../lib/sim/os-profiles";
import { rebootHost } from "../lib/sim/reboot";
import { readHostState, writeHostState } from "../lib/sim/host-state";
import type { SimHost } from "../lib/sim/types";
import { expect, fmt, signIn, test, type StackInfo } from "./fixtures";
import { readHostFile, snapshotHostFiles } from "./host-files";

const DROP_IN = "etc/sysctl.d/99-zz-conntrack-fleet.conf";

const hostByOs = (stack: StackInfo, os: string) => stack.fleet.hosts.find((h) => h.kind === "normal" && h.os === os)!;

type AuditEntry = { user: string; host: string; mode: string | null; outcome: string; newMax: number | null; oldMax: number | null; error: string | null };
async function auditFor(api: APIRequestContext, host: string): Promise<AuditEntry[]> {
  return ((await (await api.get(`/api/audit?host=${host}`)).json()) as { entries: AuditEntry[] }).entries;
}

async function openDialog(page: Page, host: SimHost, mode: "temporary" | "permanent") {
  await page.goto(`/hosts/${host.name}`);
  await page.getByTestId("raise-limit").click();
  const dialog = page.getByTestId("raise-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId(`raise-mode-${mode}`).check();
  await expect(dialog.getByTestId("raise-proposal")).toHaveText(/\d/);
  await expect(dialog.getByTestId("raise-step").first()).toBeVisible();
  return dialog;
}

const settingLines = (text: string | null, re: RegExp) => (text ?? "").split("\n").filter((l) => re.test(l));

test.describe("raising limits through the browser", () => {
  test("temporary: the live value changes on the host and on the page, with an audit row", async ({ page, api, stack }) => {
    const host = hostByOs(stack, "ubuntu2404");
    // Busy enough that a raise is proposed (peak × headroom above the current max).
    const st = (await readHostState(host.root!))!;
    await writeHostState(host.root!, { count: Math.floor(st.max * 0.97) });
    await expect.poll(async () => ((await (await api.get(`/api/hosts/${host.name}`)).json()) as { host: { count: number } }).host.count).toBe(Math.floor(st.max * 0.97));
    const before = (await readHostState(host.root!))!;
    const etcBefore = snapshotHostFiles(host.root!);
    const dialog = await openDialog(page, host, "temporary");
    const proposed = Number((await dialog.getByTestId("raise-proposal").innerText()).replace(/\D/g, ""));
    expect(proposed).toBeGreaterThan(before.max);
    await expect(dialog.getByTestId("raise-file")).toHaveCount(0);
    await dialog.getByTestId("raise-confirm").click();
    await expect(dialog.getByTestId("raise-result")).toContainText(fmt(proposed));
    expect((await readHostState(host.root!))!.max).toBe(proposed);
    // Only the live value: no file under /etc changed.
    const etcAfter = snapshotHostFiles(host.root!);
    for (const k of Object.keys(etcBefore).filter((k) => k.startsWith("etc/"))) expect(etcAfter[k], k).toBe(etcBefore[k]);
    await dialog.getByTestId("raise-cancel").click();
    await expect(page.getByTestId("fact-max")).toHaveText(fmt(proposed));
    // The probe read the slab's entry size (/proc/slabinfo is root-only): the memory estimate now uses it.
    const slab = OS_PROFILES[host.os].slab.objsize;
    const facts = ((await (await api.get(`/api/hosts/${host.name}`)).json()) as { host: { facts: { entryBytes: number; entryBytesSource: string } } }).host.facts;
    expect(facts).toMatchObject({ entryBytes: slab, entryBytesSource: "slabinfo" });
    await page.reload();
    const memoryFact = page.getByTestId("fact-max-memory").locator("xpath=..");
    await expect(memoryFact).toContainText(`${slab} B/entry`);
    await expect(memoryFact).not.toContainText("est.");
    const [row] = await auditFor(api, host.name);
    expect(row).toMatchObject({ user: stack.users.operator.name, mode: "temporary", outcome: "success", oldMax: before.max, newMax: proposed });
  });

  test("permanent on a systemd host: one line in the drop-in, the module loaded first, survives a reboot", async ({ page, api, stack }) => {
    const host = hostByOs(stack, "rhel9");
    const dialog = await openDialog(page, host, "permanent");
    await expect(dialog.getByTestId("raise-file").filter({ hasText: "/etc/sysctl.d/99-zz-conntrack-fleet.conf" })).toHaveCount(1);
    await expect(dialog.getByTestId("raise-file").filter({ hasText: "/etc/modules-load.d/" })).toHaveCount(1);
    const proposed = Number((await dialog.getByTestId("raise-proposal").innerText()).replace(/\D/g, ""));
    await dialog.getByTestId("raise-confirm").click();
    await expect(dialog.getByTestId("raise-result")).toContainText(fmt(proposed));
    const dropIn = readHostFile(host.root!, DROP_IN);
    expect(settingLines(dropIn, /^\s*net\.netfilter\.nf_conntrack_max\s*=/)).toEqual([`net.netfilter.nf_conntrack_max = ${proposed}`]);
    expect(settingLines(readHostFile(host.root!, "etc/modules-load.d/nf_conntrack.conf"), /nf_conntrack/)).toEqual(["nf_conntrack"]);
    // The same raise again changes nothing and adds no line.
    const files = snapshotHostFiles(host.root!);
    const csrf = ((await (await api.get("/api/auth/session")).json()) as { csrf: string }).csrf;
    const again = await api.post(`/api/hosts/${host.name}/limit`, {
      headers: { origin: stack.url, "x-csrf-token": csrf },
      data: { mode: "permanent", max: proposed },
    });
    expect(again.status()).toBe(200);
    expect(snapshotHostFiles(host.root!)).toEqual(files);
    await rebootHost(host);
    expect((await readHostState(host.root!))!.max).toBe(proposed);
    expect((await auditFor(api, host.name)).filter((e) => e.outcome === "success" && e.mode === "permanent")).toHaveLength(2);
  });

  test("permanent on a legacy host without /etc/sysctl.d: the legacy way, once", async ({ page, api, stack }) => {
    const host = hostByOs(stack, "centos5");
    expect(readHostFile(host.root!, "etc/sysctl.d/x") === null).toBeTruthy();
    const dialog = await openDialog(page, host, "permanent");
    await expect(dialog.getByTestId("raise-file").filter({ hasText: "/etc/rc.d/rc.local" })).toHaveCount(1);
    const proposed = Number((await dialog.getByTestId("raise-proposal").innerText()).replace(/\D/g, ""));
    await dialog.getByTestId("raise-confirm").click();
    await expect(dialog.getByTestId("raise-result")).toContainText(fmt(proposed));
    const rc = readHostFile(host.root!, "etc/rc.d/rc.local");
    expect(settingLines(rc, /ip_conntrack_max/)).toEqual([`echo ${proposed} > /proc/sys/net/ipv4/netfilter/ip_conntrack_max`]);
    await rebootHost(host);
    expect((await readHostState(host.root!))!.max).toBe(proposed);
    expect((await auditFor(api, host.name))[0]).toMatchObject({ outcome: "success", mode: "permanent", newMax: proposed });
  });

  test("CentOS 5 through the NOPASSWD account: polled without root, CPUs from /proc/cpuinfo, a temporary raise through sudo -n", async ({ page, api, stack }) => {
    const host = hostByOs(stack, "centos5");
    expect(host.login).toMatchObject({ sudo: true });
    expect(readHostFile(host.root!, "sys/devices/system/cpu/online")).toBeNull();
    // The poll runs as the unprivileged login: the count the page shows is the one just written.
    const st = (await readHostState(host.root!))!;
    const busy = Math.floor(st.max * 0.97);
    await writeHostState(host.root!, { count: busy });
    await expect.poll(async () => ((await (await api.get(`/api/hosts/${host.name}`)).json()) as { host: { count: number } }).host.count).toBe(busy);
    const facts = ((await (await api.get(`/api/hosts/${host.name}`)).json()) as { host: { facts: { cores: number } } }).host.facts;
    expect(facts.cores).toBe(host.cores);
    const dialog = await openDialog(page, host, "temporary");
    await expect(dialog.getByTestId("raise-explanation")).toContainText(`${host.cores} cores from /proc/cpuinfo`);
    await expect(dialog.getByTestId("raise-unknown-inputs")).toHaveCount(0);
    await expect(dialog.getByTestId("raise-step").first()).toContainText("sudo -n");
    const proposed = Number((await dialog.getByTestId("raise-proposal").innerText()).replace(/\D/g, ""));
    expect(proposed).toBeGreaterThan(st.max);
    await dialog.getByTestId("raise-confirm").click();
    await expect(dialog.getByTestId("raise-result")).toContainText(fmt(proposed));
    expect(readHostFile(host.root!, "proc/sys/net/ipv4/netfilter/ip_conntrack_max")).toBe(`${proposed}\n`);
    expect((await auditFor(api, host.name))[0]).toMatchObject({ outcome: "success", mode: "temporary", newMax: proposed });
    await writeHostState(host.root!, { count: 0 });
  });

  test("a host whose user may not sudo: a clear failure, the host unchanged, audited", async ({ page, api, stack }) => {
    const host = stack.fleet.hosts.find((h) => h.name === stack.sudoHost)!;
    const files = snapshotHostFiles(host.root!);
    await page.goto(`/hosts/${host.name}`);
    await page.getByTestId("raise-limit").click();
    const dialog = page.getByTestId("raise-dialog");
    await dialog.getByTestId("raise-mode-temporary").check();
    // The proposal as it stands; every step goes through sudo on this host.
    await expect(dialog.getByTestId("raise-step").first()).toContainText("sudo -n");
    await dialog.getByTestId("raise-confirm").click();
    await expect(dialog.getByTestId("raise-error")).toContainText(/sudo/i);
    await expect(dialog.getByTestId("raise-host-left")).toContainText(/unchanged/);
    await expect(dialog.getByTestId("raise-result")).toHaveCount(0);
    expect(snapshotHostFiles(host.root!)).toEqual(files);
    expect((await auditFor(api, host.name))[0]).toMatchObject({ outcome: "failed", user: stack.users.operator.name });
  });

  test("a viewer cannot raise a limit, in the page or through the API", async ({ browser, stack }) => {
    const ctx = await browser.newContext({ baseURL: stack.url });
    const page = await ctx.newPage();
    await signIn(page, stack.users.viewer);
    const host = hostByOs(stack, "ubuntu2204");
    const files = snapshotHostFiles(host.root!);
    await page.goto(`/hosts/${host.name}`);
    await expect(page.getByTestId("raise-limit")).toBeDisabled();
    const csrf = ((await (await page.request.get("/api/auth/session")).json()) as { csrf: string }).csrf;
    const res = await page.request.post(`/api/hosts/${host.name}/limit`, { headers: { origin: stack.url, "x-csrf-token": csrf }, data: { mode: "temporary", max: 1048576 } });
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect(snapshotHostFiles(host.root!)).toEqual(files);
    const [row] = await auditFor(page.request, host.name);
    expect(row).toMatchObject({ user: stack.users.viewer.name, outcome: "refused" });
    await ctx.close();
  });

  test("two operators at once are serialised: the second sees the first's result", async ({ api, stack }) => {
    const host = hostByOs(stack, "centos6");
    const st = (await readHostState(host.root!))!;
    const csrf = ((await (await api.get("/api/auth/session")).json()) as { csrf: string }).csrf;
    const target = st.max * 2;
    const post = () => api.post(`/api/hosts/${host.name}/limit`, { headers: { origin: stack.url, "x-csrf-token": csrf }, data: { mode: "temporary", max: target } });
    const [a, b] = await Promise.all([post(), post()]);
    const statuses = [a.status(), b.status()].sort();
    expect(statuses).toEqual([200, 400]);
    const loser = a.status() === 400 ? a : b;
    expect(((await loser.json()) as { error: { message: string } }).error.message).toMatch(/nothing to change|already/i);
    expect((await readHostState(host.root!))!.max).toBe(target);
  });

  test("the audit page lists every attempt and filters by host, user and outcome", async ({ page, stack }) => {
    await page.goto("/audit");
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
    const all = await page.getByTestId("audit-row").count();
    expect(all).toBeGreaterThanOrEqual(6);
    await page.goto(`/audit?outcome=failed`);
    const failed = page.getByTestId("audit-row");
    await expect(failed.first()).toBeVisible();
    for (const outcome of await failed.getByTestId("audit-outcome").allInnerTexts()) expect(outcome).toMatch(/failed/);
    await expect(failed.getByTestId("audit-host").filter({ hasText: stack.sudoHost })).not.toHaveCount(0);
    await page.goto(`/audit?user=${stack.users.viewer.name}`);
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
    for (const u of await page.getByTestId("audit-user").allInnerTexts()) expect(u).toContain(stack.users.viewer.name);
    const rhel = hostByOs(stack, "rhel9").name;
    await page.goto(`/audit?host=${rhel}`);
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
    for (const h of await page.getByTestId("audit-host").allInnerTexts()) expect(h).toContain(rhel);

    // The period: today's attempts are in the last 24 hours; the API is asked for exactly that window.
    const lastDay = page.waitForRequest((r) => {
      const from = new URL(r.url()).searchParams.get("from");
      return r.url().includes("/api/audit") && from !== null && Math.abs(Date.now() - Date.parse(from) - 86_400_000) < 120_000;
    });
    await page.getByTestId("audit-filter-days").selectOption("1");
    await expect(page).toHaveURL(/days=1/);
    await lastDay;
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
    await expect(page.getByText(/entr(y|ies) · last 24 hours/)).toBeVisible();
  });
});
