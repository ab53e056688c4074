/**
 * Matching names against hashed known_hosts lines (`|1|salt|HMAC-SHA1(salt, name)`, what
 * `HashKnownHosts yes` writes — Debian's and Ubuntu's default) at fleet scale.
 *
 * A hashed line has its own salt, so nothing can be indexed: every lookup computes one HMAC per hashed
 * line it has not resolved yet, and a fleet's cold start is (hosts × hashed lines) of them — a million
 * for 1000 hosts, 25 million for 5000. Node's createHmac costs ~2 µs a call (object set-up, the key's
 * two pad blocks hashed again every time). Here each line's two pad blocks are hashed once (an HMAC key
 * of ≤ 64 bytes is exactly one SHA-1 block), each name is padded once, and a match is two SHA-1
 * compressions with no allocation: ~0.5 µs. The digest is public (it is in the file), so the
 * comparison need not be constant-time.
 */

const IV = Int32Array.from([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
const W = new Int32Array(80);

/** One SHA-1 compression of `words[offset .. offset+16)` into `state` (written to `out`; may be the same array). */
function compress(state: Int32Array, words: Int32Array, offset: number, out: Int32Array): void {
  for (let t = 0; t < 16; t++) W[t] = words[offset + t]!;
  for (let t = 16; t < 80; t++) {
    const x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!;
    W[t] = (x << 1) | (x >>> 31);
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  for (let t = 0; t < 80; t++) {
    let f: number;
    let k: number;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc | 0;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6 | 0;
    }
    const tmp = (((a << 5) | (a >>> 27)) + f + e + k + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = tmp;
  }
  out[0] = (state[0]! + a) | 0;
  out[1] = (state[1]! + b) | 0;
  out[2] = (state[2]! + c) | 0;
  out[3] = (state[3]! + d) | 0;
  out[4] = (state[4]! + e) | 0;
}

/** Big-endian 32-bit words of `bytes` as the SHA-1 message after `prefixBytes` already hashed, padded. */
function paddedWords(bytes: Uint8Array, prefixBytes: number): Int32Array {
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const words = new Int32Array(blocks * 16);
  for (let i = 0; i < bytes.length; i++) words[i >> 2]! |= bytes[i]! << (24 - 8 * (i & 3));
  words[bytes.length >> 2]! |= 0x80 << (24 - 8 * (bytes.length & 3));
  const bits = (prefixBytes + bytes.length) * 8;
  words[words.length - 1] = bits | 0;
  words[words.length - 2] = Math.floor(bits / 2 ** 32);
  return words;
}

function wordsOf(digest: Uint8Array): Int32Array {
  const out = new Int32Array(5);
  for (let i = 0; i < 5; i++) out[i] = (digest[4 * i]! << 24) | (digest[4 * i + 1]! << 16) | (digest[4 * i + 2]! << 8) | digest[4 * i + 3]!;
  return out;
}

/** A hashed line's salt and digest, its HMAC key's pad blocks already hashed. */
export interface HashedName {
  readonly inner: Int32Array;
  readonly outer: Int32Array;
  readonly digest: Int32Array;
}

/** A looked-up name, padded once for every hashed line it is tried against. */
export interface PreparedName {
  readonly words: Int32Array;
}

export function prepareHashedName(salt: Uint8Array, digest: Uint8Array): HashedName {
  if (salt.length > 64) throw new RangeError("HMAC-SHA1 keys longer than one block are hashed first; known_hosts salts are 20 bytes");
  if (digest.length !== 20) throw new RangeError("an HMAC-SHA1 digest is 20 bytes");
  const pad = (byte: number) => {
    const block = new Uint8Array(64).fill(byte);
    for (let i = 0; i < salt.length; i++) block[i] = salt[i]! ^ byte;
    const words = new Int32Array(16);
    for (let i = 0; i < 64; i++) words[i >> 2]! |= block[i]! << (24 - 8 * (i & 3));
    const state = new Int32Array(5);
    compress(IV, words, 0, state);
    return state;
  };
  return { inner: pad(0x36), outer: pad(0x5c), digest: wordsOf(digest) };
}

export function prepareName(name: string): PreparedName {
  return { words: paddedWords(Buffer.from(name, "utf8"), 64) };
}

const state = new Int32Array(5);
const outerBlock = new Int32Array(16);
outerBlock[5] = 0x80000000 | 0;
outerBlock[15] = (64 + 20) * 8;

/** HMAC-SHA1(line's salt, name) === line's digest. */
export function hashedNameMatches(line: HashedName, name: PreparedName): boolean {
  state.set(line.inner);
  for (let off = 0; off < name.words.length; off += 16) compress(state, name.words, off, state);
  outerBlock.set(state);
  compress(line.outer, outerBlock, 0, state);
  const d = line.digest;
  return state[0] === d[0] && state[1] === d[1] && state[2] === d[2] && state[3] === d[3] && state[4] === d[4];
}
