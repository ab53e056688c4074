import { describe, expect, it } from "vitest";
import { classifyEmbeddedMessage, classifyKernelMessage, normalizeKernelMessage } from "./classify";
import {
  CONNTRACK_BANNER, DMESG_RHEL6_NO_STAMP, DMESG_TCP_OOM, HOTSOS_DOUBLED, NETNS_MESSAGE, OPENVZ_MESSAGE,
  TRUNCATED_RATELIMIT,
} from "./real-world-lines";

/** The message part of a pasted line (after `kernel:` and the printk stamp). */
const msg = (line: string): string => line.replace(/^.*?kernel: /, "").replace(/^\[ *\d+\.\d+\] /, "");

describe("classifyKernelMessage", () => {
  it.each([
    ["2.6.18 ip_conntrack, trailing dot", "ip_conntrack: table full, dropping packet.", "table_full", 1],
    ["OpenVZ names the container", OPENVZ_MESSAGE, "table_full", 1],
    ["printk() era nf_conntrack, trailing dot", msg(DMESG_RHEL6_NO_STAMP), "table_full", 1],
    ["net_warn_ratelimited() era, no dot", "nf_conntrack: table full, dropping packet", "table_full", 1],
    ["doubled prefix (pr_fmt)", msg(HOTSOS_DOUBLED), "table_full", 1],
    ["v6.17+ non-initial netns, doubled", NETNS_MESSAGE, "table_full", 1],
    ["expectation table", "nf_conntrack: expectation table full", "expect_full", 1],
    ["3.x+ net_ratelimit", "net_ratelimit: 3939 callbacks suppressed", "suppressed", 3939],
    ["2.6.32 __ratelimit", "__ratelimit: 83 callbacks suppressed", "suppressed", 83],
    ["2.6.18 printk ratelimit", "printk: 12 messages suppressed.", "suppressed", 12],
    ["trailing CR/space are not part of the message", "nf_conntrack: table full, dropping packet\r ", "table_full", 1],
  ])("%s", (_name, message, kind, count) => {
    expect(classifyKernelMessage(message)).toEqual({ kind, count });
  });

  it.each([
    ["a paste cut mid-word", TRUNCATED_RATELIMIT],
    ["the module banner", msg(CONNTRACK_BANNER)],
    ["another ratelimited caller", msg(DMESG_TCP_OOM)],
    ["nf_queue drops are not conntrack drops", "nfnetlink_queue: nf_queue: full at 4096 entries, dropping packets(s)"],
    ["the message quoted inside another", "saw nf_conntrack: table full, dropping packet"],
    ["empty", ""],
  ])("ignores %s", (_name, message) => {
    expect(classifyKernelMessage(message)).toBeNull();
  });
});

describe("normalizeKernelMessage", () => {
  it("collapses the doubled module prefix so both kernels key alike", () => {
    expect(normalizeKernelMessage("nf_conntrack: nf_conntrack: table full, dropping packet")).toBe(
      "nf_conntrack: table full, dropping packet",
    );
    expect(normalizeKernelMessage("nf_conntrack: table full, dropping packet")).toBe(
      "nf_conntrack: table full, dropping packet",
    );
  });
});

describe("classifyEmbeddedMessage", () => {
  it("finds our message behind an unreadable header", () => {
    expect(classifyEmbeddedMessage(HOTSOS_DOUBLED)).toEqual({ kind: "table_full", count: 1 });
    expect(classifyEmbeddedMessage("garbage kernel: nf_conntrack version 0.5.0")).toBeNull();
  });
});
