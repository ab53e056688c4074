/**
 * OpenSSH known_hosts, read the way `ssh` reads it (hostfile.c, match.c, sshd(8) "SSH_KNOWN_HOSTS FILE
 * FORMAT"). Pure: no file system, no ssh2. The caller reads the files and hands in their text.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { hashedNameMatches, prepareHashedName, prepareName, type HashedName } from "./hashed-host-matcher";

export type KnownHostsMarker = "cert-authority" | "revoked" | null;

export type HostField =
  | { kind: "patterns"; patterns: string[] }
  | { kind: "hashed"; salt: Buffer; hash: Buffer };

export interface KnownHostsEntry {
  line: number;
  marker: KnownHostsMarker;
  hosts: HostField;
  type: string;
  blob: Buffer;
  comment: string;
}

export interface SkippedLine {
  line: number;
  reason: string;
}

export interface KnownHostsFile {
  source: string;
  entries: KnownHostsEntry[];
  skipped: SkippedLine[];
}

export interface KnownHostKey {
  type: string;
  blob: Buffer;
  line: number;
  source: string;
}

export interface HostKeyLookup {
  keys: KnownHostKey[];
  revoked: Buffer[];
}

/** A known_hosts line the offered key was checked against: where it is and what key it holds. */
export interface ExpectedHostKey {
  type: string;
  /** As `ssh-keygen -lf` prints it. */
  fingerprint: string;
  source: string;
  line: number;
}

export type HostKeyVerdict =
  | { result: "match" }
  | { result: "unknown" }
  | { result: "changed"; expectedTypes: string[]; expected: ExpectedHostKey[] }
  | { result: "revoked" };

export type MatchedEntry = KnownHostsEntry & { source: string };

type Files = KnownHostsFile | readonly KnownHostsFile[];

/** HMAC-SHA1 output and salt length; hostfile.c rejects any other salt size. */
const SHA1_BYTES = 20;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const LINE = /^(\S+)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/;

/** OpenSSH's default HostKeyAlgorithms order (ssh_config(5)), used to rank what a host is known by. */
const ALGORITHM_ORDER = [
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
  "rsa-sha2-512",
  "rsa-sha2-256",
  "ssh-rsa",
  "ssh-dss",
];

export function parseKnownHosts(text: string, source: string): KnownHostsFile {
  const entries: KnownHostsEntry[] = [];
  const skipped: SkippedLine[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const result = parseLine(raw.replace(/\r$/, "").trim(), line);
    if (result === null) return;
    if (typeof result === "string") skipped.push({ line, reason: result });
    else entries.push(result);
  });
  return { source, entries, skipped };
}

/** null for blank/comment lines, a string reason for malformed ones. */
function parseLine(text: string, line: number): KnownHostsEntry | string | null {
  if (text === "" || text.startsWith("#")) return null;
  let marker: KnownHostsMarker = null;
  let rest = text;
  if (text.startsWith("@")) {
    const [word = "", after = ""] = splitFirst(text);
    // ssh skips a line with an unknown marker rather than reading it as an unmarked key.
    if (word === "@cert-authority") marker = "cert-authority";
    else if (word === "@revoked") marker = "revoked";
    else return `unknown marker ${word}`;
    rest = after;
  }
  const m = LINE.exec(rest);
  if (!m) return "expected host patterns, key type and base64 key";
  const [, hostText = "", type = "", keyText = "", comment = ""] = m;
  if (/^\d+$/.test(type)) return "SSH-1 RSA key (bits exponent modulus) is not supported";
  const hosts = parseHostField(hostText);
  if (typeof hosts === "string") return hosts;
  if (!BASE64.test(keyText)) return "key is not valid base64";
  const blob = Buffer.from(keyText, "base64");
  const inner = keyTypeOfBlob(blob);
  if (inner !== type) return `key type ${type} does not match the key's own type ${inner ?? "(unreadable)"}`;
  return { line, marker, hosts, type, blob, comment: comment.trim() };
}

function splitFirst(text: string): [string, string] {
  const m = /^(\S+)\s*(.*)$/.exec(text);
  return [m?.[1] ?? "", m?.[2] ?? ""];
}

function parseHostField(text: string): HostField | string {
  if (text.startsWith("|")) {
    // Only one hashed name per line: `ssh-keygen -H` splits "a,b" into two hashed lines.
    const m = /^\|1\|([^|]+)\|([^|]+)$/.exec(text);
    if (!m || !BASE64.test(m[1] ?? "") || !BASE64.test(m[2] ?? "")) return "malformed hashed host (|1|salt|hash)";
    const salt = Buffer.from(m[1] ?? "", "base64");
    const hash = Buffer.from(m[2] ?? "", "base64");
    if (salt.length !== SHA1_BYTES || hash.length !== SHA1_BYTES) return "hashed host salt or hash is not 20 bytes";
    return { kind: "hashed", salt, hash };
  }
  const patterns = text.split(",").filter((p) => p !== "" && p !== "!");
  if (patterns.length === 0) return "empty host pattern list";
  return { kind: "patterns", patterns };
}

/** The name ssh looks up: a non-22 port is only ever matched through the `[host]:port` form. */
export function lookupName(host: string, port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`invalid SSH port ${port}`);
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  // ssh lowercases the destination before every known_hosts lookup, hashed ones included.
  const name = bare.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

/** match.c match_pattern: `*` and `?` only; no character classes, no escapes. */
function globMatch(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

/** match_hostname: a matching negated pattern vetoes the whole line, whatever else matched. */
function matchPatternList(name: string, patterns: readonly string[]): boolean {
  let positive = false;
  for (const raw of patterns) {
    const negated = raw.startsWith("!");
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (!globMatch(name, pattern)) continue;
    if (negated) return false;
    positive = true;
  }
  return positive;
}

function entryMatches(entry: KnownHostsEntry, name: string): boolean {
  if (entry.hosts.kind === "patterns") return matchPatternList(name, entry.hosts.patterns);
  const digest = createHmac("sha1", entry.hosts.salt).update(name).digest();
  return timingSafeEqual(digest, entry.hosts.hash);
}

/** Every line (any marker) whose host field matches, in file order; what `ssh-keygen -F` lists. */
export function matchingEntries(files: Files, host: string, port: number): MatchedEntry[] {
  const name = lookupName(host, port);
  const list: readonly KnownHostsFile[] = Array.isArray(files) ? files : [files as KnownHostsFile];
  return list.flatMap((file) =>
    file.entries.filter((e) => entryMatches(e, name)).map((e) => ({ ...e, source: file.source })),
  );
}

/**
 * The same answer as `matchingEntries`, from an index: lines whose host patterns are all literal
 * (no `*`, `?` or `!`) are looked up by name; wildcard lines are tried one by one; hashed lines (each
 * with its own salt: nothing to index) are tried with a prepared HMAC (lib/ssh/hashed-host-matcher.ts),
 * and a hashed line that matched moves to the literal map under that name — it holds exactly one, so
 * no other lookup needs to try it again. Results keep file and line order. The index is a cache that
 * lookups update; build a new one when the files change.
 */
export interface KnownHostsIndex {
  literal: Map<string, IndexedEntry[]>;
  wildcard: IndexedEntry[];
  hashed: (IndexedEntry & { name: HashedName })[];
}

interface IndexedEntry {
  order: number;
  entry: MatchedEntry;
}

export function indexKnownHosts(files: readonly KnownHostsFile[]): KnownHostsIndex {
  const index: KnownHostsIndex = { literal: new Map(), wildcard: [], hashed: [] };
  let order = 0;
  for (const file of files) {
    for (const e of file.entries) {
      const item = { order: order++, entry: { ...e, source: file.source } };
      if (e.hosts.kind === "hashed") {
        index.hashed.push({ ...item, name: prepareHashedName(e.hosts.salt, e.hosts.hash) });
      } else if (e.hosts.patterns.every((p) => !/[*?!]/.test(p))) {
        for (const name of new Set(e.hosts.patterns.map((p) => p.toLowerCase()))) addLiteral(index, name, item);
      } else index.wildcard.push(item);
    }
  }
  return index;
}

function addLiteral(index: KnownHostsIndex, name: string, item: IndexedEntry): void {
  const list = index.literal.get(name);
  if (list) list.push(item);
  else index.literal.set(name, [item]);
}

export function matchingEntriesIndexed(index: KnownHostsIndex, host: string, port: number): MatchedEntry[] {
  const name = lookupName(host, port);
  if (index.hashed.length > 0) {
    const prepared = prepareName(name);
    const unresolved: KnownHostsIndex["hashed"] = [];
    for (const h of index.hashed) {
      if (hashedNameMatches(h.name, prepared)) addLiteral(index, name, { order: h.order, entry: h.entry });
      else unresolved.push(h);
    }
    index.hashed = unresolved;
  }
  const found = [...(index.literal.get(name) ?? []), ...index.wildcard.filter((i) => entryMatches(i.entry, name))];
  return found.sort((a, b) => a.order - b.order).map((i) => i.entry);
}

export function lookupHostKeys(files: Files, host: string, port: number): HostKeyLookup {
  const keys: KnownHostKey[] = [];
  const revoked: Buffer[] = [];
  for (const e of matchingEntries(files, host, port)) {
    if (e.marker === "revoked") revoked.push(e.blob);
    // A CA key only vouches for certificates, which we cannot check: it must never pass as a host key.
    else if (e.marker === null) keys.push({ type: e.type, blob: e.blob, line: e.line, source: e.source });
  }
  return { keys, revoked };
}

export function verifyHostKey(files: Files, host: string, port: number, offeredBlob: Buffer): HostKeyVerdict {
  const { keys, revoked } = lookupHostKeys(files, host, port);
  if (revoked.some((b) => b.equals(offeredBlob))) return { result: "revoked" };
  if (keys.some((k) => k.blob.equals(offeredBlob))) return { result: "match" };
  if (keys.length === 0) return { result: "unknown" };
  return {
    result: "changed",
    expectedTypes: [...new Set(keys.map((k) => k.type))],
    expected: keys.map((k) => ({ type: k.type, fingerprint: fingerprintSha256(k.blob), source: k.source, line: k.line })),
  };
}

/** A word as POSIX sh reads it literally: bare when it is safe, else in single quotes. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The commands an operator runs to drop a host's stale lines, one per file that holds them: what
 * `ssh` itself suggests after "REMOTE HOST IDENTIFICATION HAS CHANGED", with the file named. Shown
 * as text, never run by the dashboard.
 */
export function removeHostCommands(host: string, port: number, sources: readonly string[]): string[] {
  const name = shellWord(lookupName(host, port));
  return [...new Set(sources)].map((file) => `ssh-keygen -R ${name} -f ${shellWord(file)}`);
}

/**
 * Host key algorithms to offer, limited to the types already known for this host, like ssh's
 * order_hostkeyalgs: otherwise the server may answer with a type we have no record of.
 */
export function preferredHostKeyAlgorithms(files: Files, host: string, port: number): string[] {
  const algorithms = new Set<string>();
  for (const { type } of lookupHostKeys(files, host, port).keys) {
    // One ssh-rsa key serves all three RSA signature algorithms.
    if (type === "ssh-rsa") ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"].forEach((a) => algorithms.add(a));
    else algorithms.add(type);
  }
  const rank = (a: string) => {
    const i = ALGORITHM_ORDER.indexOf(a);
    return i === -1 ? ALGORITHM_ORDER.length : i;
  };
  return [...algorithms].sort((a, b) => rank(a) - rank(b));
}

/** Same text as `ssh-keygen -lf`: SHA-256 of the wire blob, base64 without padding. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** The key type string that opens every SSH wire-format public key (uint32 length + bytes). */
export function keyTypeOfBlob(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > blob.length) return null;
  const type = blob.subarray(4, 4 + length).toString("latin1");
  return /^[\x21-\x7e]+$/.test(type) ? type : null;
}

/** One known_hosts line (no newline) for an accept-new append. */
export function formatKnownHostsLine(host: string, port: number, type: string, blob: Buffer): string {
  // The host lands in a file other code parses: refuse anything that could add a pattern or field.
  if (!/^[A-Za-z0-9._:%-]+$/.test(host)) throw new TypeError(`refusing to write host ${JSON.stringify(host)} to known_hosts`);
  if (keyTypeOfBlob(blob) !== type) throw new TypeError(`key blob is not of type ${type}`);
  return `${lookupName(host, port)} ${type} ${blob.toString("base64")}`;
}
