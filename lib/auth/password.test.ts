import { describe, expect, it } from "vitest";
import { DUMMY_HASH, hashPassword, isPasswordHash, verifyPassword } from "./password";

describe("password hashes", () => {
  it("round-trips and rejects a wrong password", async () => {
    const h = await hashPassword("correct horse battery");
    expect(isPasswordHash(h)).toBe(true);
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("correct horse battery", h)).toBe(true);
    expect(await verifyPassword("correct horse batterY", h)).toBe(false);
    expect(await verifyPassword("", h)).toBe(false);
  });
  it("salts every hash", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });
  it("refuses short passwords and malformed hashes", async () => {
    await expect(hashPassword("short")).rejects.toThrow(/at least 8/);
    for (const bad of ["", "plain", "scrypt$1$8$1$AA==$AA==", "$2b$10$abcdefghijklmnopqrstuu", "scrypt$32768$8$1$AA==$AA=="]) {
      expect(isPasswordHash(bad)).toBe(false);
    }
    expect(isPasswordHash(DUMMY_HASH)).toBe(true);
    expect(await verifyPassword("anything", DUMMY_HASH)).toBe(false);
    expect(await verifyPassword("anything", "not-a-hash")).toBe(false);
  });
});
