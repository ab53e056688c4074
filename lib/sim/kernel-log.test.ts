import { describe, expect, it } from "vitest";
import {
  formatClassicTimestamp, formatKernelLine, formatPrintkTime, formatRfc3339, newRatelimitState, runRatelimit,
} from "./kernel-log";

describe("kernel log line formats", () => {
  const when = new Date(2024, 10, 5, 7, 3, 1, 250); // local time, as syslog writes it

  it("classic syslog pads the day with a space and has no year", () => {
    expect(formatClassicTimestamp(when)).toBe("Nov  5 07:03:01");
  });

  it("printk time is [%5lu.%06lu]", () => {
    expect(formatPrintkTime(12.5)).toBe("[   12.500000]");
    expect(formatPrintkTime(123456.789012)).toBe("[123456.789012]");
  });

  it("rfc3339 carries microseconds and the zone offset", () => {
    expect(formatRfc3339(when)).toMatch(/^2024-11-05T07:03:01\.250000[+-]\d\d:\d\d$/);
  });

  it.each([
    ["classic-uptime", "Nov  5 07:03:01 web-01 kernel: [   12.500000] nf_conntrack: nf_conntrack: table full, dropping packet"],
    ["classic", "Nov  5 07:03:01 web-01 kernel: nf_conntrack: nf_conntrack: table full, dropping packet"],
  ] as const)("%s", (style, expected) => {
    expect(formatKernelLine(style, "web-01", when, 12.5, "nf_conntrack: nf_conntrack: table full, dropping packet")).toBe(expected);
  });
});

describe("net_ratelimit (burst 10 per 5 s)", () => {
  it("prints at most 10 messages per window and reports the rest at the next window", () => {
    const st = newRatelimitState();
    const first = runRatelimit(st, 0, 2000, 25);
    expect(first.filter((e) => e.kind === "message")).toHaveLength(10);
    expect(first.some((e) => e.kind === "suppressed")).toBe(false);
    expect(st.missed).toBe(15);
    const second = runRatelimit(st, 2000, 4000, 25); // still inside the first 5 s window
    expect(second).toHaveLength(0);
    expect(st.missed).toBe(40);
    const third = runRatelimit(st, 6000, 8000, 3);
    expect(third[0]).toEqual({ kind: "suppressed", atMs: expect.any(Number), missed: 40 });
    expect(third.filter((e) => e.kind === "message")).toHaveLength(3);
  });

  it("a few drops are all logged", () => {
    const events = runRatelimit(newRatelimitState(), 0, 2000, 4);
    expect(events.map((e) => e.kind)).toEqual(["message", "message", "message", "message"]);
    expect(events.every((e) => e.atMs >= 0 && e.atMs < 2000)).toBe(true);
  });

  it("a million drops cost a bounded number of lines and keep the count exact", () => {
    const st = newRatelimitState();
    const events = runRatelimit(st, 0, 12_000, 1_000_000);
    const printed = events.filter((e) => e.kind === "message").length;
    const suppressed = events.reduce((a, e) => a + (e.kind === "suppressed" ? e.missed : 0), 0);
    expect(printed).toBeLessThanOrEqual(30);
    expect(printed + suppressed + st.missed).toBe(1_000_000);
  });
});
