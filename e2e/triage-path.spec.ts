import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { latestIncident, suggestRange, type RangePreset } from "../lib/client/host-range";
import type { SeedIncident } from "./seed-history";
import { expect, hostsOfKind, test, type StackInfo } from "./fixtures";

/**
 * The on-call path: timeline → a click on a drop → that host at that moment with its log lines;
 * a summary that links back and includes what happened up to now; a host page that opens on a
 * range that fits its data and keeps the range chosen across hosts.
 */

// Local time differs from UTC here, so "local" inputs and labels are really tested.
test.use({ timezoneId: "Europe/Berlin" });

const MIN = 60_000;
const HOUR = 60 * MIN;
const SHOTS = path.resolve("test-results/screenshots");

function seed(plan: SeedIncident[]): void {
  execFileSync("npx", ["tsx", "--conditions=react-server", "e2e/seed-history.ts", path.resolve(".e2e/data"), JSON.stringify(plan)], { stdio: "inherit" });
}

/**
 * Hosts by role in these tests. Seeded history goes through the collector's insert path into the
 * live store, so each test names the host whose history it shapes.
 */
const byOs = (stack: StackInfo, os: string) => hostsOfKind(stack, "normal").find((h) => h.os === os)!;

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

test("a click on a timeline lane opens that host at that moment with its log lines listed; host links keep the window", async ({ page, stack }) => {
  test.setTimeout(90_000);
  const host = byOs(stack, "ubuntu2204");
  const now = Date.now();
  // Before this run's first poll, so the seeded max never shares a rollup bucket with a live one;
  // small, so the seeded peak does not change what the raise dialog proposes for this host.
  const start = Math.floor((now - 3 * HOUR) / MIN) * MIN;
  seed([{ host: host.name, address: host.address, start, stepS: 60, samples: 31, max: 2000, dropsPerSample: 40, logLines: 30 }]);

  const from = Math.floor((now - 6 * HOUR) / 1000) * 1000;
  const to = Math.floor(now / 1000) * 1000;
  await page.goto(`/timeline?from=${iso(from)}&to=${iso(to)}&hosts=${host.name}`);
  const lane = page.locator(`[data-testid="timeline-lane"][data-host="${host.name}"]`);
  await expect(lane).toBeVisible();
  // The host link keeps the window on screen.
  await expect(lane.getByTestId("lane-host-link")).toHaveAttribute("href", `/hosts/${host.name}?from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}`);

  // Click the lane in the middle of the incident (not on a drag, not a double-click).
  const clickAt = start + 15 * MIN + 20_000;
  const over = lane.locator(".u-over");
  const box = (await over.boundingBox())!;
  await page.mouse.click(box.x + ((clickAt - from) / (to - from)) * box.width, box.y + box.height / 2);

  await expect(page).toHaveURL(new RegExp(`/hosts/${host.name}\\?from=[^&]+&to=[^&]+&at=`));
  const url = new URL(page.url());
  const at = Date.parse(url.searchParams.get("at")!);
  // One pixel of a 6-hour lane is about half a minute; a snap to a mark stays within a few.
  expect(Math.abs(at - clickAt)).toBeLessThan(4 * MIN);
  expect(Date.parse(url.searchParams.get("from")!)).toBeLessThan(at);
  expect(Date.parse(url.searchParams.get("to")!)).toBeGreaterThan(at);

  await expect(page.getByTestId("events-moment")).toContainText("the nearest line is marked");
  const marked = page.locator('[data-testid="event-row"][data-moment="true"]');
  await expect(marked).toHaveCount(1);
  await expect(marked).toBeInViewport();
  await expect(marked.getByTestId("event-kind")).toHaveText("table_full");
  await expect(marked.getByTestId("event-line")).toContainText(`seeded ${host.name}`);
  const lineAt = Date.parse((await marked.locator("time").getAttribute("datetime"))!);
  expect(Math.abs(lineAt - at)).toBeLessThanOrEqual(MIN);
  await shot(page, "timeline-click-to-log-lines.png");

  // The "log lines" link does the same by keyboard, around the first drop.
  await page.goBack();
  const link = lane.getByTestId("lane-log-link");
  await link.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/at=/);
  await expect(page.locator('[data-testid="event-row"][data-moment="true"]')).toHaveCount(1);
});

test("timeline: 30 minutes, custom range to the second in local time, a summary that includes the last second and links back, one CSV per record type", async ({
  page,
  stack,
  context,
}) => {
  test.setTimeout(90_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const host = byOs(stack, "ubuntu2404");
  const now = Date.now();
  // Dropping from 10 minutes ago up to now, at the host's own (full) limit: still dropping at the end of a range that ends now.
  const live = ((await (await page.request.get(`/api/hosts/${host.name}`)).json()) as { host: { max: number } }).host.max;
  seed([{ host: host.name, address: host.address, start: now - 10 * MIN, stepS: 30, samples: 21, max: live, dropsPerSample: 25, logLines: 5 }]);

  await page.goto(`/timeline?hosts=${host.name}`);
  await page.getByTestId("range-preset-30m").click();
  await expect(page).toHaveURL(/range=30m/);
  const lane = page.locator(`[data-testid="timeline-lane"][data-host="${host.name}"]`);
  await expect(lane.getByTestId("lane-dropping-at-end")).toBeVisible();
  await expect(page.getByTestId("summary-dropping-at-end")).toHaveText("1");

  // A raise a second ago, after the page loaded: the copied summary must hold it.
  seed([{ host: host.name, address: host.address, start: Date.now(), stepS: 1, samples: 1, max: live, dropsPerSample: 0, logLines: 0, change: { user: "dave", oldMax: 262144, newMax: 524288, oldHashsize: 65536, newHashsize: 131072 } }]);
  await page.getByTestId("copy-markdown").click();
  await expect(page.getByTestId("copy-markdown")).toHaveText("Copied");
  const md = await page.evaluate(() => navigator.clipboard.readText());
  expect(md).toMatch(new RegExp(`\\[Open this view in the dashboard\\]\\(${stack.url.replace(/[.]/g, "\\.")}/timeline\\?from=[^&]+&to=[^&]+&hosts=${host.name}\\)`));
  expect(md).toContain(`| ${"dave"} |`);
  expect(md).toContain("| 262,144 → 524,288 | 65,536 → 131,072 | success |");
  expect(md).toContain(`- **Still dropping at the end of the range:** ${host.name}`);
  expect(md).toMatch(new RegExp(`\\| \\[${host.name}\\]\\(${stack.url.replace(/[.]/g, "\\.")}/hosts/${host.name}\\?from=[^)]+\\) \\| [^|]+ \\| \\*\\*still dropping\\*\\*`));
  // The link reproduces the window the summary covers.
  const link = /\(([^)]+\/timeline\?[^)]+)\)/.exec(md)![1]!;
  await page.goto(link);
  await expect(page.locator(`[data-testid="timeline-lane"][data-host="${host.name}"]`)).toBeVisible();

  // CSV: one file per record type, every row the same columns, no binary-float digits.
  const dir = path.resolve("test-results/timeline-exports");
  fs.mkdirSync(dir, { recursive: true });
  for (const [kind, header] of [
    ["series", "host,ts,drops,utilization_pct"],
    ["events", "host,ts,kind,count"],
    ["changes", "ts,host,user,mode,old_max,new_max,old_hashsize,new_hashsize,outcome"],
  ] as const) {
    const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId(`export-csv-${kind}`).click()]);
    expect(dl.suggestedFilename()).toMatch(new RegExp(`_${kind}\\.csv$`));
    const file = path.join(dir, `${kind}.csv`);
    await dl.saveAs(file);
    const rows = fs.readFileSync(file, "utf8").trim().split(/\r?\n/);
    expect(rows[0]).toBe(header);
    expect(rows.length).toBeGreaterThan(1);
    const width = header.split(",").length;
    for (const r of rows.slice(1)) {
      const cells = r.split(",");
      expect(cells).toHaveLength(width);
      expect(cells.filter((c) => /^-?\d+\.\d{2,}$/.test(c))).toEqual([]);
    }
  }

  // Custom from/to with seconds, entered in local time (Berlin, UTC+1 in November).
  await page.getByTestId("zone-local").click();
  await expect(page.getByTestId("range-zone")).toHaveText("local");
  await page.getByTestId("range-from").fill("2026-11-25 13:00:05");
  await page.getByTestId("range-to").fill("2026-11-25 13:30:40");
  await page.getByTestId("range-apply").click();
  await expect(page).toHaveURL(/from=2026-11-25T12%3A00%3A05Z&to=2026-11-25T12%3A30%3A40Z/);
  await expect(page.getByText("2026-11-25 13:00:05 → 2026-11-25 13:30:40 local")).toBeVisible();
  await expect(page.getByTestId("range-from")).toHaveValue("2026-11-25 13:00:05");
  // Switched to UTC, the same instants read an hour earlier, 24-hour.
  await page.getByTestId("zone-utc").click();
  await expect(page.getByTestId("range-from")).toHaveValue("2026-11-25 12:00:05");
});

test("the host page opens on a range that fits its data and its incident, and keeps the range chosen across hosts", async ({ page, api, stack }) => {
  test.setTimeout(90_000);
  // Two hosts no other test gives drops: the one without conntrack (polled, never drops) and the
  // unreachable one (no live samples at all), which gets an incident two days ago.
  const quiet = hostsOfKind(stack, "no-conntrack")[0]!;
  const incidentHost = hostsOfKind(stack, "unreachable")[0]!;
  const now = Date.now();
  seed([{ host: incidentHost.name, address: incidentHost.address, start: now - 2 * 24 * HOUR, stepS: 60, samples: 11, max: 2000, dropsPerSample: 10, logLines: 3 }]);

  // What the store holds for the quiet host: its first sample (raw resolution within 6 hours).
  type Samples = { points: { ts: string }[] };
  const raw = (await (await api.get(`/api/hosts/${quiet.name}/samples?from=${iso(now - 6 * HOUR)}&to=${iso(now)}`)).json()) as Samples;
  const first = raw.points.length ? Date.parse(raw.points[0]!.ts) : null;
  const expected = suggestRange({ nowMs: now, firstSampleMs: first, incident: latestIncident([]) }) as { kind: "relative"; preset: RangePreset };
  // The server decides a few seconds later: right at a preset's edge, the next one is right too.
  const later = suggestRange({ nowMs: now + 60_000, firstSampleMs: first, incident: null }) as { kind: "relative"; preset: RangePreset };
  await page.goto(`/hosts/${quiet.name}`);
  await expect(page.locator(`[data-testid="range-${expected.preset}"], [data-testid="range-${later.preset}"]`).and(page.locator('[aria-pressed="true"]'))).toHaveCount(1);
  // Minutes of data are not a sliver of 6 hours.
  if (first !== null && now - first < 5 * HOUR) expect(expected.preset).not.toBe("6h");
  await expect(page).toHaveURL(new RegExp(`/hosts/${quiet.name}$`));

  // The incident two days ago is in view.
  await page.goto(`/hosts/${incidentHost.name}`);
  await expect(page.getByTestId("range-7d")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("events-count")).toHaveText("3");

  // A choice is kept when switching hosts, and named in the URL.
  await page.getByTestId("range-24h").click();
  await expect(page).toHaveURL(/range=24h/);
  await page.goto(`/hosts/${quiet.name}`);
  await expect(page.getByTestId("range-24h")).toHaveAttribute("aria-pressed", "true");
  // A link's own range still wins.
  await page.goto(`/hosts/${quiet.name}?range=1h`);
  await expect(page.getByTestId("range-1h")).toHaveAttribute("aria-pressed", "true");
});
