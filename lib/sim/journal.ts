/**
 * A real systemd journal for simulated hosts whose OS keeps one (the profile's `journal`). Entries
 * go through systemd-journal-remote, which turns journal export format into real journal files at
 * `<root>/var/log/journal/<machine-id>/system.journal`, so the dashboard's `journalctl` inside the
 * chroot reads real files with real cursors, seqnums and boot ids. journald itself cannot run there.
 *
 * The machine id is the host's (`etc/machine-id`), the boot id is the current one in
 * `proc/sys/kernel/random/boot_id` (a simulated reboot writes a new one), so `journalctl -b` and
 * `_BOOT_ID=` matches behave as on the host.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Debian's path (package systemd-journal-remote, installed by .ci/bootstrap). */
export const JOURNAL_REMOTE = "/usr/lib/systemd/systemd-journal-remote";

export const MACHINE_ID_FILE = "etc/machine-id";
export const BOOT_ID_FILE = "proc/sys/kernel/random/boot_id";

export interface KernelMessage {
  /** Wall-clock time of the message, epoch ms. */
  atMs: number;
  /** Seconds since boot (the printk stamp). */
  uptimeSeconds: number;
  message: string;
}

/** Stable per host name, like a machine-id that survives reboots: 32 lowercase hex digits. */
export function machineIdOf(name: string): string {
  return createHash("sha1").update(`sim machine-id\n${name}`).digest("hex").slice(0, 32);
}

export function newBootId(): string {
  return randomBytes(16).toString("hex");
}

/** /proc/sys/kernel/random/boot_id prints the id as a UUID. */
export function formatBootIdFile(id: string): string {
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}\n`;
}

const ID_RE = /^[0-9a-f]{32}$/;

/** Journal export format (one entry per blank-line-terminated block) of kernel-transport entries. */
export function journalExport(ids: { hostname: string; machineId: string; bootId: string }, messages: readonly KernelMessage[]): string {
  if (!ID_RE.test(ids.machineId) || !ID_RE.test(ids.bootId)) throw new Error("machine and boot ids are 32 hex digits");
  return messages
    .map((m) => {
      if (/[\n\r]/.test(m.message) || /[\n\r]/.test(ids.hostname)) throw new Error("journal fields are single lines here");
      const fields = [
        `__REALTIME_TIMESTAMP=${Math.round(m.atMs * 1000)}`,
        `__MONOTONIC_TIMESTAMP=${Math.max(0, Math.round(m.uptimeSeconds * 1e6))}`,
        `_BOOT_ID=${ids.bootId}`,
        `_MACHINE_ID=${ids.machineId}`,
        `_HOSTNAME=${ids.hostname}`,
        "_TRANSPORT=kernel",
        "SYSLOG_FACILITY=0",
        "SYSLOG_IDENTIFIER=kernel",
        `PRIORITY=${/table full|dropping packet/.test(m.message) ? 4 : 6}`,
        `MESSAGE=${m.message}`,
      ];
      return `${fields.join("\n")}\n\n`;
    })
    .join("");
}

export function journalDir(root: string, machineId: string): string {
  return path.join(root, "var/log/journal", machineId);
}

/** The host's ids when it keeps a journal, else null. */
export function journalIds(root: string): { machineId: string; bootId: string } | null {
  try {
    const machineId = fs.readFileSync(path.join(root, MACHINE_ID_FILE), "utf8").trim();
    const bootId = fs.readFileSync(path.join(root, BOOT_ID_FILE), "utf8").trim().replace(/-/g, "");
    if (!ID_RE.test(machineId) || !ID_RE.test(bootId)) return null;
    return fs.existsSync(journalDir(root, machineId)) ? { machineId, bootId } : null;
  } catch {
    return null;
  }
}

/** Sets up an empty journal: machine id, boot id and the journal directory. */
export function initJournal(root: string, name: string): void {
  const machineId = machineIdOf(name);
  fs.writeFileSync(path.join(root, MACHINE_ID_FILE), `${machineId}\n`, { mode: 0o444 });
  writeBootId(root, newBootId());
  fs.mkdirSync(journalDir(root, machineId), { recursive: true, mode: 0o2755 });
}

export function writeBootId(root: string, id: string): void {
  const file = path.join(root, BOOT_ID_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, formatBootIdFile(id));
}

/** One writer per journal file at a time (journal files have a single writer). */
const writers = new Map<string, Promise<void>>();

/** Appends kernel messages to the host's journal; a no-op for hosts without one. */
export async function appendJournal(root: string, hostname: string, messages: readonly KernelMessage[]): Promise<boolean> {
  const ids = journalIds(root);
  if (ids === null) return false;
  if (messages.length === 0) return true;
  const file = path.join(journalDir(root, ids.machineId), "system.journal");
  const input = journalExport({ hostname, ...ids }, messages);
  const previous = writers.get(file) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => runJournalRemote(file, input));
  writers.set(file, next);
  try {
    await next;
  } finally {
    if (writers.get(file) === next) writers.delete(file);
  }
  return true;
}

function runJournalRemote(file: string, input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(JOURNAL_REMOTE, [`--output=${file}`, "--split-mode=none", "-"], { stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", (err) =>
      reject(new Error(`${JOURNAL_REMOTE}: ${err.message} (Debian package systemd-journal-remote; .ci/bootstrap installs it)`)),
    );
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`systemd-journal-remote exited ${code} writing ${file}: ${stderr.trim().slice(0, 400)}`));
    });
    child.stdin.end(input);
  });
}
