/**
 * The executor against a scripted host: every failure position, refusal text and lost connection,
 * without needing root. The real-host counterpart is execute.test.ts.
 */
import { describe, expect, it } from "vitest";
import { SshError } from "@/lib/ssh/host-connection";
import { planLimitRaise, type RaisePlan, type RaiseRequest } from "./commands";
import { executeRaise, type Exec } from "./execute";
import type { HostProbe } from "./probe";
import type { ExecOutput } from "./step-outcome";

const probe: HostProbe = {
  dirs: { sysctlD: true, modulesLoadD: true, modprobeD: true, systemd: true }, files: {},
  sysctlSettings: [], modprobeSettings: [], entryBytes: null, cpus: null, live: { module: "nf_conntrack", max: 65536, hashsize: 16384, buckets: 16384 },
};

function plan(patch: Partial<RaiseRequest> = {}): RaisePlan {
  const r = planLimitRaise({
    mode: "permanent", module: "nf_conntrack", before: { max: 65536, hashsize: 16384 }, target: { max: 262144, hashsize: 65536 },
    sudo: true, probe, ...patch,
  });
  if (!r.ok) throw new Error(r.reason);
  return r.plan;
}

const hex = (text: string): string => ` ${[...Buffer.from(text)].map((b) => b.toString(16).padStart(2, "0")).join(" ")}\n`;
const ok = (stdout: string): ExecOutput => ({ stdout, stderr: "", exitCode: 0 });

type Script = Record<string, ExecOutput | Error | ((n: number) => ExecOutput)>;

/** Answers each step by id; unscripted steps behave like a healthy host. `read-current` is also the re-read. */
function host(p: RaisePlan, script: Script = {}): { exec: Exec; ran: string[] } {
  const ran: string[] = [];
  const byCommand = new Map(p.steps.map((s) => [s.command, s]));
  let reads = 0;
  const exec: Exec = async (command) => {
    const step = byCommand.get(command);
    if (!step) throw new Error(`unexpected command ${command}`);
    ran.push(step.id);
    const scripted = script[step.id];
    if (step.id === "read-current") reads++;
    if (scripted instanceof Error) throw scripted;
    if (typeof scripted === "function") return scripted(reads);
    if (scripted) return scripted;
    const v = step.verify;
    if (v?.kind === "current") return ok(`max=${v.max}\nhashsize=${v.hashsize}\n`);
    if (v?.kind === "value") return ok(`${v.expected}\n`);
    if (v?.kind === "file") return ok(`@changed\n@content\n${hex(v.content)}`);
    return ok("");
  };
  return { exec, ran };
}

const FILES = ["/etc/sysctl.d/99-zz-conntrack-fleet.conf", "/etc/modules-load.d/nf_conntrack.conf", "/etc/modprobe.d/99-zz-conntrack-fleet.conf"];

describe("executeRaise", () => {
  it("temporary raise: read, set, read back", async () => {
    const p = plan({ mode: "temporary" });
    const r = await executeRaise(host(p).exec, p);
    expect(r).toMatchObject({
      ok: true, hostLeft: "live value changed (until reboot)", before: { max: 65536, hashsize: 16384 }, after: { max: 262144, hashsize: 65536 },
      summary: "Live limit 65536 → 262144, hash size 16384 → 65536. Temporary: lost at the next reboot.",
    });
    expect(r.steps.map((s) => [s.id, s.ok])).toEqual([["read-current", true], ["set-hashsize", true], ["set-max", true]]);
  });

  it("permanent raise: files reported changed, then unchanged on the second run", async () => {
    const p = plan();
    const first = await executeRaise(host(p).exec, p);
    expect(first).toMatchObject({ ok: true, hostLeft: "live value changed and persisted" });
    expect(first.files).toEqual(FILES.map((path) => ({ path, changed: true, verified: true })));
    const again = plan({ before: { max: 262144, hashsize: 65536 } });
    const unchanged: Script = Object.fromEntries(again.steps.filter((s) => s.verify?.kind === "file").map((s) =>
      [s.id, ok(`@unchanged\n@content\n${hex(s.verify?.kind === "file" ? s.verify.content : "")}`)]));
    const second = await executeRaise(host(again, unchanged).exec, again);
    expect(second).toMatchObject({ ok: true, hostLeft: "unchanged", summary: expect.stringMatching(/^Nothing to change/) });
  });

  const refusals: Array<[string, string, ExecOutput, string]> = [
    ["sudo needs a password", "read-current", { stdout: "", stderr: "sudo: a password is required\n", exitCode: 1 }, "sudo needs a password here (sudo -n refused)"],
    ["not in sudoers", "read-current", { stdout: "", stderr: "ops is not in the sudoers file.  This incident will be reported.\n", exitCode: 1 }, "the login user may not use sudo"],
    ["sudo missing", "read-current", { stdout: "", stderr: "bash: line 1: sudo: command not found\n", exitCode: 127 }, "sudo is not installed on the host"],
    ["permission denied", "set-hashsize", { stdout: "", stderr: "sh: 1: cannot create /sys/module/nf_conntrack/parameters/hashsize: Permission denied\n", exitCode: 2 }, "permission denied (root or sudo is needed)"],
    ["read-only /proc/sys", "set-hashsize", { stdout: "", stderr: "sh: 1: cannot create …: Read-only file system\n", exitCode: 2 }, "read-only file system (a container or non-initial network namespace?)"],
    ["Invalid argument on exit 0", "set-hashsize", { stdout: "16384\n", stderr: "sh: echo: I/O error: Invalid argument\n", exitCode: 0 }, "the kernel rejected the value (invalid argument)"],
    ["stale plan", "read-current", ok("max=131072\nhashsize=16384\n"), "the host changed since the plan was made (limit 131072, hash size 16384; planned from 65536, 16384); review the new plan"],
    ["read-back mismatch", "set-hashsize", ok("16384\n"), "read-back mismatch: wrote 65536, the host reports 16384"],
  ];
  it.each(refusals)("%s: failed step named, host left unchanged, raw stderr kept out of the page", async (_n, id, out, reason) => {
    const p = plan();
    const h = host(p, { [id]: { ...out, stderr: `${out.stderr}SECRET-TOKEN\n` } });
    const r = await executeRaise(h.exec, p);
    expect(r).toMatchObject({ ok: false, hostLeft: "unchanged", failedStep: { id, reason } });
    expect(r.summary).toMatch(/The host was left unchanged\.$/);
    expect(r.files.every((f) => !f.changed)).toBe(true);
    const { raw, ...page } = r;
    expect(JSON.stringify(page)).not.toContain("SECRET-TOKEN");
    expect(raw.some((x) => x.stderr.includes("SECRET-TOKEN"))).toBe(true);
    // A mutating step was tried: the executor re-read the host before saying "unchanged".
    expect(h.ran.filter((s) => s === "read-current")).toHaveLength(id === "read-current" ? 1 : 2);
  });

  it("a file write refused after the live change: live changed, not persisted", async () => {
    const p = plan();
    const h = host(p, {
      [`write:${FILES[0]}`]: { stdout: "", stderr: "mv: cannot move …: Read-only file system\n", exitCode: 4 },
      "read-current": (n) => ok(n === 1 ? "max=65536\nhashsize=16384\n" : "max=262144\nhashsize=65536\n"),
    });
    const r = await executeRaise(h.exec, p);
    expect(r).toMatchObject({
      ok: false, hostLeft: "live value changed, not persisted", after: { max: 262144, hashsize: 65536 },
      failedStep: { id: `write:${FILES[0]}`, reason: "read-only file system (a container or non-initial network namespace?)" },
    });
    expect(r.summary).toMatch(/took effect but is not persisted: it reverts at the next reboot\. No file was changed\.$/);
    expect(h.ran).not.toContain(`write:${FILES[1]}`); // stops at the first failure
  });

  it("a later file fails: partly persisted, naming what changed", async () => {
    const p = plan();
    const r = await executeRaise(host(p, {
      [`write:${FILES[2]}`]: { stdout: "", stderr: "conntrack-fleet: /etc/modprobe.d/x changed since the plan was made\n", exitCode: 3 },
      "read-current": (n) => ok(n === 1 ? "max=65536\nhashsize=16384\n" : "max=262144\nhashsize=65536\n"),
    }).exec, p);
    expect(r).toMatchObject({ ok: false, hostLeft: "live value changed, partly persisted" });
    expect(r.failedStep?.reason).toBe("a file on the host changed since the plan was made; review the new plan");
    expect(r.files.map((f) => f.changed)).toEqual([true, true, false]);
    expect(r.summary).toContain(`Changed: ${FILES[0]}, ${FILES[1]}.`);
  });

  it("a file that reads back differently is a failure, not a success", async () => {
    const p = plan();
    const r = await executeRaise(host(p, { [`write:${FILES[1]}`]: ok(`@changed\n@content\n${hex("something else\n")}`) }).exec, p);
    expect(r).toMatchObject({ ok: false, failedStep: { reason: `${FILES[1]} on the host differs from what was written` } });
  });

  it("a connection lost during a change: state unknown, no guess", async () => {
    const p = plan();
    const h = host(p, { "set-max": new SshError("timeout", "command did not finish within 10000 ms") });
    const r = await executeRaise(h.exec, p);
    expect(r).toMatchObject({ ok: false, hostLeft: "unknown", failedStep: { id: "set-max", reason: "the connection failed while the step ran (timed out)" } });
    expect(r.steps.at(-1)).toEqual({ id: "set-max", ok: false, exitCode: null, stderrSummary: null });
    expect(r.summary).toMatch(/unknown; check it before retrying/);
  });

  it("a failed re-read after a failure leaves the state unknown", async () => {
    const p = plan();
    const r = await executeRaise(host(p, {
      "set-max": { stdout: "", stderr: "Permission denied\n", exitCode: 1 },
      "read-current": (n) => (n === 1 ? ok("max=65536\nhashsize=16384\n") : { stdout: "", stderr: "boom", exitCode: 1 }),
    }).exec, p);
    expect(r.hostLeft).toBe("unknown");
  });

  it("reports each step as it finishes", async () => {
    const p = plan({ mode: "temporary" });
    const seen: string[] = [];
    await executeRaise(host(p).exec, p, { onStep: (s) => seen.push(`${s.id}:${s.ok}`) });
    expect(seen).toEqual(["read-current:true", "set-hashsize:true", "set-max:true"]);
  });
});
