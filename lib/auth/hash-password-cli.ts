/**
 * `npm run hash-password` — prints an scrypt hash for `auth.users[].passwordHash`.
 * Reads the password from standard input (without echo on a terminal), never from argv, so it
 * does not land in shell history or `ps`.
 */
import { hashPassword } from "./password";

async function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let value = "";
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString("utf8")) {
        if (ch === "\r" || ch === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.removeListener("data", onData);
          process.stderr.write("\n");
          return resolve(value);
        }
        if (ch === "\u0003") process.exit(130);
        if (ch === "\u007f") value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function main() {
  const pw = await readSecret("password: ");
  if (process.stdin.isTTY) {
    const again = await readSecret("again: ");
    if (again !== pw) throw new Error("the passwords differ");
  }
  console.log(await hashPassword(pw));
}

main().catch((err) => {
  console.error(`hash-password: ${(err as Error).message}`);
  process.exit(1);
});
