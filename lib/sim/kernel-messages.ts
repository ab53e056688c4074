/**
 * Where a simulated host's kernel messages end up, as on a real host: the syslog file its rsyslog
 * writes (kern.log or messages, in the OS's stamp style), the journal on OSes that keep one, and
 * the ring buffer where dmesg is readable.
 * Scenario, reboots and tests log through here so every source the dashboard may read agrees.
 */
import fs from "node:fs";
import { appendKernelLog, hostLogFile } from "./host-state";
import { appendJournal, type KernelMessage } from "./journal";
import { formatKernelLine } from "./kernel-log";
import { OS_PROFILES } from "./os-profiles";
import { appendRing } from "./ring-buffer";
import type { SimHost } from "./types";

export type { KernelMessage } from "./journal";

export async function logKernelMessages(host: Pick<SimHost, "name" | "root" | "os">, messages: readonly KernelMessage[]): Promise<void> {
  if (host.root === null) throw new Error(`${host.name}: no root to log to`);
  if (messages.length === 0) return;
  const style = OS_PROFILES[host.os].logStyle;
  // A host without a syslog daemon (its files removed) keeps only the journal.
  if (fs.existsSync(hostLogFile(host.root))) {
    await appendKernelLog(
      host.root,
      messages.map((m) => formatKernelLine(style, host.name, new Date(m.atMs), m.uptimeSeconds, m.message)),
    );
  }
  await appendJournal(host.root, host.name, messages);
  appendRing(host.root, messages);
}
