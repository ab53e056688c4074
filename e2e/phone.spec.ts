import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { benchHost } from "../lib/bench/overview-fleet";
import { toFleetLines } from "../lib/api/fleet-lines";
import { syntheticFleetDoc } from "../lib/bench/overview-synthetic";
import { compareNames } from "../lib/client/fleet-sort";
import { readHostState, writeHostState } from "../lib/sim/host-state";
import { expect, hostsOfKind, OverviewPage, test } from "./fixtures";

/**
 * The on-call engineer's phone at 3 a.m. (390×844, touch): the overview as cards with every number
 * that matters, a host, a raise previewed in the dialog, the timeline's range fields, the audit log.
 * Nothing may scroll sideways at page level, and what matters must sit inside the screen.
 */
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const WIDTH = 390;
const HEIGHT = 844;
const SHOTS = path.resolve("test-results/screenshots");

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage });
}

async function noSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "page scrolls sideways").toBeLessThanOrEqual(WIDTH);
}

/** Visible, and its box between the screen's left and right edges. */
async function withinWidth(locator: Locator, what: string): Promise<void> {
  await expect(locator, what).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, what).not.toBeNull();
  expect(box!.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what}: right edge`).toBeLessThanOrEqual(WIDTH + 0.5);
}

/** Scrolled to, then entirely on screen. */
async function fullyOnScreen(locator: Locator, what: string): Promise<void> {
  await locator.scrollIntoViewIfNeeded();
  await expect(locator, what).toBeInViewport({ ratio: 1 });
  await withinWidth(locator, what);
}

/** Its text fits its box (no sentence running out of its tile), on one line where asked. */
async function notClipped(locator: Locator, what: string, oneLine = false): Promise<void> {
  expect(await locator.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), `${what} overflows its box`).toBe(true);
  if (oneLine) expect(await locator.evaluate((el) => el.getClientRects().length), `${what} wraps`).toBe(1);
}

const utcText = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

test("at 390×844: overview cards, a host, a previewed raise, the timeline's range and the audit log all fit and read", async ({ page, api, stack }) => {
  test.setTimeout(150_000);
  // The first Debian 12 host: earlier specs only set its count (the overview spec leaves it full).
  const host = hostsOfKind(stack, "normal").find((h) => h.os === "debian12")!;
  const root = host.root!;
  const before = (await readHostState(root))!;
  // Full enough that a raise is proposed, and dropping, so its card carries the red badge.
  const busy = Math.floor(before.max * 0.97);
  await writeHostState(root, { count: busy });
  let stop = false;
  const burst = (async () => {
    while (!stop) {
      const cur = (await readHostState(root))!;
      await writeHostState(root, { perCpu: cur.perCpu.map((c, i) => (i === 0 ? { ...c, drop: c.drop + 300 } : c)) });
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  // One audit entry of this user for this host, whatever ran before: a reason the API refuses (nothing reaches the host).
  const csrf = ((await (await api.get("/api/auth/session")).json()) as { csrf: string }).csrf;
  const refused = await api.post(`/api/hosts/${host.name}/limit`, {
    headers: { origin: stack.url, "x-csrf-token": csrf },
    data: { mode: "temporary", max: before.max + 32768, reason: "ticket\nsecond line" },
  });
  expect(refused.status()).toBe(400);

  const fleet = new OverviewPage(page);
  try {
    await test.step("overview: cards with status, utilization, drops and the dropping badge; the user name unclipped", async () => {
      await fleet.open();
      const card = fleet.row(host.name);
      await expect(card.getByTestId("dropping-badge")).toHaveText(/^dropping [\d,.]+\/s$/, { timeout: 20_000 });
      await expect(card.getByTestId("host-status")).toHaveText("critical");
      await expect(card.getByTestId("host-count")).toHaveText(busy.toLocaleString("en-US"));
      await noSidewaysScroll(page);
      for (const id of ["host-status", "host-util", "host-drops-hour", "dropping-badge", "host-count", "host-max"] as const) {
        await fullyOnScreen(card.getByTestId(id).first(), `card ${id}`);
      }
      await fullyOnScreen(card.locator("time"), "card last poll");
      await expect(card.locator("time")).toHaveText(/ago|just now/);
      // Every card of the fleet is inside the screen's width (the table's header row is not shown).
      for (const row of await page.locator('[data-testid^="host-row-"]').all()) await withinWidth(row, (await row.getAttribute("data-testid")) ?? "row");
      const user = page.getByTestId("signed-in-as");
      await withinWidth(user, "signed-in user");
      expect(await user.evaluate((el) => el.scrollWidth <= el.clientWidth), "user name clipped").toBe(true);
      await expect(user).toContainText(stack.users.operator.name);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, "phone-overview.png");
    });

    await test.step("a host: status, utilization, drops and last poll on screen", async () => {
      await fleet.row(host.name).getByRole("link", { name: host.name }).tap();
      await expect(page).toHaveURL(new RegExp(`/hosts/${host.name}`));
      await expect(page.getByTestId("host-title")).toHaveText(host.name);
      await expect(page.getByTestId("host-status")).toHaveText("critical");
      for (const id of ["host-status", "host-util", "drops-now-tile", "dropping-badge", "fact-max"] as const) {
        await fullyOnScreen(page.getByTestId(id).first(), `host page ${id}`);
      }
      await fullyOnScreen(page.locator("header time").first(), "host page last poll");
      await fullyOnScreen(page.getByTestId("dropping-since"), "dropping since");
      await notClipped(page.getByTestId("dropping-since"), "dropping since");
      await noSidewaysScroll(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, "phone-host.png");
    });

    await test.step("the raise dialog: inside the screen, its numbers and option cards readable, a temporary raise previewed", async () => {
      await page.getByTestId("raise-limit").tap();
      const dialog = page.getByTestId("raise-dialog");
      await expect(dialog).toBeVisible();
      await dialog.getByTestId("raise-mode-temporary").check();
      await expect(dialog.getByTestId("raise-proposal")).toHaveText(/\d/);
      await expect(dialog.getByTestId("raise-step").first()).toBeVisible();
      await expect(dialog.getByTestId("raise-confirm")).toBeEnabled();
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
      expect(box.y + box.height).toBeLessThanOrEqual(HEIGHT);
      // Nothing inside is wider than the dialog (a cut-off sentence or number).
      const overflowing = await dialog.evaluate((d) =>
        [...d.querySelectorAll<HTMLElement>("*")]
          .filter((el) => el.getClientRects().length > 0 && !el.closest("pre"))
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.right > d.getBoundingClientRect().right + 0.5 || r.left < d.getBoundingClientRect().left - 0.5;
          })
          .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ""}: ${el.textContent?.slice(0, 40)}`),
      );
      expect(overflowing).toEqual([]);
      for (const id of ["raise-current-count", "raise-current-max", "raise-proposal", "raise-memory", "raise-max"] as const) {
        await fullyOnScreen(dialog.getByTestId(id).first(), `dialog ${id}`);
      }
      await page.screenshot({ path: path.join(SHOTS, "phone-raise-dialog.png") });
      for (const mode of ["temporary", "permanent"] as const) {
        const option = dialog.locator("label", { has: page.getByTestId(`raise-mode-${mode}`) });
        await fullyOnScreen(option, `option card ${mode}`);
      }
      await fullyOnScreen(dialog.getByTestId("raise-step").first(), "first previewed command");
      // Operable by touch: switching the option cards changes the preview, and back.
      await dialog.locator("label", { has: page.getByTestId("raise-mode-permanent") }).tap();
      await expect(dialog.getByTestId("raise-file").first()).toBeVisible();
      await dialog.locator("label", { has: page.getByTestId("raise-mode-temporary") }).tap();
      await expect(dialog.getByTestId("raise-no-files")).toBeVisible();
      await fullyOnScreen(dialog.getByTestId("raise-confirm"), "confirm button");
      await expect(dialog.getByTestId("raise-confirm")).toHaveText(/^Raise to [\d,]+ · temporary$/);
      await page.screenshot({ path: path.join(SHOTS, "phone-raise-dialog-options.png") });
      await dialog.getByTestId("raise-cancel").tap();
      await expect(dialog).toBeHidden();
      expect((await readHostState(root))!.max).toBe(before.max);
    });

    await test.step("timeline: the from and to fields on screen and usable by touch", async () => {
      await page.goto("/timeline");
      await expect(page.locator(`[data-testid="timeline-lane"][data-host="${host.name}"]`)).toBeVisible({ timeout: 20_000 });
      await noSidewaysScroll(page);
      // The range ends now and the host is still dropping: its lane says so, on one line.
      await notClipped(page.locator(`[data-testid="timeline-lane"][data-host="${host.name}"]`).getByTestId("lane-dropping-at-end"), "still dropping at end", true);
      const from = page.getByTestId("range-from");
      const to = page.getByTestId("range-to");
      await fullyOnScreen(from, "from field");
      await fullyOnScreen(to, "to field");
      const now = Date.now();
      await from.tap();
      await from.fill(utcText(now - 3_600_000));
      await to.tap();
      await to.fill(utcText(now + 60_000));
      await fullyOnScreen(page.getByTestId("range-apply"), "apply");
      await page.getByTestId("range-apply").tap();
      await expect(page).toHaveURL(/from=\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\dZ&to=/);
      await expect(to).toHaveValue(utcText(now + 60_000));
      const lane = page.locator(`[data-testid="timeline-lane"][data-host="${host.name}"]`);
      await expect(lane).toBeVisible();
      await withinWidth(lane, "lane");
      await fullyOnScreen(lane.getByTestId("lane-drops"), "lane drops");
      await notClipped(lane.getByTestId("lane-host-link"), "lane host link", true);
      await noSidewaysScroll(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, "phone-timeline.png");
    });

    await test.step("audit: host, user, outcome and time of an entry readable", async () => {
      await page.goto(`/audit?host=${host.name}`);
      const row = page.getByTestId("audit-row").first();
      await expect(row).toBeVisible();
      await noSidewaysScroll(page);
      await withinWidth(row, "audit entry");
      await expect(row.getByTestId("audit-host")).toHaveText(host.name);
      await expect(row.getByTestId("audit-user")).toHaveText(stack.users.operator.name);
      await expect(row.getByTestId("audit-outcome")).toHaveText("refused");
      for (const [what, locator] of [
        ["host", row.getByTestId("audit-host")],
        ["user", row.getByTestId("audit-user")],
        ["outcome", row.getByTestId("audit-outcome")],
        ["time", row.locator("time")],
      ] as const) {
        await fullyOnScreen(locator, `audit ${what}`);
        await notClipped(locator, `audit ${what}`);
      }
      await expect(row.locator("time")).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      await shot(page, "phone-audit.png");
    });
  } finally {
    stop = true;
    await burst;
    await writeHostState(root, { count: before.count });
  }
});

test("at 390×844 a fleet of thousands is still a virtualised list: cards near the viewport only, the last one reached by scrolling", async ({ page }) => {
  const hosts = Array.from({ length: 3000 }, (_, i) => benchHost(i));
  const sorted = [...hosts].sort((a, b) => compareNames(a.name, b.name));
  let generation = 0;
  // The page is the subject here: it gets a large fleet document, not the collector's.
  await page.route("**/api/hosts?format=ndjson", (route) => {
    const { hosts: docHosts, ...envelope } = syntheticFleetDoc(hosts, generation++);
    return route.fulfill({ contentType: "application/x-ndjson", body: toFleetLines(envelope, docHosts) });
  });
  const fleet = new OverviewPage(page);
  await fleet.open("?sort=name");
  const first = fleet.row(sorted[0]!.name);
  await expect(first).toBeVisible();
  expect(await first.evaluate((el) => getComputedStyle(el).display)).toBe("grid");
  const rendered = await page.locator('[data-testid^="host-row-"]').count();
  expect(rendered).toBeGreaterThan(3);
  expect(rendered).toBeLessThan(60);
  await noSidewaysScroll(page);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(fleet.row(sorted.at(-1)!.name)).toBeVisible();
  await expect(first).toHaveCount(0);
  await withinWidth(fleet.row(sorted.at(-1)!.name), "last card");
  await noSidewaysScroll(page);
});
