import { describe, expect, it } from "vitest";
import { END_MARKER } from "@/lib/conntrack/collect-command";
import { detectCommand } from "@/lib/conntrack/log-command";
import { EMPTY_LOG_STATE, noSourceReason, readKernelLog, type LogReadContext } from "./log-reader";

/**
 * The reader's choice of source when the host has none it can read. The host is played by canned
 * output of the detection command in the shape the real one prints (the real commands are run
 * against simulated hosts in fleet-poller.test.ts); here only what the reader makes of it matters.
 */
function host(sources: string[], kernLog = "", sudo = false) {
  const commands: string[] = [];
  const out = (text: string) => ({ stdout: text, stdoutBytes: Buffer.from(text), stderr: "", exitCode: 0 });
  const ctx: LogReadContext = {
    now: Date.parse("2026-11-25T20:00:00Z"),
    bootTimeMs: null,
    sudo,
    lookbackMs: 30 * 86_400_000,
    exec: async (command) => {
      commands.push(command);
      if (command.includes("@sources")) {
        const files = sources.some((x) => x.startsWith("kern.log")) ? `/var/log/kern.log 4242 ${Buffer.byteLength(kernLog)} 1795600000\n` : "";
        return out(`==> @sources <==\n${sources.join("\n")}\n==> @tz <==\n+0000\n==> @files <==\n${files}${END_MARKER}\n`);
      }
      return out(`==> @data <==\n${kernLog}${END_MARKER}\n`);
    },
  };
  return { ctx, commands };
}

describe("a host with no readable kernel log", () => {
  it("says what to change, and asks again on the next read", async () => {
    const locked = host(["journal-unreadable", "kern.log-unreadable"]);
    const first = await readKernelLog(EMPTY_LOG_STATE, locked.ctx);
    expect(first.state.source).toBe("none");
    expect(first.state.error).toMatch(/systemd-journal or adm group, or set sudo: true/);
    expect(first.state.error).toMatch(/\/var\/log\/kern\.log is not readable/);

    // The operator added the user to adm: the next read finds kern.log and backfills it.
    const line = "Nov 25 19:59:01 web-01 kernel: [ 1000.000000] nf_conntrack: nf_conntrack: table full, dropping packet\n";
    const fixed = host(["kern.log"], line);
    const second = await readKernelLog(first.state, fixed.ctx);
    expect(fixed.commands[0]).toContain("@sources");
    expect(second.state).toMatchObject({ source: "kern.log", error: null, file: { inode: 4242, offset: Buffer.byteLength(line) } });
    expect(second.events.map((e) => e.kind)).toEqual(["table_full"]);
  });

  it("reads a root-only syslog file through sudo -n where the host is configured for sudo", async () => {
    expect(detectCommand(true)).toContain("if sudo -n test -r /var/log/messages 2>/dev/null; then echo messages+sudo;");
    expect(detectCommand(false)).not.toContain("sudo");
    const line = "Nov 25 19:59:01 web-01 kernel: [ 1000.000000] nf_conntrack: nf_conntrack: table full, dropping packet\n";
    const h = host(["kern.log+sudo"], line, true);
    const first = await readKernelLog(EMPTY_LOG_STATE, h.ctx);
    expect(first.state).toMatchObject({ source: "kern.log", fileSudo: true, error: null });
    expect(first.events).toHaveLength(1);
    expect(h.commands[1]).toContain("sudo -n head -c");
    await readKernelLog(first.state, h.ctx);
    expect(h.commands[2]).toContain("sudo -n dd if=/var/log/kern.log ");
  });

  it("names what is missing when nothing exists at all", () => {
    expect(noSourceReason([])).toMatch(/no journal, no \/var\/log\/kern\.log or \/var\/log\/messages, and dmesg is restricted/);
    expect(noSourceReason(["messages-unreadable"])).toMatch(/\/var\/log\/messages is not readable by this user \(root only/);
  });
});
