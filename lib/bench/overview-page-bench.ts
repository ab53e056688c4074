/**
 * `flock /tmp/conntrack-test.lock npm run bench:overview -- [--hosts 1000,5000] [--port 3300] [--app-dir .]
 *    [--views table,heatmap] [--sources live,synthetic] [--loads 3] [--screenshots DIR]`
 *
 * (Under the shared lock, like every Playwright run here: on 2 cores, anything else running at the
 * same time shows up in every figure.)
 * Times the fleet overview in Chromium at 1000 and 5000 hosts against the production build in
 * `--app-dir` (run `npx next build` there first), served by its own `next start` on `--port` with a
 * fresh DATA_DIR under /tmp. The fleet is all unreachable loopback addresses (see overview-fleet.ts).
 *
 * Sources: `live` serves the page the real `/api/hosts` (every host unreachable or pending, as the
 * issue measured); `synthetic` serves the browser a realistic document built from the same hosts
 * (utilizations, warn/critical/dropping hosts, every host re-polled each interval: see
 * overview-synthetic.ts) through Playwright's `page.route`, for the benchmark only.
 *
 * Per host count, source and view: first rows on screen (navigation start → first host row or
 * heatmap canvas in the DOM, then one frame; median of 3 cold loads), DOM elements, idle main-thread
 * share and long tasks over 15 s of idle with refreshes (CDP TaskDuration, longtask observer),
 * keystroke → list reflecting the filter (each key of "aps-01", then Escape to clear).
 * Before all that, `/api/hosts` itself: time, size raw and gzipped, and the conditional request.
 */
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { filterHosts } from "@/lib/client/fleet-filter";
import { fleetSnapshotSchema } from "@/lib/client/fleet-schema";
import { rssMb, signInCookie, startBenchServer, writeBenchFleet } from "./overview-fleet";
import { toFleetLines } from "@/lib/api/fleet-lines";
import { syntheticFleetDoc } from "./overview-synthetic";
import { CELL_PX, GAP_PX, cellOrigin } from "@/lib/client/heatmap-geometry";

const { values } = parseArgs({
  options: {
    hosts: { type: "string", default: "1000,5000" },
    port: { type: "string", default: "3300" },
    "app-dir": { type: "string", default: "." },
    views: { type: "string", default: "table,heatmap" },
    sources: { type: "string", default: "live,synthetic" },
    loads: { type: "string", default: "3" },
    screenshots: { type: "string" },
  },
});
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const QUERY = "aps-01";
const IDLE_MS = 15_000;
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]! : NaN);
const round = (x: number) => Math.round(x);

/** Page-side probes, installed before any script of the page runs. */
function installProbes() {
  const w = window as unknown as Record<string, unknown>;
  const longtasks: { start: number; duration: number }[] = [];
  w.__longtasks = longtasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  const first = new MutationObserver(() => {
    if (!document.querySelector('[data-testid^="host-row-"], [data-testid="heat-canvas"]')) return;
    first.disconnect();
    w.__firstRowAt = performance.now();
    requestAnimationFrame(() => setTimeout(() => (w.__firstRowPaint = performance.now()), 0));
  });
  first.observe(document, { subtree: true, childList: true });
  w.__armKey = (cond: { q: string; countText: string }) =>
    new Promise<number>((resolve) => {
      let t0: number | null = null;
      const onKey = (e: KeyboardEvent) => {
        if (t0 === null) t0 = e.timeStamp;
      };
      const done = () => {
        const applied = document.querySelector("[data-applied-q]");
        if (applied) return applied.getAttribute("data-applied-q") === cond.q;
        const count = document.querySelector('[data-testid="shown-count"], span[aria-live="polite"].num');
        return count?.textContent === cond.countText;
      };
      const mo = new MutationObserver(() => {
        if (t0 === null || !done()) return;
        mo.disconnect();
        window.removeEventListener("keydown", onKey, true);
        const start = t0;
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
      });
      window.addEventListener("keydown", onKey, true);
      mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
}

interface ApiFigures { medianMs: number; p95Ms: number; rawKB: number; gzipKB: number; gzipBy: string; etag: boolean; notModifiedMs: number | null }

function getOnce(url: string, cookie: string, headers: Record<string, string> = {}): Promise<{ status: number; ms: number; bytes: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(url, { headers: { cookie, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, bytes: body.length, body, headers: res.headers });
      });
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${url} timed out`)));
  });
}

async function apiFigures(base: string, cookie: string): Promise<ApiFigures> {
  // What the page fetches: the NDJSON form (the JSON form is the same bytes give or take the keys' commas).
  const url = `${base}/api/hosts?format=ndjson`;
  const times: number[] = [];
  let raw = 0;
  let gz = 0;
  let gzipBy = "server";
  let etag: string | undefined;
  for (let i = 0; i < 30; i++) {
    const plain = await getOnce(url, cookie);
    times.push(plain.ms);
    raw = plain.bytes;
    etag = plain.headers.etag;
    if (i === 0) {
      const zipped = await getOnce(url, cookie, { "accept-encoding": "gzip" });
      if (zipped.headers["content-encoding"] === "gzip") gz = zipped.bytes;
      else [gz, gzipBy] = [gzipSync(plain.body).length, "computed here (server sent identity)"];
    }
  }
  let notModifiedMs: number | null = null;
  if (etag) {
    const t: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await getOnce(url, cookie, { "if-none-match": etag });
      if (r.status === 304) t.push(r.ms);
      else etag = r.headers.etag ?? etag;
    }
    notModifiedMs = t.length ? median(t) : null;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: median(times), p95Ms: sorted[Math.floor(sorted.length * 0.95)]!, rawKB: raw / 1024, gzipKB: gz / 1024, gzipBy, etag: Boolean(etag), notModifiedMs };
}

interface PageFigures { firstRowsMs: number[]; breakdown: string; idleSplit: string; domElements: number; idlePct: number; refreshes: string; longTasks: number; maxLongTaskMs: number; keysMs: (number | null)[]; clearMs: number | null }

async function newContext(browser: Browser, base: string, cookie: { name: string; value: string }, source: string, docHosts: { name: string; address: string; tags: string[] }[]): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addCookies([{ name: cookie.name, value: cookie.value, url: base }]);
  // tsx keeps function names with an `__name` helper the page does not have.
  await ctx.addInitScript({ content: `window.__name = window.__name || ((f) => f);(${installProbes.toString()})();` });
  if (source === "synthetic") {
    let generation = 0;
    await ctx.route("**/api/hosts?format=ndjson", (route) => {
      const { hosts, ...envelope } = syntheticFleetDoc(docHosts, generation++);
      return route.fulfill({ status: 200, contentType: "application/x-ndjson", headers: { "cache-control": "no-store" }, body: toFleetLines(envelope, hosts) });
    });
  }
  return ctx;
}

async function firstRows(page: Page): Promise<number> {
  await page.waitForFunction(() => (window as unknown as { __firstRowPaint?: number }).__firstRowPaint !== undefined, null, { timeout: 120_000 });
  return page.evaluate(() => (window as unknown as { __firstRowPaint: number }).__firstRowPaint);
}

async function measureKey(page: Page, press: string, cond: { q: string; countText: string }): Promise<number | null> {
  await page.evaluate((c) => {
    const w = window as unknown as Record<string, unknown>;
    w.__pending = (w.__armKey as (c: unknown) => Promise<number>)(c);
  }, cond);
  await page.keyboard.press(press);
  const ms = await Promise.race([
    page.evaluate(() => (window as unknown as { __pending: Promise<number> }).__pending),
    new Promise<null>((r) => setTimeout(() => r(null), 30_000)),
  ]);
  await page.waitForTimeout(400);
  return ms;
}

async function measurePage(fig: PageFigures, browser: Browser, base: string, cookie: { name: string; value: string }, source: string, view: string, docHosts: { name: string; address: string; tags: string[] }[], loads: number): Promise<void> {
  const target = view === "table" ? "/" : `/?view=${view}`;
  for (let load = 0; load < loads; load++) {
    const ctx = await newContext(browser, base, cookie, source, docHosts);
    const page = await ctx.newPage();
    await page.goto(base + target);
    fig.firstRowsMs.push(await firstRows(page));
    // Where the time to first rows went, on the last load: the HTML, the scripts, the fleet request.
    fig.breakdown = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const api = performance.getEntriesByType("resource").find((r) => r.name.includes("/api/hosts")) as PerformanceResourceTiming | undefined;
      const r = Math.round;
      return `html ${r(nav.responseEnd)} ms, DOMContentLoaded ${r(nav.domContentLoadedEventEnd)} ms, /api/hosts ${api ? `${r(api.startTime)}–${r(api.responseEnd)} ms` : "?"}`;
    });
    if (load === 0) {
      await page.waitForTimeout(3000);
      fig.domElements = await page.evaluate(() => document.getElementsByTagName("*").length);
      const cdp = await ctx.newCDPSession(page);
      await cdp.send("Performance.enable");
      const metric = async (name: string) => ((await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
      const task = () => metric("TaskDuration");
      const split = async () => Promise.all(["ScriptDuration", "RecalcStyleDuration", "LayoutDuration"].map(metric));
      const split0 = await split();
      const statuses: number[] = [];
      const onResponse = (r: { url(): string; status(): number }) => {
        if (r.url().includes("/api/hosts")) statuses.push(r.status());
      };
      page.on("response", onResponse);
      const [busy0, t0, from] = [await task(), Date.now(), await page.evaluate(() => performance.now())];
      await page.waitForTimeout(IDLE_MS);
      const [busy1, t1] = [await task(), Date.now()];
      page.off("response", onResponse);
      fig.idlePct = ((busy1 - busy0) / (t1 - t0)) * 100;
      const split1 = await split();
      fig.idleSplit = `script ${round(split1[0]! - split0[0]!)} ms, style ${round(split1[1]! - split0[1]!)} ms, layout ${round(split1[2]! - split0[2]!)} ms`;
      fig.refreshes = statuses.length ? statuses.join("/") : "none";
      const lts = await page.evaluate((f) => (window as unknown as { __longtasks: { start: number; duration: number }[] }).__longtasks.filter((l) => l.start >= f), from);
      fig.longTasks = lts.length;
      fig.maxLongTaskMs = Math.max(0, ...lts.map((l) => l.duration));

      const total = docHosts.length;
      const parsed = fleetSnapshotSchema.parse({ generatedAt: "", pollIntervalSeconds: 5, thresholds: { warn: 0.75, critical: 0.9 }, hosts: docHosts.map((h) => ({ ...h, status: "ok", count: null, max: null, utilization: null, lastPollAt: null, lastOkAt: null })) });
      await page.getByTestId("filter-text").click();
      let prev = `${total} hosts`;
      for (let i = 1; i <= QUERY.length; i++) {
        const q = QUERY.slice(0, i);
        const countText = `${filterHosts(parsed.hosts, { q, tag: "", status: "" }).length} of ${total} hosts`;
        // Without the page's data-applied-q, a key that leaves the count unchanged has nothing to wait for.
        if (countText === prev && (await page.locator("[data-applied-q]").count()) === 0) {
          await page.keyboard.press(QUERY[i - 1]!);
          await page.waitForTimeout(1000);
          fig.keysMs.push(null);
        } else {
          fig.keysMs.push(await measureKey(page, QUERY[i - 1]!, { q, countText }));
        }
        prev = countText;
      }
      fig.clearMs = await measureKey(page, "Escape", { q: "", countText: `${total} hosts` });
    }
    await ctx.close();
  }
}

/** The overview and the heatmap at desktop and phone sizes, with the synthetic document. */
async function screenshots(browser: Browser, base: string, cookie: { name: string; value: string }, docHosts: { name: string; address: string; tags: string[] }[], dir: string): Promise<void> {
  for (const [w, h] of [[1280, 720], [390, 844]] as const) {
    for (const view of ["table", "heatmap"]) {
      const shot = await browser.newContext({ viewport: { width: w, height: h } });
      await shot.addCookies([{ name: cookie.name, value: cookie.value, url: base }]);
      let generation = 0;
      await shot.route("**/api/hosts?format=ndjson", (route) => {
        const { hosts, ...envelope } = syntheticFleetDoc(docHosts, generation++);
        return route.fulfill({ status: 200, contentType: "application/x-ndjson", body: toFleetLines(envelope, hosts) });
      });
      const page = await shot.newPage();
      await page.goto(`${base}/${view === "table" ? "" : "?view=heatmap"}`);
      await page.locator('[data-testid^="host-row-"], [data-testid="heat-canvas"]').first().waitFor();
      await page.waitForTimeout(1000);
      if (view === "heatmap") await hoverFirstCritical(page);
      const file = path.join(dir, `overview-${view}-${docHosts.length}-${w}x${h}.png`);
      await page.screenshot({ path: file });
      console.log(`screenshot ${file}`);
      await shot.close();
    }
  }
}

async function main() {
  const counts = values.hosts.split(",").map(Number);
  const appDir = path.resolve(values["app-dir"]);
  const port = Number(values.port);
  const loads = Number(values.loads);
  console.log(`overview page bench: app ${appDir}, Chromium ${"/usr/bin/chromium"}, 1280×900, query "${QUERY}"`);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
  try {
    for (const n of counts) {
      const dir = `/tmp/overview-bench-${port}-${n}`;
      const fleetFile = await writeBenchFleet(dir, n);
      const server = await startBenchServer(appDir, fleetFile, path.join(dir, "data"), port);
      try {
        const cookie = await signInCookie(server.url);
        const cookieHeader = `${cookie.name}=${cookie.value}`;
        await new Promise((r) => setTimeout(r, 3000));
        const api = await apiFigures(server.url, cookieHeader);
        const doc = JSON.parse((await getOnce(`${server.url}/api/hosts`, cookieHeader)).body.toString()) as { hosts: { name: string; address: string; tags: string[] }[] };
        const docHosts = doc.hosts.map((h) => ({ name: h.name, address: h.address, tags: h.tags }));
        const synth = Buffer.from(JSON.stringify(syntheticFleetDoc(docHosts, 0)));
        console.log(`\n== ${n} hosts ==`);
        console.log(`/api/hosts (live, during cold start): median ${api.medianMs.toFixed(1)} ms, p95 ${api.p95Ms.toFixed(1)} ms over 30; ${api.rawKB.toFixed(0)} kB raw, ${api.gzipKB.toFixed(1)} kB gzipped (${api.gzipBy}); ` +
          (api.etag ? `If-None-Match → 304 in ${api.notModifiedMs?.toFixed(1) ?? "n/a (document changed every time)"} ms` : "no ETag"));
        console.log(`synthetic document: ${(synth.length / 1024).toFixed(0)} kB raw, ${(gzipSync(synth).length / 1024).toFixed(1)} kB gzipped`);
        for (const source of values.sources.split(",")) {
          for (const view of values.views.split(",")) {
            const f: PageFigures = { firstRowsMs: [], breakdown: "", idleSplit: "", domElements: 0, idlePct: NaN, refreshes: "", longTasks: 0, maxLongTaskMs: 0, keysMs: [], clearMs: null };
            let failed = "";
            try {
              await measurePage(f, browser, server.url, cookie, source, view, docHosts, loads);
            } catch (err) {
              failed = ` · STOPPED: ${(err as Error).message.split("\n")[0]}`;
            }
            const keys = f.keysMs.map((k) => (k === null ? "–" : round(k))).join(" ");
            const measured = f.keysMs.filter((k): k is number => k !== null);
            console.log(
              `${source.padEnd(9)} ${view.padEnd(7)} first rows ${f.firstRowsMs.map(round).join("/")} ms (median ${round(median(f.firstRowsMs))}; last: ${f.breakdown}) · ${f.domElements} DOM elements · ` +
                `idle main thread ${f.idlePct.toFixed(1)} % over ${IDLE_MS / 1000} s (${f.idleSplit}; refreshes ${f.refreshes}), ${f.longTasks} long tasks (max ${round(f.maxLongTaskMs)} ms) · ` +
                `keys "${QUERY}" ${keys} ms (max ${round(Math.max(...measured))}), clear ${f.clearMs === null ? "timeout" : round(f.clearMs)} ms${failed}`,
            );
          }
        }
        // Again once the collector has settled: the first figures fall in its cold start.
        const warm = await apiFigures(server.url, cookieHeader);
        console.log(`/api/hosts (live, warm): median ${warm.medianMs.toFixed(1)} ms, p95 ${warm.p95Ms.toFixed(1)} ms; ${warm.rawKB.toFixed(0)} kB raw, ${warm.gzipKB.toFixed(1)} kB gzipped; 304 ${warm.notModifiedMs?.toFixed(1) ?? "n/a"} ms`);
        console.log(`server RSS ${rssMb(server.proc.pid) ?? "?"} MB`);
        if (values.screenshots) await screenshots(browser, server.url, cookie, docHosts, values.screenshots);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/** Points at the first critical host's cell, as a user would (cells are painted, not elements). */
async function hoverFirstCritical(page: Page): Promise<void> {
  const canvases = page.getByTestId("heat-canvas");
  const hit = await canvases.evaluateAll((els) => {
    for (const [group, el] of (els as HTMLCanvasElement[]).entries()) {
      const index = (el.dataset.tones ?? "").split(" ").indexOf("critical");
      if (index >= 0) return { group, index, width: el.getBoundingClientRect().width };
    }
    return null;
  });
  if (!hit) return;
  const { x, y } = cellOrigin(hit.index, Math.round((hit.width + GAP_PX) / (CELL_PX + GAP_PX)));
  await canvases.nth(hit.group).hover({ position: { x: x + CELL_PX / 2, y: y + CELL_PX / 2 } });
}
