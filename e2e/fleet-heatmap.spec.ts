import type { Page } from "@playwright/test";
import { readHostState, writeHostState } from "../lib/sim/host-state";
import { CELL_PX, GAP_PX, cellOrigin } from "../lib/client/heatmap-geometry";
import { expect, fmt, hostsOfKind, test, type StackInfo } from "./fixtures";

/**
 * The heatmap view of the overview. Its cells are painted on one canvas per tag group; each canvas
 * carries the names and tones it drew (`data-hosts`, `data-tones`), which is how the tests find a
 * host's cell, and then they point at it, read its pixels and click it like a user.
 */
class HeatmapPage {
  constructor(readonly page: Page) {}

  async open(query = ""): Promise<void> {
    await this.page.goto(`/?view=heatmap${query ? `&${query}` : ""}`);
    await expect(this.page.getByTestId("heatmap")).toBeVisible();
  }

  grid() {
    return this.page.getByTestId("heatmap-grid");
  }

  canvases() {
    return this.page.getByTestId("heat-canvas");
  }

  /** Every host drawn, in the map's reading order. */
  async names(): Promise<string[]> {
    return (await this.canvases().evaluateAll((els) => els.map((el) => el.getAttribute("data-hosts") ?? ""))).flatMap((s) => (s ? s.split("\n") : []));
  }

  /** The drawn cell of a host: its canvas, index, tone, and centre in canvas CSS pixels. */
  async cell(name: string): Promise<{ group: number; index: number; tone: string; tag: string; x: number; y: number }> {
    const found = await this.canvases().evaluateAll((els, host) => {
      for (const el of els as HTMLCanvasElement[]) {
        const index = (el.dataset.hosts ?? "").split("\n").indexOf(host);
        if (index < 0) continue;
        const width = el.getBoundingClientRect().width;
        return { group: Number(el.dataset.group), index, tone: (el.dataset.tones ?? "").split(" ")[index]!, tag: el.dataset.tag ?? "", width };
      }
      return null;
    }, name);
    if (!found) throw new Error(`${name} is not on the heatmap`);
    const cols = Math.round((found.width + GAP_PX) / (CELL_PX + GAP_PX));
    const { x, y } = cellOrigin(found.index, cols);
    return { ...found, x: x + CELL_PX / 2, y: y + CELL_PX / 2 };
  }

  async hover(name: string): Promise<void> {
    const c = await this.cell(name);
    await this.canvases().nth(c.group).hover({ position: { x: c.x, y: c.y } });
  }

  async click(name: string): Promise<void> {
    const c = await this.cell(name);
    await this.canvases().nth(c.group).click({ position: { x: c.x, y: c.y } });
  }

  /** The colour painted at the centre of a host's cell, as "r,g,b". */
  async pixel(name: string): Promise<string> {
    const c = await this.cell(name);
    return this.canvases()
      .nth(c.group)
      .evaluate((el, at) => {
        const canvas = el as HTMLCanvasElement;
        const k = canvas.width / canvas.getBoundingClientRect().width;
        const [r, g, b] = canvas.getContext("2d")!.getImageData(Math.round(at.x * k), Math.round(at.y * k), 1, 1).data;
        return `${r},${g},${b}`;
      }, c);
  }

  /** A legend swatch's colour, as the canvas would paint it ("r,g,b"). */
  async legendColour(tone: string): Promise<string> {
    return this.page
      .getByTestId(`legend-${tone}`)
      .locator("[data-swatch]")
      .evaluate((el) => {
        const ctx = document.createElement("canvas").getContext("2d")!;
        ctx.fillStyle = getComputedStyle(el).backgroundColor;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
        return `${r},${g},${b}`;
      });
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
    await expect.poll(async () => (await map.names()).length).toBe(stack.fleet.hosts.length);
    expect((await map.names()).sort()).toEqual(stack.fleet.hosts.map((h) => h.name).sort());

    await expect.poll(async () => (await map.cell(full.name)).tone).toBe("full");
    await expect.poll(async () => (await map.cell(warm.name)).tone).toBe("warn");
    await expect.poll(async () => (await map.cell(cool.name)).tone).toBe("u0");
    for (const h of [...hostsOfKind(stack, "unreachable"), ...hostsOfKind(stack, "hostkey"), ...hostsOfKind(stack, "auth")]) {
      await expect.poll(async () => (await map.cell(h.name)).tone).toBe("failing");
    }
    for (const h of hostsOfKind(stack, "no-conntrack")) await expect.poll(async () => (await map.cell(h.name)).tone).toBe("no-conntrack");

    // The tones are real colours on the canvas, the legend's colours, not just attributes.
    const colours = new Set([await map.pixel(full.name), await map.pixel(warm.name), await map.pixel(cool.name)]);
    expect(colours.size).toBe(3);
    expect(await map.pixel(warm.name)).toBe(await map.legendColour("warn"));
    expect(await map.pixel(cool.name)).toBe(await map.legendColour("u0"));
    const failing = hostsOfKind(stack, "unreachable")[0]!;
    expect(colours.has(await map.pixel(failing.name))).toBe(false);
    expect(await map.pixel(failing.name)).toBe(await map.legendColour("failing"));

    // Each cell sits in the group of its host's first tag, under that tag's heading.
    expect((await map.cell(full.name)).tag).toBe(full.tags[0]);
    const inGroup = stack.fleet.hosts.filter((h) => h.tags[0] === full.tags[0]).length;
    await expect(page.getByRole("region", { name: `${full.tags[0]}: ${inGroup} host${inGroup === 1 ? "" : "s"}`, exact: true })).toBeVisible();
  });

  test("hovering a cell shows the host's numbers; clicking it opens the host", async ({ stack, page }) => {
    const { warm } = await setBands(stack);
    const map = new HeatmapPage(page);
    await map.open();
    await expect.poll(async () => (await map.cell(warm.name)).tone).toBe("warn");
    await map.hover(warm.name);
    await expect(map.tooltip()).toContainText(warm.name);
    await expect(map.tooltip().getByTestId("tip-util")).toHaveText(new RegExp(`^(79|80)% · ${fmt(warm.count)} / ${fmt(warm.max)}$`));
    await map.click(warm.name);
    await expect(page).toHaveURL(new RegExp(`/hosts/${warm.name}$`));
    await expect(page.getByTestId("host-title")).toHaveText(warm.name);
  });

  test("the map is one tab stop; arrow keys move through the cells, the focused one shows its numbers, Enter opens it", async ({ page }) => {
    const map = new HeatmapPage(page);
    await map.open();
    await expect.poll(async () => (await map.names()).length).toBeGreaterThan(3);
    const names = await map.names();
    await page.getByTestId("filter-text").focus();
    // From the filter, Tab reaches the map (past the toolbar's other controls) and lands on its first cell.
    for (let i = 0; i < 10 && !(await map.grid().evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    await expect(map.grid()).toBeFocused();
    await expect(map.grid()).toHaveAttribute("data-active-host", names[0]!);
    await expect(map.tooltip()).toContainText(names[0]!);
    await page.keyboard.press("ArrowRight");
    await expect(map.grid()).toHaveAttribute("data-active-host", names[1]!);
    await expect(map.tooltip()).toContainText(names[1]!);
    await expect(page.getByTestId("heatmap-active")).toContainText(names[1]!);
    await page.keyboard.press("ArrowLeft");
    await expect(map.grid()).toHaveAttribute("data-active-host", names[0]!);
    // The next Tab leaves the map: its cells are not tab stops of their own.
    await page.keyboard.press("Tab");
    await expect(map.grid()).not.toBeFocused();
    await map.grid().focus();
    await expect(map.grid()).toHaveAttribute("data-active-host", names[0]!);
    // End goes to the end of the cell's group; Home back to its start.
    const firstGroup = (await map.canvases().first().getAttribute("data-hosts"))!.split("\n");
    await page.keyboard.press("End");
    await expect(map.grid()).toHaveAttribute("data-active-host", firstGroup.at(-1)!);
    await page.keyboard.press("Home");
    await expect(map.grid()).toHaveAttribute("data-active-host", names[0]!);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(map.grid()).toHaveAttribute("data-active-host", names[2]!);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/hosts/${names[2]}$`));
  });

  test("the view is kept in the URL and follows the filters", async ({ stack, page }) => {
    const host = hostsOfKind(stack, "normal")[0]!;
    await page.goto("/");
    await expect(page.getByTestId("tile-hosts")).toBeVisible();
    await page.getByTestId("view-heatmap").click();
    await expect(page).toHaveURL(/view=heatmap/);
    const map = new HeatmapPage(page);
    await expect.poll(async () => (await map.names()).length).toBe(stack.fleet.hosts.length);
    await page.getByTestId("filter-text").fill(host.name);
    await expect.poll(() => map.names()).toEqual([host.name]);
    await expect(page).toHaveURL(new RegExp(`q=${host.name}.*view=heatmap`));
    await page.reload();
    await expect.poll(() => map.names()).toEqual([host.name]);
    await page.getByTestId("view-table").click();
    await expect(page).not.toHaveURL(/view=heatmap/);
    await expect(page.getByTestId(`host-row-${host.name}`)).toBeVisible();
  });
});
