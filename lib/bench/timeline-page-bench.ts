/**
 * `npx tsx lib/bench/timeline-page-bench.ts http://127.0.0.1:3555`
 *
 * Times the /timeline page in Chromium against a running dashboard (typically one serving the store
 * `npm run bench:timeline -- --keep DIR` left behind): from navigation until every lane the API
 * returns is on the page with its chart drawn. Five cold loads (new browser context each).
 */
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3555";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function main() {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
  const times: number[] = [];
  let lanes = 0;
  for (let run = 0; run < 5; run++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await ctx.newPage();
    const t0 = Date.now();
    await page.goto(`${base}/timeline?range=7d`);
    await page.getByTestId("summary-total-drops").waitFor();
    lanes = await page.getByTestId("timeline-lane").count();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="timeline-lane"] canvas').length >= n, lanes);
    times.push(Date.now() - t0);
    await ctx.close();
  }
  await browser.close();
  times.sort((a, b) => a - b);
  console.log(`/timeline (7 d, ${lanes} lanes drawn): median ${times[2]} ms, worst ${times[4]} ms over 5 cold loads`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
