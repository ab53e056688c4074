import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOST_PATHS } from "@/lib/conntrack/collect-command";
import { startUptimeClock } from "./clock";
import { readBootAnchor, tickUptimeSync, writeHostStateSync } from "./host-state";
import { appendRing, clearRing, initRing, RING_FILE, RING_LINES } from "./ring-buffer";

let root: string;
const file = (abs: string) => path.join(root, abs.replace(/^\/+/, ""));
const uptime = () => Number(fs.readFileSync(file(HOST_PATHS.uptime), "utf8").split(" ")[0]);

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sim-clock-"));
  fs.mkdirSync(path.dirname(file(HOST_PATHS.uptime)), { recursive: true });
  fs.mkdirSync(path.dirname(file(HOST_PATHS.cpusOnline)), { recursive: true });
  fs.writeFileSync(file(HOST_PATHS.uptime), "1000.00 3900.00\n");
  fs.writeFileSync(file(HOST_PATHS.cpusOnline), "0-3\n");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("the hosts' clocks", () => {
  it("anchor a root without a boot time at what it reports, then follow the wall clock", () => {
    const t = 1_800_000_000_000;
    expect(tickUptimeSync(root, t)).toBe(1000);
    expect(readBootAnchor(root)).toBe(t - 1_000_000);
    expect(tickUptimeSync(root, t + 61_500)).toBe(1061.5);
    expect(fs.readFileSync(file(HOST_PATHS.uptime), "utf8")).toMatch(/^1061\.50 \d+\.\d\d\n$/);
  });

  it("carry on from a new boot time written by a reboot", () => {
    tickUptimeSync(root, Date.now());
    writeHostStateSync(root, { uptimeSeconds: 25 });
    expect(uptime()).toBe(25);
    const now = Date.now();
    const up = tickUptimeSync(root, now + 5_000)!;
    expect(up).toBeGreaterThanOrEqual(29.9);
    expect(up).toBeLessThan(31);
  });

  it("tick on a timer until stopped", async () => {
    const clock = startUptimeClock([{ name: "h", root }, { name: "gone", root: null }], { tickMs: 20 });
    writeHostStateSync(root, { uptimeSeconds: 100 });
    await new Promise((r) => setTimeout(r, 250));
    clock.stop();
    const after = uptime();
    expect(after).toBeGreaterThanOrEqual(100.2);
    await new Promise((r) => setTimeout(r, 100));
    expect(uptime()).toBe(after);
  });
});

describe("the ring buffer behind the dmesg stand-in", () => {
  const msg = (uptimeSeconds: number, message = "nf_conntrack: table full, dropping packet.") => ({ atMs: 0, uptimeSeconds, message });
  const ring = () => fs.readFileSync(path.join(root, RING_FILE), "utf8");

  it("prints dmesg's [seconds.micros] stamps, keeps the newest lines, and empties at a reboot", () => {
    appendRing(root, [msg(1)]);
    expect(fs.existsSync(path.join(root, RING_FILE)), "no ring buffer: dmesg is restricted").toBe(false);
    initRing(root, [msg(0, "Linux version 2.6.18-419.el5"), msg(12.5)]);
    expect(ring()).toBe("[    0.000000] Linux version 2.6.18-419.el5\n[   12.500000] nf_conntrack: table full, dropping packet.\n");
    appendRing(root, Array.from({ length: RING_LINES }, (_, i) => msg(100 + i)));
    const lines = ring().trimEnd().split("\n");
    expect(lines).toHaveLength(RING_LINES);
    expect(lines[0]).toMatch(/^\[  100\.000000\] /);
    clearRing(root);
    expect(ring()).toBe("");
  });
});
