import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { readHostState, writeHostState } from "../lib/sim/host-state";
import { readHostFile } from "./host-files";
import { expect, fmt, hostsOfKind, OverviewPage, test, type StackInfo } from "./fixtures";

/**
 * A raise's reason is validated and audited; the dialog keeps Tab inside it; a temporary raise stays
 * visible until it is made permanent from the dialog's first offer.
 */

const SHOTS = path.resolve("test-results/screenshots");
const DROP_IN = "etc/sysctl.d/99-zz-conntrack-fleet.conf";

/**
 * The RHEL 9 host: systemd with /etc/sysctl.d, polled as root, RAM for several raises in a row. The
 * limit-raise spec raised it permanently before (it runs earlier); each raise here goes above that.
 */
function raiseHost(stack: StackInfo) {
  return hostsOfKind(stack, "normal").find((x) => x.os === "rhel9")!;
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

async function csrfOf(page: Page): Promise<string> {
  return ((await (await page.request.get("/api/auth/session")).json()) as { csrf: string }).csrf;
}

type Audit = { entries: { host: string; mode: string | null; outcome: string; newMax: number | null; reason: string | null; error: string | null }[] };

test("a bad reason is refused with a 4xx and the reason, audited, and changes nothing", async ({ page, api, stack }) => {
  const host = raiseHost(stack);
  const before = (await readHostState(host.root!))!.max;
  const csrf = await csrfOf(page);
  for (const [reason, why] of [
    ["x".repeat(201), /at most 200 characters/],
    ["ticket\n$(reboot)", /one line of text/],
    [42, /reason must be text/],
  ] as const) {
    const res = await api.post(`/api/hosts/${host.name}/limit`, { headers: { origin: stack.url, "x-csrf-token": csrf }, data: { mode: "temporary", max: before + 32768, reason } });
    expect(res.status()).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(why);
  }
  expect((await readHostState(host.root!))!.max).toBe(before);
  const audit = (await (await api.get(`/api/audit?host=${host.name}&outcome=refused`)).json()) as Audit;
  expect(audit.entries.length).toBeGreaterThanOrEqual(3);
});

test("Tab and Shift+Tab stay inside the raise dialog, cycle after cycle", async ({ page, stack }) => {
  const host = raiseHost(stack);
  await page.goto(`/hosts/${host.name}`);
  await page.getByTestId("raise-limit").click();
  const dialog = page.getByTestId("raise-dialog");
  // The form is there whether or not a raise is proposed (an earlier spec may have raised this host enough).
  await expect(dialog.getByTestId("raise-max")).toBeVisible();
  const inside = () => page.evaluate(() => !!document.activeElement && !!document.querySelector('[data-testid="raise-dialog"]')?.contains(document.activeElement));
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    expect(await inside(), `after Tab ${i + 1}`).toBe(true);
  }
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Shift+Tab");
    expect(await inside(), `after Shift+Tab ${i + 1}`).toBe(true);
  }
});

const maxLines = (text: string | null) => (text ?? "").split("\n").filter((l) => /^\s*net\.netfilter\.nf_conntrack_max\s*=/.test(l));

test("temporary, then permanent, in the browser: the badge on the host page and the overview, 'make it permanent' first, the drop-in written, the badge gone", async ({ page, api, stack }) => {
  test.setTimeout(120_000);
  const host = raiseHost(stack);
  const root = host.root!;
  const start = (await readHostState(root))!;
  // Busy enough that the proposal lies above the current max, whatever earlier specs raised it to.
  const busy = Math.floor(start.max * 0.97);
  await writeHostState(root, { count: busy });
  await expect.poll(async () => ((await (await api.get(`/api/hosts/${host.name}`)).json()) as { host: { count: number } }).host.count).toBe(busy);
  const dropInBefore = readHostFile(root, DROP_IN);

  try {
    // Temporary, through the dialog.
    await page.goto(`/hosts/${host.name}`);
    await page.getByTestId("raise-limit").click();
    const dialog = page.getByTestId("raise-dialog");
    await dialog.getByTestId("raise-mode-temporary").check();
    await expect(dialog.getByTestId("raise-step").first()).toBeVisible();
    const proposed = Number((await dialog.getByTestId("raise-proposal").innerText()).replace(/\D/g, ""));
    expect(proposed).toBeGreaterThan(start.max);
    await dialog.getByTestId("raise-confirm").click();
    await expect(dialog.getByTestId("raise-result")).toContainText(fmt(proposed));
    expect((await readHostState(root))!.max).toBe(proposed);
    expect(readHostFile(root, DROP_IN)).toBe(dropInBefore);
    await dialog.getByTestId("raise-cancel").click();

    // Visible where the max is shown, on the host page and in the overview.
    await expect(page.getByTestId("max-temporary")).toHaveText("temporary until reboot");
    await expect(page.getByTestId("fact-max")).toHaveText(fmt(proposed));
    await expect(page.getByTestId("fact-max-temporary")).toBeVisible();
    await shot(page, "host-after-temporary-raise.png");
    const overview = new OverviewPage(page);
    await overview.open();
    await expect(overview.row(host.name).getByTestId("row-max-temporary")).toHaveText("temporary until reboot");
    await expect(overview.cell(host.name, "host-max")).toHaveText(fmt(proposed));

    // The dialog's first action is to keep the live value, permanently.
    await page.goto(`/hosts/${host.name}`);
    await page.getByTestId("raise-limit").click();
    const panel = dialog.getByTestId("make-permanent-panel");
    await expect(panel).toContainText(`The live limit ${fmt(proposed)} is temporary until reboot`);
    await expect(dialog.locator("button[data-testid]").first()).toHaveAttribute("data-testid", "make-permanent");
    await expect(dialog.getByTestId("make-permanent")).toHaveText(`Make ${fmt(proposed)} permanent`);
    await dialog.getByTestId("make-permanent").click();
    await expect(dialog.getByTestId("raise-mode-permanent")).toBeChecked();
    await expect(dialog.getByTestId("raise-max")).toHaveValue(String(proposed));
    await expect(dialog.getByTestId("raise-file").filter({ hasText: "/etc/sysctl.d/99-zz-conntrack-fleet.conf" })).toHaveCount(1);
    await expect(dialog.getByTestId("raise-confirm")).toHaveText(`Raise to ${fmt(proposed)} · permanent`);
    await dialog.getByTestId("raise-confirm").click();
    await expect(dialog.getByTestId("raise-result")).toContainText(fmt(proposed));

    // On the host's disk: the drop-in holds the live value; the live value is unchanged.
    expect(maxLines(readHostFile(root, DROP_IN))).toEqual([`net.netfilter.nf_conntrack_max = ${proposed}`]);
    expect(readHostFile(root, "etc/modules-load.d/nf_conntrack.conf") ?? "").toMatch(/^nf_conntrack$/m);
    expect((await readHostState(root))!.max).toBe(proposed);
    await dialog.getByTestId("raise-cancel").click();
    await expect(page.getByTestId("max-temporary")).toHaveCount(0);
    await expect(page.getByTestId("fact-max-temporary")).toHaveCount(0);
    await overview.open();
    await expect(overview.cell(host.name, "host-max")).toHaveText(fmt(proposed));
    await expect(overview.row(host.name).getByTestId("row-max-temporary")).toHaveCount(0);
    // And the dialog no longer offers it.
    await page.goto(`/hosts/${host.name}`);
    await page.getByTestId("raise-limit").click();
    await expect(dialog.getByTestId("raise-max")).toBeVisible();
    await expect(dialog.getByTestId("make-permanent-panel")).toHaveCount(0);
    await dialog.getByTestId("raise-cancel").click();

    const audit = (await (await api.get(`/api/audit?host=${host.name}&outcome=success`)).json()) as Audit;
    expect(audit.entries.slice(0, 2).map((e) => [e.mode, e.newMax])).toEqual([
      ["permanent", proposed],
      ["temporary", proposed],
    ]);
  } finally {
    await writeHostState(root, { count: start.count });
  }
});
