import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fingerprintSha256,
  formatKnownHostsLine,
  keyTypeOfBlob,
  lookupHostKeys,
  indexKnownHosts,
  matchingEntries,
  matchingEntriesIndexed,
  parseKnownHosts,
  preferredHostKeyAlgorithms,
  removeHostCommands,
  verifyHostKey,
  type KnownHostsFile,
} from "./known-hosts";

// GitHub's published host keys and fingerprints (docs.github.com, "GitHub's SSH key fingerprints").
const GITHUB_ED25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
const GITHUB_ECDSA =
  "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=";

let dir = "";
type KeyName = "ed" | "ed2" | "ec" | "rsa";
const keys = {} as Record<KeyName, { type: string; b64: string; blob: Buffer; file: string }>;

function keygen(...args: string[]): string {
  return execFileSync("ssh-keygen", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** `ssh-keygen -F` line numbers, tagged like its output ("3", "4 REVOKED", "5 CA"). */
function keygenFind(file: string, name: string): string[] {
  let out = "";
  try {
    out = keygen("-F", name, "-f", file);
  } catch {
    return []; // exit 1: not found
  }
  return [...out.matchAll(/^# Host .* found: line (\d+) ?(\S*)/gm)].map((m) => `${m[1]}${m[2] ? ` ${m[2]}` : ""}`);
}

function ourFind(file: KnownHostsFile, host: string, port: number): string[] {
  const tag = { revoked: " REVOKED", "cert-authority": " CA" } as const;
  return matchingEntries(file, host, port).map((e) => `${e.line}${e.marker ? tag[e.marker] : ""}`);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "known-hosts-"));
  const specs = [
    ["ed", "ed25519", []],
    ["ed2", "ed25519", []],
    ["ec", "ecdsa", ["-b", "256"]],
    ["rsa", "rsa", ["-b", "2048"]],
  ] as const;
  for (const [name, t, extra] of specs) {
    keygen("-q", "-t", t, ...extra, "-N", "", "-C", `root@${name}`, "-f", name);
    const [type = "", b64 = ""] = readFileSync(path.join(dir, `${name}.pub`), "utf8").split(" ");
    keys[name] = { type, b64, blob: Buffer.from(b64, "base64"), file: path.join(dir, `${name}.pub`) };
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(): string {
  const { ed, ed2, ec, rsa } = keys;
  return [
    "# fleet known_hosts, maintained by hand",
    "",
    `web1.example.com,10.0.0.5 ${ed.type} ${ed.b64} root@web1`,
    `[web1.example.com]:2222 ${ec.type} ${ec.b64}`,
    `*.prod.example.com,!db*.prod.example.com ${ed2.type} ${ed2.b64}`,
    `@revoked * ${rsa.type} ${rsa.b64}`,
    `@cert-authority *.example.com ${ed.type} ${ed.b64} ca@example`,
    `[::1]:2222 ${ed.type} ${ed.b64}`,
    `   legacy-?.example.com ${rsa.type} ${rsa.b64}   `,
    `broken.example.com ${ed.type}`,
    `bad64.example.com ${ed.type} not*base64!`,
    `mismatch.example.com ssh-rsa ${ed.b64}`,
    `@trusted host.example.com ${ed.type} ${ed.b64}`,
    "old.example.com 1024 35 1234567890",
    `|1|c2FsdA==|aGFzaA== ${ed.type} ${ed.b64}`,
  ].join("\r\n");
}

describe("parseKnownHosts", () => {
  it("reads entries, markers and comments and reports malformed lines with CRLF endings", () => {
    const file = parseKnownHosts(fixture(), "/home/ops/.ssh/known_hosts");
    expect(file.source).toBe("/home/ops/.ssh/known_hosts");
    expect(file.entries.map((e) => [e.line, e.marker, e.type])).toEqual([
      [3, null, "ssh-ed25519"],
      [4, null, "ecdsa-sha2-nistp256"],
      [5, null, "ssh-ed25519"],
      [6, "revoked", "ssh-rsa"],
      [7, "cert-authority", "ssh-ed25519"],
      [8, null, "ssh-ed25519"],
      [9, null, "ssh-rsa"],
    ]);
    expect(file.entries[0]?.hosts).toEqual({ kind: "patterns", patterns: ["web1.example.com", "10.0.0.5"] });
    expect(file.entries[0]?.comment).toBe("root@web1");
    expect(file.entries[4]?.comment).toBe("ca@example");
    expect(file.skipped.map((s) => s.line)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(file.skipped.find((s) => s.line === 12)?.reason).toMatch(/does not match/);
    expect(file.skipped.find((s) => s.line === 13)?.reason).toMatch(/unknown marker @trusted/);
    expect(file.skipped.find((s) => s.line === 14)?.reason).toMatch(/SSH-1/);
    expect(file.skipped.find((s) => s.line === 15)?.reason).toMatch(/20 bytes/);
  });

  it("never throws on binary junk", () => {
    expect(() => parseKnownHosts("\u0000\u0001|1|||\n@\n,,, a b\n", "junk")).not.toThrow();
  });
});

describe("matching agrees with ssh-keygen -F", () => {
  // Expected lines as `ssh-keygen -F` tags them; both implementations must agree with this table.
  const cases: [string, number, string[]][] = [
    ["web1.example.com", 22, ["3", "6 REVOKED", "7 CA"]],
    ["WEB1.example.com", 22, ["3", "6 REVOKED", "7 CA"]],
    ["10.0.0.5", 22, ["3", "6 REVOKED"]],
    ["web1.example.com", 2222, ["4", "6 REVOKED"]],
    ["app.prod.example.com", 22, ["5", "6 REVOKED", "7 CA"]],
    ["db1.prod.example.com", 22, ["6 REVOKED", "7 CA"]],
    ["app.prod.example.com", 2222, ["6 REVOKED"]],
    ["::1", 2222, ["6 REVOKED", "8"]],
    ["::1", 22, ["6 REVOKED"]],
    ["legacy-7.example.com", 22, ["6 REVOKED", "7 CA", "9"]],
    ["legacy-77.example.com", 22, ["6 REVOKED", "7 CA"]],
    ["nowhere.test", 22, ["6 REVOKED"]],
  ];
  const lookupName = (host: string, port: number) => (port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`);

  it.each(cases)("%s port %i", (host, port, expected) => {
    const text = fixture();
    const file = path.join(dir, "plain_known_hosts");
    // ssh-keygen gets LF endings; we parse the CRLF original.
    writeFileSync(file, text.replaceAll("\r\n", "\n"));
    expect(keygenFind(file, lookupName(host, port))).toEqual(expected);
    expect(ourFind(parseKnownHosts(text, file), host, port)).toEqual(expected);
    // The index the fleet's host-key store uses gives the same lines in the same order.
    const indexed = matchingEntriesIndexed(indexKnownHosts([parseKnownHosts(text, file)]), host, port);
    expect(indexed.map((e) => `${e.line}${e.marker ? { revoked: " REVOKED", "cert-authority": " CA" }[e.marker] : ""}`)).toEqual(expected);
  });

  it("reads the hashed file ssh-keygen -H writes, including [host]:port and IPv6", () => {
    const file = path.join(dir, "hashed_known_hosts");
    writeFileSync(file, fixture().split("\r\n").slice(0, 9).join("\n") + "\n");
    keygen("-H", "-f", file);
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^\|1\|/m);
    const parsed = parseKnownHosts(text, file);
    for (const [host, port] of cases) {
      expect(ourFind(parsed, host, port), `${host}:${port}`).toEqual(keygenFind(file, lookupName(host, port)));
    }
    // One index for every lookup, twice over, as the fleet's host-key store keeps it: a hashed line
    // that matched moves to the name it resolved to, and no answer changes for that.
    const index = indexKnownHosts([parsed]);
    const tag = (e: { line: number; marker: string | null }) => `${e.line}${e.marker ? { revoked: " REVOKED", "cert-authority": " CA" }[e.marker] : ""}`;
    for (const round of [1, 2]) {
      for (const [host, port] of cases) {
        expect(matchingEntriesIndexed(index, host, port).map(tag), `${host}:${port}, round ${round}`).toEqual(keygenFind(file, lookupName(host, port)));
      }
    }
    expect(index.hashed.length).toBeLessThan(parsed.entries.length);
    expect(verifyHostKey(parsed, "::1", 2222, keys.ed.blob)).toEqual({ result: "match" });
    expect(verifyHostKey(parsed, "web1.example.com", 2222, keys.ec.blob)).toEqual({ result: "match" });
  });

  it("hashes exactly as HMAC-SHA1(salt, name) over `host` or `[host]:port`", () => {
    const file = path.join(dir, "one_hashed");
    writeFileSync(file, `[db7.example.com]:2200 ${keys.ec.type} ${keys.ec.b64}\n`);
    keygen("-H", "-f", file);
    const [hostField = ""] = readFileSync(file, "utf8").split(" ");
    const [, , salt = "", hash = ""] = hostField.split("|");
    const ours = createHmac("sha1", Buffer.from(salt, "base64")).update("[db7.example.com]:2200").digest("base64");
    expect(ours).toBe(hash);
  });
});

describe("lookupHostKeys / verifyHostKey", () => {
  const file = () => parseKnownHosts(fixture(), "known_hosts");
  const extra = () => parseKnownHosts(`app.prod.example.com ${keys.ec.type} ${keys.ec.b64}\n`, "known_hosts2");

  it("collects keys across files with their origin, CA lines never count", () => {
    const found = lookupHostKeys([file(), extra()], "app.prod.example.com", 22);
    expect(found.keys.map((k) => [k.source, k.line, k.type])).toEqual([
      ["known_hosts", 5, "ssh-ed25519"],
      ["known_hosts2", 1, "ecdsa-sha2-nistp256"],
    ]);
    expect(found.revoked).toEqual([keys.rsa.blob]);
  });

  // The expected keys' fingerprints as `ssh-keygen -lf` prints them for the key files.
  const printed = (name: KeyName) => keygen("-l", "-E", "sha256", "-f", keys[name].file).split(" ")[1];
  const table: [string, string, number, KeyName, unknown][] = [
    ["exact key", "web1.example.com", 22, "ed", { result: "match" }],
    ["same type, other key", "web1.example.com", 22, "ed2", { result: "changed", expectedTypes: ["ssh-ed25519"], expected: [{ type: "ssh-ed25519", fingerprint: "ed", source: "known_hosts", line: 3 }] }],
    ["known only by another type", "web1.example.com", 2222, "ed", { result: "changed", expectedTypes: ["ecdsa-sha2-nistp256"], expected: [{ type: "ecdsa-sha2-nistp256", fingerprint: "ec", source: "known_hosts", line: 4 }] }],
    ["plain entry does not cover port 2222", "10.0.0.5", 2222, "ed", { result: "unknown" }],
    ["negated pattern excludes the host", "db1.prod.example.com", 22, "ed2", { result: "unknown" }],
    ["CA key offered as a plain key", "new.example.com", 22, "ed", { result: "unknown" }],
    ["revoked wins over a plain entry", "legacy-1.example.com", 22, "rsa", { result: "revoked" }],
    ["unknown host", "nowhere.test", 22, "ec", { result: "unknown" }],
  ];
  it.each(table)("%s", (_label, host, port, key, verdict) => {
    // The table names the expected key file; ssh-keygen says what its fingerprint is.
    const want = verdict as { expected?: { fingerprint: string }[] };
    const resolved = want.expected ? { ...want, expected: want.expected.map((e) => ({ ...e, fingerprint: printed(e.fingerprint as KeyName) })) } : want;
    expect(verifyHostKey(file(), host, port, keys[key].blob)).toEqual(resolved);
  });

  it("rejects a port outside 1..65535", () => {
    expect(() => lookupHostKeys(file(), "web1.example.com", 0)).toThrow(RangeError);
  });
});

describe("preferredHostKeyAlgorithms", () => {
  it.each([
    ["web1.example.com", 22, ["ssh-ed25519"]],
    ["legacy-1.example.com", 22, ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]],
    ["nowhere.test", 22, []],
  ] as const)("%s:%i", (host, port, expected) => {
    expect(preferredHostKeyAlgorithms(parseKnownHosts(fixture(), "k"), host, port)).toEqual(expected);
  });

  it("ranks several known types in OpenSSH's default order", () => {
    const text = [
      `multi.example.com ${keys.rsa.type} ${keys.rsa.b64}`,
      `multi.example.com ${keys.ec.type} ${keys.ec.b64}`,
      `multi.example.com ${keys.ed.type} ${keys.ed.b64}`,
    ].join("\n");
    expect(preferredHostKeyAlgorithms(parseKnownHosts(text, "k"), "multi.example.com", 22)).toEqual([
      "ssh-ed25519",
      "ecdsa-sha2-nistp256",
      "rsa-sha2-512",
      "rsa-sha2-256",
      "ssh-rsa",
    ]);
  });
});

describe("fingerprintSha256 / keyTypeOfBlob", () => {
  it("matches GitHub's published fingerprints", () => {
    expect(fingerprintSha256(Buffer.from(GITHUB_ED25519, "base64"))).toBe("SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU");
    expect(fingerprintSha256(Buffer.from(GITHUB_ECDSA, "base64"))).toBe("SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM");
  });

  it.each(["ed", "ec", "rsa"] as const)("matches ssh-keygen -lf for a %s key", (name) => {
    const printed = keygen("-l", "-E", "sha256", "-f", keys[name].file).split(" ")[1];
    expect(fingerprintSha256(keys[name].blob)).toBe(printed);
  });

  it.each([
    [Buffer.from(GITHUB_ED25519, "base64"), "ssh-ed25519"],
    [Buffer.from(GITHUB_ECDSA, "base64"), "ecdsa-sha2-nistp256"],
    [Buffer.from([0, 0, 0]), null],
    [Buffer.from([0, 0, 0, 40, 0x73, 0x73, 0x68]), null],
    [Buffer.from([0, 0, 0, 3, 0x00, 0x0a, 0x20]), null],
  ] as const)("keyTypeOfBlob %#", (blob, type) => {
    expect(keyTypeOfBlob(blob)).toBe(type);
  });
});

describe("removeHostCommands", () => {
  it.each([
    ["web1.example.com", 22, ["/home/ops/.ssh/known_hosts"], ["ssh-keygen -R web1.example.com -f /home/ops/.ssh/known_hosts"]],
    // Brackets are a shell glob: quoted.
    ["Web1.Example.com", 2222, ["/etc/ssh/ssh_known_hosts"], ["ssh-keygen -R '[web1.example.com]:2222' -f /etc/ssh/ssh_known_hosts"]],
    ["::1", 2222, ["/srv/fleet/known hosts", "/srv/fleet/known hosts"], ["ssh-keygen -R '[::1]:2222' -f '/srv/fleet/known hosts'"]],
    ["h.example.com", 22, ["/tmp/it's"], ["ssh-keygen -R h.example.com -f '/tmp/it'\\''s'"]],
  ] as const)("%s:%i", (host, port, files, commands) => {
    expect(removeHostCommands(host, port, files)).toEqual(commands);
  });
});

describe("formatKnownHostsLine", () => {
  it.each([
    ["web9.example.com", 22, "web9.example.com ssh-ed25519 "],
    ["Web9.Example.com", 2222, "[web9.example.com]:2222 ssh-ed25519 "],
    ["fe80::1", 22, "fe80::1 ssh-ed25519 "],
    ["::1", 2222, "[::1]:2222 ssh-ed25519 "],
  ] as const)("%s:%i", (host, port, prefix) => {
    const line = formatKnownHostsLine(host, port, "ssh-ed25519", keys.ed.blob);
    expect(line).toBe(`${prefix}${keys.ed.b64}`);
    const file = path.join(dir, "accept_new");
    writeFileSync(file, `${line}\n`);
    expect(verifyHostKey(parseKnownHosts(`${line}\n`, file), host, port, keys.ed.blob)).toEqual({ result: "match" });
    expect(keygenFind(file, port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`)).toEqual(["1"]);
  });

  it.each(["*.example.com", "a,b", "host name", "!evil", "", "x\nbad ssh-ed25519 AAAA"])("refuses %j", (host) => {
    expect(() => formatKnownHostsLine(host, 22, "ssh-ed25519", keys.ed.blob)).toThrow(TypeError);
  });

  it("refuses a blob of another type", () => {
    expect(() => formatKnownHostsLine("h.example.com", 22, "ssh-rsa", keys.ed.blob)).toThrow(TypeError);
  });
});
