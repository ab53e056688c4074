import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { utils } from "ssh2";
import { signingKey } from "./signing-key";

const dir = mkdtempSync(path.join(os.tmpdir(), "signing-key-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A key as ssh-keygen writes it (OpenSSH format; `-m PEM` for the older PEM format). */
function keygen(name: string, args: string[], passphrase = ""): Buffer {
  const file = path.join(dir, name);
  execFileSync("/usr/bin/ssh-keygen", ["-q", "-N", passphrase, "-C", name, "-f", file, ...args]);
  return readFileSync(file);
}

describe.skipIf(!existsSync("/usr/bin/ssh-keygen"))("signing keys parsed once", () => {
  const data = Buffer.from("session identifier and userauth request, as ssh2 signs them");

  it.each([
    ["ed25519", ["-t", "ed25519"], [undefined]],
    ["rsa (OpenSSH format)", ["-t", "rsa", "-b", "2048"], ["sha1", "sha256", "sha512"]],
    ["rsa (PEM, as CentOS 6 ssh-keygen writes)", ["-t", "rsa", "-b", "2048", "-m", "PEM"], ["sha1", "sha256"]],
  ] as const)("%s: the very signature ssh2 makes", (name, args, algos) => {
    const raw = keygen(name.replace(/\W+/g, "_"), [...args]);
    const ours = signingKey(raw, null);
    const theirs = utils.parseKey(raw);
    if (ours instanceof Error || theirs instanceof Error || Array.isArray(theirs)) throw new Error("unparsable test key");
    for (const algo of algos) expect(ours.sign(data, algo).equals(theirs.sign(data, algo))).toBe(true);
    expect(ours.getPublicSSH().equals(theirs.getPublicSSH())).toBe(true);
    expect(ours.type).toBe(theirs.type);
  });

  it.each([256, 384, 521])("ecdsa %i: signatures ssh2 verifies (ECDSA is randomised)", (bits) => {
    const raw = keygen(`ecdsa${bits}`, ["-t", "ecdsa", "-b", String(bits)]);
    const ours = signingKey(raw, null);
    const theirs = utils.parseKey(raw);
    if (ours instanceof Error || theirs instanceof Error || Array.isArray(theirs)) throw new Error("unparsable test key");
    const sig = ours.sign(data);
    expect(theirs.verify(data, sig)).toBe(true);
    expect(theirs.verify(Buffer.from("something else"), sig)).toBe(false);
  });

  it("parses once per content and passphrase; a wrong passphrase is an error, not a key", () => {
    const raw = keygen("encrypted", ["-t", "ed25519"], "correct horse");
    const a = signingKey(raw, "correct horse");
    const b = signingKey(Buffer.from(raw), "correct horse");
    expect(a).not.toBeInstanceOf(Error);
    expect(b).toBe(a);
    expect(signingKey(raw, "wrong")).toBeInstanceOf(Error);
    expect(signingKey(raw, null)).toBeInstanceOf(Error);
  });
});
