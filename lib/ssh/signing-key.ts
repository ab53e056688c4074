import { createHash, createPrivateKey, sign, type KeyObject } from "node:crypto";
import { utils, type ParsedKey } from "ssh2";

/**
 * The fleet's private keys, parsed once and signing with a cached key object.
 *
 * Handed a key file's bytes, ssh2 parses them again on every connection, and its `sign` turns the
 * key's PEM text into a key object again on every signature: ~0.5 ms of CPU per handshake for an
 * ed25519 key (more for RSA), which a 1000-host cold start pays a thousand times over. Here each key
 * is parsed once per distinct content and passphrase, and signs with one KeyObject: the same
 * signature (ed25519 and RSA PKCS#1 are deterministic; the test compares them byte for byte).
 */

/** Hash each key type signs with when ssh2 does not name one (RFC 4253, 5656, 8709). */
const DEFAULT_HASH: Record<string, string | null> = {
  "ssh-ed25519": null,
  "ecdsa-sha2-nistp256": "sha256",
  "ecdsa-sha2-nistp384": "sha384",
  "ecdsa-sha2-nistp521": "sha512",
  "ssh-rsa": "sha1",
  "ssh-dss": "sha1",
};

const cache = new Map<string, ParsedKey>();

/** The parsed key for these bytes (cached), or the parse error (a key that was valid at start-up no longer is). */
export function signingKey(data: Buffer, passphrase: string | null): ParsedKey | Error {
  const id = createHash("sha256").update(data).update("\0").update(passphrase ?? "").digest("base64");
  const hit = cache.get(id);
  if (hit) return hit;
  const parsed = utils.parseKey(data, passphrase ?? undefined);
  if (parsed instanceof Error) return parsed;
  const key = withCachedSigner(Array.isArray(parsed) ? parsed[0]! : parsed);
  cache.set(id, key);
  return key;
}

/**
 * The parsed key with a `sign` that reuses one KeyObject. ssh2 recognises a parsed key by a symbol
 * property, which the wrapper inherits from the original; anything the wrapper cannot sign for (a
 * key type not listed above) goes to ssh2's own `sign`.
 */
function withCachedSigner(parsed: ParsedKey): ParsedKey {
  const pem = parsed.getPrivatePEM();
  if (!(parsed.type in DEFAULT_HASH) || !pem) return parsed;
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey(pem);
  } catch {
    return parsed;
  }
  const wrapped: ParsedKey = Object.create(parsed);
  wrapped.sign = (data: Buffer, algo?: string) => {
    const hash = typeof algo === "string" && algo ? algo : DEFAULT_HASH[parsed.type]!;
    try {
      return sign(hash, data, keyObject);
    } catch (err) {
      // ssh2 checks for an Error in place of the signature (its types say Buffer only).
      return err as Buffer;
    }
  };
  return wrapped;
}
