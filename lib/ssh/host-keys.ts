import "server-only";
import fs from "node:fs";
import path from "node:path";
import {
  fingerprintSha256,
  formatKnownHostsLine,
  indexKnownHosts,
  matchingEntriesIndexed,
  type KnownHostsIndex,
  keyTypeOfBlob,
  parseKnownHosts,
  preferredHostKeyAlgorithms,
  removeHostCommands,
  verifyHostKey,
  type ExpectedHostKey,
  type KnownHostsFile,
} from "./known-hosts";

/**
 * What an operator needs to judge a refused key: the offered key's fingerprint, the known_hosts
 * lines it was checked against (a changed key), and the commands that remove those lines.
 */
export interface HostKeyMismatch {
  fingerprint: string;
  expected: ExpectedHostKey[];
  removeCommands: string[];
}

export type HostKeyVerdict =
  | { ok: true; learned: boolean }
  | ({ ok: false; reason: "unknown" | "changed" | "revoked"; message: string } & HostKeyMismatch);

/**
 * The fleet's view of known_hosts. Files are re-read when their mtime changes, so an operator who
 * fixes a stale entry does not have to restart the dashboard. With `accept-new`, keys of hosts that
 * have no entry at all are appended to `learnedFile` (our own file: the operator's known_hosts is
 * never written); a changed or revoked key is refused under every policy.
 */
export class HostKeyStore {
  private cache = new Map<string, { mtimeMs: number; size: number; parsed: KnownHostsFile }>();
  /** An index over the loaded files and the lines matching each host, until a file changes. */
  private index: { files: KnownHostsFile[]; index: KnownHostsIndex; perHost: Map<string, KnownHostsFile[]> } | null = null;

  constructor(
    private readonly files: string[],
    private readonly policy: "strict" | "accept-new",
    private readonly learnedFile: string | null,
  ) {}

  private load(): KnownHostsFile[] {
    const all = this.learnedFile ? [...this.files, this.learnedFile] : this.files;
    const out: KnownHostsFile[] = [];
    for (const file of all) {
      let st: fs.Stats;
      try {
        st = fs.statSync(file);
      } catch {
        this.cache.delete(file);
        continue;
      }
      const hit = this.cache.get(file);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) {
        out.push(hit.parsed);
        continue;
      }
      const parsed = parseKnownHosts(fs.readFileSync(file, "utf8"), file);
      this.cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, parsed });
      out.push(parsed);
    }
    return out;
  }

  /**
   * Only the lines that match this host, as files: a 1000-host known_hosts is scanned (one HMAC per
   * hashed line) once per host, not on every lookup, and literal lines are found by name.
   */
  private linesFor(host: string, port: number): KnownHostsFile[] {
    const files = this.load();
    if (!this.index || this.index.files.length !== files.length || this.index.files.some((f, i) => f !== files[i])) {
      this.index = { files, index: indexKnownHosts(files), perHost: new Map() };
    }
    const key = `${host} ${port}`;
    const hit = this.index.perHost.get(key);
    if (hit) return hit;
    const bySource = new Map<string, KnownHostsFile>(files.map((f) => [f.source, { ...f, entries: [] }]));
    for (const e of matchingEntriesIndexed(this.index.index, host, port)) bySource.get(e.source)?.entries.push(e);
    const result = [...bySource.values()];
    this.index.perHost.set(key, result);
    return result;
  }

  preferredAlgorithms(host: string, port: number): string[] {
    return preferredHostKeyAlgorithms(this.linesFor(host, port), host, port);
  }

  check(host: string, port: number, blob: Buffer): HostKeyVerdict {
    const files = this.linesFor(host, port);
    const verdict = verifyHostKey(files, host, port, blob);
    const fingerprint = fingerprintSha256(blob);
    const type = keyTypeOfBlob(blob) ?? "unknown-type";
    const none = { fingerprint, expected: [], removeCommands: [] };
    switch (verdict.result) {
      case "match":
        return { ok: true, learned: false };
      case "revoked":
        return { ok: false, reason: "revoked", ...none, message: `host key ${type} ${fingerprint} is marked @revoked` };
      case "changed": {
        const expected = verdict.expected;
        const where = expected.map((e) => `${e.type} ${e.fingerprint} (line ${e.line} of ${e.source})`).join(", ");
        return {
          ok: false,
          reason: "changed",
          fingerprint,
          expected,
          removeCommands: removeHostCommands(host, port, expected.map((e) => e.source)),
          message: `HOST KEY CHANGED: offered ${type} ${fingerprint}; known_hosts expects ${where}`,
        };
      }
      case "unknown":
        if (this.policy === "accept-new" && this.learnedFile && type !== "unknown-type") {
          try {
            const line = formatKnownHostsLine(host, port, type, blob);
            fs.mkdirSync(path.dirname(this.learnedFile), { recursive: true });
            fs.appendFileSync(this.learnedFile, line + "\n", { mode: 0o600 });
            return { ok: true, learned: true };
          } catch (err) {
            return { ok: false, reason: "unknown", ...none, message: `unknown host key ${type} ${fingerprint}; could not record it: ${(err as Error).message}` };
          }
        }
        return { ok: false, reason: "unknown", ...none, message: `unknown host key ${type} ${fingerprint} (not in known_hosts)` };
    }
  }
}
