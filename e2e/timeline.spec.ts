import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { SeedIncident } from "./seed-history";
import { expect, fmt, test, type StackInfo } from "./fixtures";

type Lane = { host: string; drops: number; logLines: number; firstDropAt: string | null };
type Timeline = { lanes: Lane[]; summary: { hostsAffected: number; totalDrops: number; totalLogLines: number; changes: { host: string; user: string }[] } };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Two incidents on two hosts, two and three days ago, with a limit change by "carol". */
function incidents(stack: StackInfo, now: number): SeedIncident[] {
  const pick = (os: string) => stack.fleet.hosts.find((h) => h.kind === "normal" && h.os === os)!;
  const a = pick("centos6");
  const b = pick("ubuntu2204");
  return [
    { host: a.name, address: a.address, start: now - 3 * DAY, stepS: 60, samples: 121, max: 131072, dropsPerSample: 50, logLines: 40 },
    { host: b.name, address: b.address, start: now - 2 * DAY, stepS: 60, samples: 61, max: 262144, dropsPerSample: 300, logLines: 25, change: { user: "carol", oldMax: 262144, newMax: 524288 } },
  ];
}

test("the timeline over several days: lanes and summary match the incidents, the URL restores the view, exports match the API", async ({ page, api, stack }) => {
  test.setTimeout(120_000);
  const now = Date.now();
  const seeded = incidents(stack, now);
  const from = new Date(now - 4 * DAY).toISOString();
  const to = new Date(now).toISOString();
  // What the store already holds for the window (the hosts' own log history was backfilled).
  const baseline = (await (await api.get(`/api/timeline?from=${from}&to=${to}`)).json()) as Timeline;
  const base = (host: string) => baseline.lanes.find((l) => l.host === host) ?? { drops: 0, logLines: 0 };
  execFileSync("npx", ["tsx", "--conditions=react-server", "e2e/seed-history.ts", path.resolve(".e2e/data"), JSON.stringify(seeded)], { stdio: "inherit" });

  const doc = (await (await api.get(`/api/timeline?from=${from}&to=${to}`)).json()) as Timeline;
  for (const s of seeded) {
    const lane = doc.lanes.find((l) => l.host === s.host);
    expect(lane, s.host).toBeTruthy();
    expect(lane!.drops - base(s.host).drops).toBe((s.samples - 1) * s.dropsPerSample);
    expect(lane!.logLines - base(s.host).logLines).toBe(s.logLines);
  }
  // Lanes are ordered by first drop; the summary adds up the lanes.
  const firsts = doc.lanes.map((l) => Date.parse(l.firstDropAt ?? ""));
  expect(firsts).toEqual([...firsts].sort((x, y) => x - y));
  expect(doc.summary.hostsAffected).toBe(doc.lanes.length);
  expect(doc.summary.totalDrops).toBe(doc.lanes.reduce((n, l) => n + l.drops, 0));
  expect(doc.summary.totalLogLines).toBe(doc.lanes.reduce((n, l) => n + l.logLines, 0));
  expect(doc.summary.changes.find((c) => c.user === "carol")?.host).toBe(seeded[1]!.host);

  // The page shows the same lanes and totals.
  await page.goto(`/timeline?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  await expect(page.getByTestId("timeline-lane")).toHaveCount(doc.lanes.length);
  for (const s of seeded) {
    const lane = page.locator(`[data-testid="timeline-lane"][data-host="${s.host}"]`);
    await expect(lane.getByTestId("lane-drops")).toContainText(fmt(doc.lanes.find((l) => l.host === s.host)!.drops));
  }
  await expect(page.getByTestId("summary-total-drops")).toContainText(fmt(doc.summary.totalDrops));
  await expect(page.getByTestId("summary-log-lines")).toContainText(fmt(doc.summary.totalLogLines));

  // A pasted link restores the same view (range and time zone live in the URL).
  await page.getByTestId("zone-local").click();
  await expect(page).toHaveURL(/tz=local/);
  const link = page.url();
  const other = await page.context().newPage();
  await other.goto(link);
  await expect(other.getByTestId("timeline-lane")).toHaveCount(doc.lanes.length);
  await expect(other.getByTestId("summary-total-drops")).toContainText(fmt(doc.summary.totalDrops));
  await expect(other.getByTestId("zone-local")).toHaveAttribute("aria-pressed", "true");
  await other.close();

  // Exports hold the API's numbers.
  const dir = path.resolve("test-results/timeline-exports");
  fs.mkdirSync(dir, { recursive: true });
  const [jsonDl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
  const jsonPath = path.join(dir, "timeline.json");
  await jsonDl.saveAs(jsonPath);
  const exported = JSON.parse(fs.readFileSync(jsonPath, "utf8")) as Timeline;
  expect(exported.lanes.map((l) => [l.host, l.drops, l.logLines])).toEqual(doc.lanes.map((l) => [l.host, l.drops, l.logLines]));
  expect(exported.summary.totalDrops).toBe(doc.summary.totalDrops);

  const [csvDl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv-series").click()]);
  const csvPath = path.join(dir, "timeline-series.csv");
  await csvDl.saveAs(csvPath);
  const rows = fs.readFileSync(csvPath, "utf8").trim().split(/\r?\n/).map((l) => l.split(","));
  const header = rows[0]!;
  const col = (name: string) => header.indexOf(name);
  const sums = new Map<string, number>();
  for (const r of rows.slice(1)) sums.set(r[col("host")]!, (sums.get(r[col("host")]!) ?? 0) + Number(r[col("drops")] || 0));
  for (const l of doc.lanes) expect(sums.get(l.host) ?? 0, l.host).toBe(l.drops);
});
