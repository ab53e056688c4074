import "server-only";
import fs from "node:fs";
import { utils } from "ssh2";

/**
 * Reads and checks a private key at start-up, so a wrong path or passphrase is a config error
 * naming the field, not a stream of auth failures later. Returns the raw file for ssh2.
 */
export function loadPrivateKey(file: string, passphrase: string | null): Buffer {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? `key file not found: ${file}` : `cannot read key file ${file}: ${code ?? "error"}`);
  }
  const parsed = utils.parseKey(data, passphrase ?? undefined);
  if (parsed instanceof Error) {
    const msg = parsed.message;
    if (/encrypted|passphrase/i.test(msg)) {
      throw new Error(
        passphrase === null
          ? `key ${file} is encrypted: name the variable holding its passphrase in passphraseEnv`
          : `cannot decrypt key ${file}: wrong passphrase`,
      );
    }
    throw new Error(`not a usable private key: ${file} (${msg})`);
  }
  return data;
}
