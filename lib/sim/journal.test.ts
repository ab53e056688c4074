import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseLogLines } from "@/lib/kernel-log/parse-log-lines";
import { appendJournal, formatBootIdFile, initJournal, JOURNAL_REMOTE, journalExport, journalIds, machineIdOf, writeBootId } from "./journal";

const T = Date.parse("2026-11-25T20:48:00.250Z");
const FULL = "nf_conntrack: nf_conntrack: table full, dropping packet";

describe("journal export format", () => {
  it("writes one kernel-transport entry per message, microsecond stamps", () => {
    const text = journalExport({ hostname: "web-01", machineId: "a".repeat(32), bootId: "b".repeat(32) }, [
      { atMs: T, uptimeSeconds: 12.5, message: FULL },
    ]);
    expect(text).toBe(
      [
        `__REALTIME_TIMESTAMP=${T * 1000}`, "__MONOTONIC_TIMESTAMP=12500000", `_BOOT_ID=${"b".repeat(32)}`, `_MACHINE_ID=${"a".repeat(32)}`,
        "_HOSTNAME=web-01", "_TRANSPORT=kernel", "SYSLOG_FACILITY=0", "SYSLOG_IDENTIFIER=kernel", "PRIORITY=4", `MESSAGE=${FULL}`,
      ].join("\n") + "\n\n",
    );
  });

  it("refuses what would break an entry apart", () => {
    const ids = { hostname: "web-01", machineId: "a".repeat(32), bootId: "b".repeat(32) };
    expect(() => journalExport(ids, [{ atMs: T, uptimeSeconds: 1, message: "a\nMESSAGE=b" }])).toThrow(/single lines/);
    expect(() => journalExport({ ...ids, bootId: "xyz" }, [])).toThrow(/32 hex/);
  });

  it("ids look like the kernel's", () => {
    expect(machineIdOf("web-01")).toMatch(/^[0-9a-f]{32}$/);
    expect(machineIdOf("web-01")).toBe(machineIdOf("web-01"));
    expect(formatBootIdFile("0123456789abcdef0123456789abcdef")).toBe("01234567-89ab-cdef-0123-456789abcdef\n");
  });
});

describe.skipIf(!fs.existsSync(JOURNAL_REMOTE))("a real journal file", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "sim-journal-"));
    fs.mkdirSync(path.join(root, "etc"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("journalctl reads back what was appended, across boots, and the dashboard's parser keeps every drop", async () => {
    initJournal(root, "web-01");
    const ids = journalIds(root)!;
    await appendJournal(root, "web-01", [
      { atMs: T, uptimeSeconds: 100, message: FULL },
      { atMs: T + 1, uptimeSeconds: 100, message: FULL },
      { atMs: T + 2000, uptimeSeconds: 102, message: "net_ratelimit: 41 callbacks suppressed" },
    ]);
    writeBootId(root, "c".repeat(32));
    await appendJournal(root, "web-01", [{ atMs: T + 600_000, uptimeSeconds: 3, message: FULL }]);
    expect(journalIds(root)).toEqual({ machineId: ids.machineId, bootId: "c".repeat(32) });

    const dir = path.join(root, "var/log/journal");
    const out = execFileSync("journalctl", ["-D", dir, "-q", "--no-pager", "-o", "short-iso-precise", "--show-cursor", "_TRANSPORT=kernel"], {
      encoding: "utf8", env: { ...process.env, TZ: "UTC" },
    });
    const lines = out.trim().split("\n");
    // systemd 252 prints the zone as +0000, newer ones as +00:00.
    expect(lines[0]).toMatch(/^2026-11-25T20:48:00\.250000\+00:?00 web-01 kernel: /);
    expect(lines[0]!.endsWith(FULL)).toBe(true);
    expect(lines.at(-1)).toMatch(/^-- cursor: s=[0-9a-f]+;i=4;b=c{32};/);
    const boots = execFileSync("journalctl", ["-D", dir, "--list-boots", "-q", "--no-pager"], { encoding: "utf8" });
    expect(boots.trim().split("\n")).toHaveLength(2);

    const parsed = parseLogLines(out, { source: "journal", now: T + 3_600_000, utcOffsetMinutes: 0, bootTimeMs: null, carry: null });
    expect(parsed.events.map((e) => [e.kind, e.count, new Date(e.ts).toISOString()])).toEqual([
      ["table_full", 1, "2026-11-25T20:48:00.250Z"],
      ["table_full", 1, "2026-11-25T20:48:00.251Z"],
      ["suppressed", 41, "2026-11-25T20:48:02.250Z"],
      ["table_full", 1, "2026-11-25T20:58:00.250Z"],
    ]);
  });
});
