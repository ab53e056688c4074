import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashedNameMatches, prepareHashedName, prepareName } from "./hashed-host-matcher";

// Lines ssh-keygen -H really wrote are matched in known-hosts.test.ts (through the index).
describe("hashed known_hosts matching", () => {
  // Every padding boundary of SHA-1 (a name ending just before, at and after 55/56/64 bytes of a block).
  const lengths = [0, 1, 19, 54, 55, 56, 57, 63, 64, 65, 118, 119, 120, 128, 200];

  it.each(lengths)("agrees with HMAC-SHA1 for a %i-byte name", (length) => {
    for (let i = 0; i < 20; i++) {
      const salt = randomBytes(20);
      const name = randomBytes(length).toString("latin1").replace(/[^\x21-\x7e]/g, "x");
      const digest = createHmac("sha1", salt).update(name).digest();
      expect(hashedNameMatches(prepareHashedName(salt, digest), prepareName(name))).toBe(true);
      // One bit off in the digest, another salt, another name: no match.
      const flipped = Buffer.from(digest);
      flipped[i % 20]! ^= 1;
      expect(hashedNameMatches(prepareHashedName(salt, flipped), prepareName(name))).toBe(false);
      expect(hashedNameMatches(prepareHashedName(randomBytes(20), digest), prepareName(name))).toBe(false);
      expect(hashedNameMatches(prepareHashedName(salt, digest), prepareName(`${name}.`))).toBe(false);
    }
  });

  it("handles names with multibyte characters as their UTF-8 bytes", () => {
    const salt = randomBytes(20);
    const name = "höst-ünïcode.example";
    const digest = createHmac("sha1", salt).update(Buffer.from(name, "utf8")).digest();
    expect(hashedNameMatches(prepareHashedName(salt, digest), prepareName(name))).toBe(true);
  });
});
