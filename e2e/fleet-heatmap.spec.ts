import type { Page } from "@playwright/test";
import { readHostState, writeHostState } from "../lib/sim/host-state";
import { expect, fmt, hostsOfKind, test, type StackInfo } from "./fixtures";

/** The heatmap view of the overview, by the test ids it promises. */
class HeatmapPage {
  constructor(readonly page: Page) {}

  async open(query = ""): Promise<void> {
    await this.page.goto(`/?view=heatmap${query ? `&${query}` : ""}`);
    await expect(this.page.getByTestId("heatmap")).toBeVisible();
  }

  cells() {
    return this.page.getByTestId("heat-cell");
  }

  cell(name: string) {
    return this.page.locator(`[data-testid="heat-cell"][data-host="${name}"]`);
  }

  tooltip() {
    return this.page.getByTestId("heat-tooltip");
  }
}

/** Three reachable hosts put squarely at full, warn and cool. */
async function setBands(stack: StackInfo) {
  const [full, warm, cool] = hostsOfKind(stack, "normal");
  const set = async (host: typeof full, fraction: number) => {
    const st = (await readHostState(host!.root!))!;
    await writeHostState(host!.root!, { count: Math.floor(st.max * fraction) });
    return { name: host!.name, tags: host!.tags, count: Math.floor(st.max * fraction), max: st.max };
  };
  return { full: await set(full, 1), warm: await set(warm, 0.8), cool: await set(cool, 0.1) };
}

test.describe("fleet heatmap", () => {
  test("one cell per host, coloured by utilization, failures marked, grouped by first tag", async ({ stack, page }) => {
    const { full, warm, cool } = await setBands(stack);
    const map = new HeatmapPage(page);
    await map.open();
    await expect(map.cells()).toHaveCount(stack.fleet.hosts.length);
    for (const h of stack.fleet.hosts) await expect(map.cell(h.name)).toHaveCount(1);

    await expect(map.cell(full.name)).toHaveAttribute("data-tone", "full");
    await expect(map.cell(warm.name)).toHaveAttribute("data-tone", "warn");
    await expect(map.cell(cool.name)).toHaveAttribute("data-tone", "u0");
    for (const h of [...hostsOfKind(stack, "unreachable"), ...hostsOfKind(stack, "hostkey"), ...hostsOfKind(stack, "auth")]) {
      await expect(map.cell(h.name)).toHaveAttribute("data-tone", "failing");
    }
    for (const h of hostsOfKind(stack, "no-conntrack")) await expect(map.cell(h.name)).toHaveAttribute("data-tone", "no-conntrack");

    // The tones are real colours on screen, not just attributes.
    const bg = (name: string) => map.cell(name).evaluate((el) => getComputedStyle(el).backgroundColor);
    const colours = new Set([await bg(full.name), await bg(warm.name), await bg(cool.name)]);
    expect(colours.size).toBe(3);
    const failing = hostsOfKind(stack, "unreachable")[0]!;
    expect(colours.has(await bg(failing.name))).toBe(false);

    // Each cell sits in the group of its host's first tag.
    await expect(page.getByRole("group", { name: `${full.tags[0]} hosts`, exact: true }).locator(`[data-host="${full.name}"]`)).toHaveCount(1);
  });

  test("hovering a cell shows the host's numbers; clicking it opens the host", async ({ stack, page }) => {
    const { warm } = await setBands(stack);
    const map = new HeatmapPage(page);
    await map.open();
    await expect(map.cell(warm.name)).toHaveAttribute("data-tone", "warn");
    await map.cell(warm.name).hover();
    await expect(map.tooltip()).toContainText(warm.name);
    await expect(map.tooltip().getByTestId("tip-util")).toHaveText(new RegExp(`^(79|80)% · ${fmt(warm.count)} / ${fmt(warm.max)}$`));
    await map.cell(warm.name).click();
    await expect(page).toHaveURL(new RegExp(`/hosts/${warm.name}$`));
    await expect(page.getByTestId("host-title")).toHaveText(warm.name);
  });

  test("the map is one tab stop; arrow keys move through the cells, the focused one shows its numbers, Enter opens it", async ({ page }) => {
    const map = new HeatmapPage(page);
    await map.open();
    const names = await map.cells().evaluateAll((els) => els.map((el) => el.getAttribute("data-host")!));
    await expect(page.locator('[data-testid="heat-cell"][tabindex="0"]')).toHaveCount(1);
    await map.cell(names[0]!).focus();
    await page.keyboard.press("ArrowRight");
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-host"));
    expect(await focused()).toBe(names[1]);
    await expect(map.tooltip()).toContainText(names[1]!);
    await expect(page.locator('[data-testid="heat-cell"][tabindex="0"]')).toHaveCount(1);
    await page.keyboard.press("ArrowLeft");
    expect(await focused()).toBe(names[0]);
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/hosts\/[^/]+$/);
  });

  test("the view is kept in the URL and follows the filters", async ({ stack, page }) => {
    const host = hostsOfKind(stack, "normal")[0]!;
    await page.goto("/");
    await expect(page.getByTestId("tile-hosts")).toBeVisible();
    await page.getByTestId("view-heatmap").click();
    await expect(page).toHaveURL(/view=heatmap/);
    const map = new HeatmapPage(page);
    await expect(map.cells()).toHaveCount(stack.fleet.hosts.length);
    await page.getByTestId("filter-text").fill(host.name);
    await expect(map.cells()).toHaveCount(1);
    await expect(map.cell(host.name)).toHaveCount(1);
    await expect(page).toHaveURL(new RegExp(`q=${host.name}.*view=heatmap`));
    await page.reload();
    await expect(map.cell(host.name)).toHaveCount(1);
    await expect(map.cells()).toHaveCount(1);
    await page.getByTestId("view-table").click();
    await expect(page).not.toHaveURL(/view=heatmap/);
    await expect(page.getByTestId(`host-row-${host.name}`)).toBeVisible();
  });
});
