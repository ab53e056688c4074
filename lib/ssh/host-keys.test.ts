import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostKeyStore } from "./host-keys";

/**
 * A host that was reinstalled: known_hosts still holds its old key (plain in one file, hashed in a
 * second), the host now offers a new one. Keys, fingerprints, hashing and removal are OpenSSH's own.
 */
let dir = "";
const pub = {} as Record<"old" | "oldEc" | "fresh" | "other", { line: string; blob: Buffer; file: string }>;

function keygen(...args: string[]): string {
  return execFileSync("ssh-keygen", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** The fingerprint `ssh-keygen -lf` prints for a public key file. */
const fingerprintOf = (file: string) => keygen("-l", "-E", "sha256", "-f", file).split(" ")[1];

/** `ssh-keygen -F name -f file`: the line numbers it finds (none: exit 1). */
function found(file: string, name: string): number[] {
  try {
    return [...keygen("-F", name, "-f", file).matchAll(/^# Host .* found: line (\d+)/gm)].map((m) => Number(m[1]));
  } catch {
    return [];
  }
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "host-keys-"));
  for (const [name, type] of [["old", "ed25519"], ["oldEc", "ecdsa"], ["fresh", "ed25519"], ["other", "ed25519"]] as const) {
    keygen("-q", "-t", type, "-N", "", "-C", `root@${name}`, "-f", name);
    const text = readFileSync(path.join(dir, `${name}.pub`), "utf8").trim();
    const [t = "", b64 = ""] = text.split(" ");
    pub[name] = { line: `${t} ${b64}`, blob: Buffer.from(b64, "base64"), file: path.join(dir, `${name}.pub`) };
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("HostKeyStore: a changed host key", () => {
  it("names every expected key with its fingerprint, file and line, the offered one, and the commands that clear the stale lines", () => {
    const main = path.join(dir, "known_hosts");
    const second = path.join(dir, "known hosts (team)");
    writeFileSync(main, ["# fleet", `other.example.com ${pub.other.line}`, `[ci-01.example.com]:2322 ${pub.old.line} root@ci-01`, ""].join("\n"));
    writeFileSync(second, `[ci-01.example.com]:2322 ${pub.oldEc.line}\n`);
    keygen("-H", "-f", second); // the team file is hashed, as `HashKnownHosts yes` writes it
    const store = new HostKeyStore([main, second], "strict", null);

    const verdict = store.check("ci-01.example.com", 2322, pub.fresh.blob);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.reason).toBe("changed");
    expect(verdict.fingerprint).toBe(fingerprintOf(pub.fresh.file));
    expect(verdict.expected).toEqual([
      { type: "ssh-ed25519", fingerprint: fingerprintOf(pub.old.file), source: main, line: 3 },
      { type: "ecdsa-sha2-nistp256", fingerprint: fingerprintOf(pub.oldEc.file), source: second, line: 1 },
    ]);
    // The lines are where ssh-keygen finds them.
    expect(found(main, "[ci-01.example.com]:2322")).toEqual([3]);
    expect(found(second, "[ci-01.example.com]:2322")).toEqual([1]);
    expect(verdict.message).toBe(
      `HOST KEY CHANGED: offered ssh-ed25519 ${fingerprintOf(pub.fresh.file)}; known_hosts expects ` +
        `ssh-ed25519 ${fingerprintOf(pub.old.file)} (line 3 of ${main}), ecdsa-sha2-nistp256 ${fingerprintOf(pub.oldEc.file)} (line 1 of ${second})`,
    );
    expect(verdict.removeCommands).toEqual([
      `ssh-keygen -R '[ci-01.example.com]:2322' -f ${main}`,
      `ssh-keygen -R '[ci-01.example.com]:2322' -f '${second}'`,
    ]);
  });

  it("the commands it shows do what they say when an operator runs them: the host is unknown afterwards, other hosts stay", () => {
    const main = path.join(dir, "run", "known_hosts");
    const second = path.join(dir, "run", "known hosts (team)");
    mkdirSync(path.dirname(main), { recursive: true });
    writeFileSync(main, [`other.example.com ${pub.other.line}`, `[ci-01.example.com]:2322 ${pub.old.line}`, ""].join("\n"));
    writeFileSync(second, `[ci-01.example.com]:2322 ${pub.oldEc.line}\n`);
    keygen("-H", "-f", second);
    const store = new HostKeyStore([main, second], "strict", null);
    const verdict = store.check("ci-01.example.com", 2322, pub.fresh.blob);
    if (verdict.ok) throw new Error("expected a refusal");
    // Through a shell, as pasted: the quoting has to hold.
    for (const command of verdict.removeCommands) execFileSync("sh", ["-c", command], { cwd: dir, stdio: "ignore" });
    expect(found(main, "[ci-01.example.com]:2322")).toEqual([]);
    expect(found(second, "[ci-01.example.com]:2322")).toEqual([]);
    expect(found(main, "other.example.com")).toEqual([1]);
    // The files changed on disk: the store reads them again and now sees no entry at all.
    const after = store.check("ci-01.example.com", 2322, pub.fresh.blob);
    expect(after).toMatchObject({ ok: false, reason: "unknown", fingerprint: fingerprintOf(pub.fresh.file), expected: [], removeCommands: [] });
  });

  it("an unknown or revoked key carries only the offered fingerprint", () => {
    const file = path.join(dir, "revoking");
    writeFileSync(file, `@revoked * ${pub.fresh.line}\n`);
    const store = new HostKeyStore([file], "strict", null);
    expect(store.check("web.example.com", 22, pub.fresh.blob)).toMatchObject({
      ok: false,
      reason: "revoked",
      fingerprint: fingerprintOf(pub.fresh.file),
      expected: [],
      removeCommands: [],
    });
    expect(store.check("web.example.com", 22, pub.other.blob)).toMatchObject({ ok: false, reason: "unknown", expected: [] });
  });
});
