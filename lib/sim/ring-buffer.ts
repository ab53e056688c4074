/**
 * The kernel ring buffer of a simulated host whose dmesg is readable (OS profile `dmesgReadable`):
 * what `dmesg` prints there, `[seconds.micros] message` since the current boot, oldest lines
 * overwritten once the buffer is full. The dmesg stand-in mounted over /usr/bin/dmesg prints this
 * file (`/.sim/kmsg` inside the host) or, where it does not exist, fails like dmesg_restrict=1.
 */
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomicSync } from "./atomic-write";
import { SIM_META_DIR } from "./host-state";
import type { KernelMessage } from "./journal";
import { formatPrintkTime } from "./kernel-log";

export const RING_FILE = `${SIM_META_DIR}/kmsg`;

/** Lines kept: about what a 128 KiB log_buf (EL5/EL6 default) holds. */
export const RING_LINES = 1000;

/** Fixed text; the path is the constant above as seen from inside the chroot. */
export const DMESG_STAND_IN = `#!/bin/sh
# dmesg on a simulated host: its own ring buffer where the kernel lets this user read it.
if [ -r /${RING_FILE} ]; then exec cat /${RING_FILE}; fi
echo 'dmesg: read kernel buffer failed: Operation not permitted' >&2
exit 1
`;

export function formatRingLine(m: KernelMessage): string {
  return `${formatPrintkTime(m.uptimeSeconds)} ${m.message}`;
}

const ringPath = (root: string): string => path.join(root, RING_FILE);

export function hasRing(root: string): boolean {
  return fs.existsSync(ringPath(root));
}

function write(root: string, lines: readonly string[]): void {
  fs.mkdirSync(path.join(root, SIM_META_DIR), { recursive: true, mode: 0o700 });
  const kept = lines.slice(-RING_LINES);
  writeFileAtomicSync(ringPath(root), kept.length > 0 ? `${kept.join("\n")}\n` : "");
}

/** The buffer at fleet start: the current boot's messages (the caller passes those). */
export function initRing(root: string, messages: readonly KernelMessage[]): void {
  write(root, messages.map(formatRingLine));
}

/** A no-op on hosts without a readable ring buffer. */
export function appendRing(root: string, messages: readonly KernelMessage[]): void {
  if (!hasRing(root) || messages.length === 0) return;
  const old = fs.readFileSync(ringPath(root), "utf8").split("\n").filter(Boolean);
  write(root, [...old, ...messages.map(formatRingLine)]);
}

/** A reboot starts an empty buffer. */
export function clearRing(root: string): void {
  if (hasRing(root)) write(root, []);
}
