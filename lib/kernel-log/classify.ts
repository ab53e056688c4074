/**
 * Which kernel messages mean conntrack exhaustion, across kernels 2.6.18 → 6.x. The message text is
 * what follows the log header and the printk `[seconds]` stamp.
 *
 * Variants, from the kernel sources and from logs people pasted (see real-world-lines.ts):
 * - `ip_conntrack: table full, dropping packet.`: ip_conntrack_core.c (2.6.18 / CentOS 5), with the dot.
 * - `ip_conntrack: VPS <id> table full, dropping packet.`: OpenVZ kernels, which name the container.
 * - `nf_conntrack: table full, dropping packet.`: nf_conntrack_core.c printk() era (2.6.2x–3.2).
 * - `nf_conntrack: table full, dropping packet`: net_warn_ratelimited() era, no dot (3.x, CentOS 7).
 * - `nf_conntrack: nf_conntrack: table full, dropping packet`: the same call once the file gained
 *   `#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt`, which prefixes the module name a second time.
 * - `nf_conntrack: table full in netns <inum>, dropping packet`: 2025 kernels (v6.17+; in v6.18 source)
 *   print this outside the initial network namespace; pr_fmt still doubles the prefix there.
 * - `nf_conntrack: expectation table full`: nf_conntrack_expect.c, also net_warn_ratelimited().
 * Rate-limit summaries, whose wording followed the kernel's ratelimit code:
 * - `printk: N messages suppressed.`: 2.6.18's __printk_ratelimit(), which net_ratelimit() called.
 * - `__ratelimit: N callbacks suppressed`: 2.6.32 (CentOS 6), __ratelimit() printing its own name.
 * - `net_ratelimit: N callbacks suppressed`: 3.x onwards, the caller's name via the macro.
 */
import type { KernelEventKind } from "./types";

export interface Classification {
  kind: KernelEventKind;
  count: number;
}

const DOUBLED_PREFIX = /^(nf_conntrack|ip_conntrack): (?=\1: )/;
const TABLE_FULL = /^(?:nf|ip)_conntrack: (?:VPS \S+ )?table full(?: in netns \d+)?, dropping packet\.?$/;
const EXPECT_FULL = /^nf_conntrack: expectation table full$/;
const CALLBACKS_SUPPRESSED = /^(?:net_ratelimit|__ratelimit): (\d{1,12}) callbacks suppressed$/;
const MESSAGES_SUPPRESSED = /^printk: (\d{1,12}) messages suppressed\.$/;

/** Where a message we know may start inside a line whose header we could not read. */
const MESSAGE_STARTS = ["nf_conntrack: ", "ip_conntrack: ", "net_ratelimit: ", "__ratelimit: ", "printk: "];

/**
 * The message as the kernel meant it: trimmed, the doubled `nf_conntrack: nf_conntrack: ` prefix
 * collapsed, so the same event keys identically on kernels with and without pr_fmt.
 */
export function normalizeKernelMessage(message: string): string {
  return message.trim().replace(DOUBLED_PREFIX, "");
}

/** Kind and count of a conntrack exhaustion or ratelimit line, or null for any other message. */
export function classifyKernelMessage(message: string): Classification | null {
  const msg = normalizeKernelMessage(message);
  if (TABLE_FULL.test(msg)) return { kind: "table_full", count: 1 };
  if (EXPECT_FULL.test(msg)) return { kind: "expect_full", count: 1 };
  const n = CALLBACKS_SUPPRESSED.exec(msg)?.[1] ?? MESSAGES_SUPPRESSED.exec(msg)?.[1];
  if (n !== undefined) return { kind: "suppressed", count: Number(n) };
  return null;
}

/**
 * Classifies a line whose header is unreadable by trying each known message start in it. Used only to
 * decide whether an untimed line should be reported as unparsed rather than silently ignored.
 */
export function classifyEmbeddedMessage(line: string): Classification | null {
  for (const start of MESSAGE_STARTS) {
    const at = line.indexOf(start);
    if (at < 0) continue;
    const found = classifyKernelMessage(line.slice(at));
    if (found !== null) return found;
  }
  return null;
}

/**
 * iptables/nftables LOG target lines (`[UFW BLOCK] IN=eth0 OUT= MAC=…`) are printed through nf_log,
 * limited by the rule's own `-m limit`, never by net_ratelimit(), so they cannot have consumed the
 * shared ratelimit budget.
 */
export function isPacketLogMessage(message: string): boolean {
  return message.includes("IN=") && message.includes(" OUT=");
}
