import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatKnownHosts, hashKnownHostsName, knownHostsName, saltFor } from "./known-hosts-file";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIII4is4pmLvcYeyRnBPYgEz7S7HEMRCstYvs5hxh8+U3";

describe("known_hosts", () => {
  it("brackets non-22 ports", () => {
    expect(knownHostsName("127.0.10.1", 2222)).toBe("[127.0.10.1]:2222");
    expect(knownHostsName("127.0.10.1", 22)).toBe("127.0.10.1");
  });

  it("hashes as |1|salt|HMAC-SHA1(salt, name)", () => {
    const salt = saltFor(1, "[127.0.10.1]:2222");
    const [, magic, s, mac] = hashKnownHostsName("[127.0.10.1]:2222", salt).split("|");
    expect(magic).toBe("1");
    const saltBytes = Buffer.from(s ?? "", "base64");
    expect(saltBytes).toHaveLength(20);
    expect(createHmac("sha1", saltBytes).update("[127.0.10.1]:2222").digest("base64")).toBe(mac);
  });

  it.skipIf(!existsSync("/usr/bin/ssh-keygen"))("OpenSSH finds hashed and plain entries", () => {
    const text = formatKnownHosts(
      [
        { address: "127.0.10.1", port: 2222, key: KEY, hashed: true },
        { address: "127.0.10.2", port: 2222, key: KEY, hashed: false, comment: "web-02.corp.example" },
      ],
      1,
      KEY,
    );
    const file = path.join(mkdtempSync(path.join(tmpdir(), "kh-")), "known_hosts");
    writeFileSync(file, text);
    for (const host of ["[127.0.10.1]:2222", "[127.0.10.2]:2222"]) {
      const out = execFileSync("/usr/bin/ssh-keygen", ["-F", host, "-f", file], { encoding: "utf8" });
      expect(out).toContain(KEY.split(" ")[1]);
    }
    expect(text).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /m);
  });
});
