/**
 * The reader script in bash (the only shell it runs in: see READER_COMMAND), for real against this
 * machine's /proc: framing, sequence numbers, unknown requests, and that the answer parses like the
 * exec command's with the same values `head` reads. Host paths are absolute, so what the files hold
 * depends on this machine; what is asserted does not.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCollectOutput } from "./parse-collect";
import { killCommand, parseHello, READER_COMMAND, READER_SCRIPT, requestLine } from "./reader-script";
import { END_MARKER } from "./collect-command";

function runReader(shell: string, input: string, script = READER_SCRIPT): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn(shell, ["-c", script, "conntrack-reader"], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    p.stdout.setEncoding("utf8");
    p.stdout.on("data", (c: string) => (stdout += c));
    p.on("error", reject);
    p.on("close", (code) => resolve({ stdout, code }));
    p.stdin.end(input);
  });
}

const frames = (stdout: string) => stdout.split(`${END_MARKER}\n`).slice(0, -1);
const shells = ["/bin/bash"];

describe.each(shells)("the reader in %s", (shell) => {
  it("greets with its pid, answers each request in its own frame, and stops on q", async () => {
    const input = requestLine("p", 1) + requestLine("p", 2) + "x 3\n" + requestLine("q", 0) + requestLine("p", 4);
    const { stdout, code } = await runReader(shell, input);
    expect(code).toBe(0);
    const f = frames(stdout);
    expect(f).toHaveLength(4); // hello, 1, 2, the refused request; nothing after q
    expect(parseHello(f[0]!)).toMatchObject({ version: 1, pid: expect.any(Number) });
    expect(f[1]!.startsWith("==> @seq 1 <==\n")).toBe(true);
    expect(f[2]!.startsWith("==> @seq 2 <==\n")).toBe(true);
    expect(f[3]).toBe("==> @error <==\n");
    const reading = parseCollectOutput(`${f[1]}${END_MARKER}\n`);
    expect(reading.facts.kernel).toBe(fs.readFileSync("/proc/sys/kernel/osrelease", "utf8").trim());
    expect(reading.facts.memTotalBytes).toBeGreaterThan(0);
    if (fs.existsSync("/proc/sys/net/netfilter/nf_conntrack_max")) {
      // Multi-digit sysctls whole (sh would read "2" of "262144"; see READER_COMMAND).
      expect(reading.kind === "conntrack" && reading.max).toBe(Number(fs.readFileSync("/proc/sys/net/netfilter/nf_conntrack_max", "utf8")));
    } else {
      expect(reading.kind).toBe("no-conntrack");
    }
  });

  it("reads only the first line of /proc/meminfo, and every line of the stat file", async () => {
    const { stdout } = await runReader(shell, requestLine("p", 7));
    const body = frames(stdout)[1]!;
    const meminfo = body.split("==> /proc/meminfo <==\n")[1]!.split("==> ")[0]!;
    expect(meminfo).toMatch(/^MemTotal:\s+\d+ kB\n$/);
    const statPath = "/proc/net/stat/nf_conntrack";
    if (fs.existsSync(statPath)) {
      const expected = fs.readFileSync(statPath, "utf8");
      expect(body).toContain(`==> ${statPath} <==\n${expected}`);
    }
  });

  it("answers the same through the bash 3 branch (read loop, CentOS 5) as through mapfile", async () => {
    const bash3 = READER_SCRIPT.replace('"${BASH_VERSINFO[0]:-0}" -ge 4', '"${BASH_VERSINFO[0]:-0}" -ge 99');
    expect(bash3).not.toBe(READER_SCRIPT);
    const strip = (out: string) => out.replace(/^==> @reader .*\n/, "").replace(/==> \/proc\/uptime <==\n.*\n/g, "");
    const [a, b] = await Promise.all([runReader(shell, requestLine("p", 1)), runReader(shell, requestLine("p", 1), bash3)]);
    expect(strip(b.stdout)).toBe(strip(a.stdout));
    expect(frames(b.stdout)).toHaveLength(2);
  });

  it("ends at EOF on stdin (the channel closed)", async () => {
    const { code, stdout } = await runReader(shell, "");
    expect(code).toBe(0);
    expect(frames(stdout)).toHaveLength(1);
  });
});

describe("reader command and requests", () => {
  it("is a fixed string without single quotes inside the script, starting bash where present, else refusing", () => {
    expect(READER_SCRIPT).not.toContain("'");
    expect(READER_COMMAND).toMatch(/^S='[^']+'; if \[ -x \/bin\/bash \]; then BASH_ENV= ENV= exec \/bin\/bash --norc --noprofile -c "\$S" conntrack-reader; fi; echo "no \/bin\/bash [^"]+" >&2; exit 3$/);
  });

  it("takes only integers for sequence numbers and pids", () => {
    expect(requestLine("p", 42)).toBe("p 42\n");
    expect(() => requestLine("p", -1)).toThrow();
    expect(() => requestLine("p", 1.5)).toThrow();
    expect(killCommand(1234)).toBe("kill -9 1234 2>/dev/null; exit 0");
    expect(() => killCommand(1)).toThrow();
    expect(() => killCommand(Number.NaN)).toThrow();
    expect(parseHello("==> @reader 1 1 <==\n")).toBeNull();
    expect(parseHello("Welcome to rbash\n")).toBeNull();
  });
});
