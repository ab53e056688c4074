import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Password hashes in the server configuration: scrypt (memory-hard), encoded as
 * `scrypt$N$r$p$<salt base64>$<key base64>` so parameters can be raised later without
 * invalidating existing hashes. N = 2^15, r = 8 costs ~32 MiB and ~100 ms per check.
 */
const N = 1 << 15;
const R = 8;
const P = 1;
const KEY_LEN = 32;
const MAXMEM = 128 * N * R * 2;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const opts: ScryptOptions = { N: n, r, p, maxmem: Math.max(MAXMEM, 128 * n * r * 2) };
  return new Promise((resolve, reject) => scryptCb(password, salt, KEY_LEN, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length < 8) throw new Error("a password must have at least 8 characters");
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

const HASH_RE = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

export function isPasswordHash(encoded: string): boolean {
  const m = HASH_RE.exec(encoded);
  if (!m) return false;
  const n = Number(m[1]);
  return n >= 1024 && (n & (n - 1)) === 0 && Number(m[2]) >= 1 && Number(m[3]) >= 1 && Buffer.from(m[5]!, "base64").length === KEY_LEN;
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const m = HASH_RE.exec(encoded);
  if (!m) return false;
  const expected = Buffer.from(m[5]!, "base64");
  const key = await scrypt(password, Buffer.from(m[4]!, "base64"), Number(m[1]), Number(m[2]), Number(m[3]));
  return expected.length === key.length && timingSafeEqual(expected, key);
}

/** A hash to verify against when the user does not exist, so timing does not reveal user names. */
export const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
