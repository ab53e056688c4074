import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { parseLogLines } from "./parse-log-lines";
import { GENTOO_KERN_LOG, MESSAGES_CENTOS6_RATELIMIT } from "./real-world-lines";
import { orderRotatedFiles, parseRotatedFile } from "./rotated-files";
import type { ParseContext } from "./types";

const ctx: ParseContext = { source: "kern.log", now: Date.parse("2026-11-26T12:00:00Z"), utcOffsetMinutes: 0, bootTimeMs: null };

describe("orderRotatedFiles", () => {
  it.each([
    [
      "Debian numbered, shuffled",
      ["kern.log", "kern.log.2.gz", "kern.log.1", "kern.log.4.gz", "kern.log.3.gz"],
      ["kern.log.4.gz", "kern.log.3.gz", "kern.log.2.gz", "kern.log.1", "kern.log"],
    ],
    ["numbers compare as numbers", ["kern.log.10.gz", "kern.log.9.gz", "kern.log.2.gz"], ["kern.log.10.gz", "kern.log.9.gz", "kern.log.2.gz"]],
    [
      "RHEL dateext, with and without compress",
      ["/var/log/messages", "/var/log/messages-20261122", "/var/log/messages-20261108.gz", "/var/log/messages-20261115"],
      ["/var/log/messages-20261108.gz", "/var/log/messages-20261115", "/var/log/messages-20261122", "/var/log/messages"],
    ],
    ["families stay apart", ["messages", "kern.log.1", "messages-20261122", "kern.log"], ["kern.log.1", "kern.log", "messages-20261122", "messages"]],
  ])("%s", (_name, names, ordered) => {
    expect(orderRotatedFiles(names)).toEqual(ordered);
  });
});

describe("parseRotatedFile", () => {
  const text = `${GENTOO_KERN_LOG.join("\n")}\n`;

  it("gunzips .gz and parses it like the plain file", () => {
    const gz = parseRotatedFile(gzipSync(Buffer.from(text)), "kern.log.2.gz", ctx);
    expect(gz).toEqual(parseLogLines(text, ctx));
    expect(gz.events).toHaveLength(4);
    expect(parseRotatedFile(Buffer.from(text), "kern.log.1", ctx)).toEqual(gz);
  });

  it("recognises gzip by its bytes when the name does not say so", () => {
    const msgs = { ...ctx, source: "messages" as const };
    const r = parseRotatedFile(gzipSync(Buffer.from(MESSAGES_CENTOS6_RATELIMIT.join("\n"))), "messages-20261122", msgs);
    expect(r.events).toHaveLength(2);
    expect(r.unattributedSuppressed).toBe(108);
  });

  it("reports a damaged archive as a parse error", () => {
    const cut = gzipSync(Buffer.from(text)).subarray(0, 20);
    expect(() => parseRotatedFile(cut, "kern.log.3.gz", ctx)).toThrow(AppError);
  });
});
