import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planLimitRaise, setValueTemplate, writeFileTemplate, type RaiseRequest } from "./commands";
import { SYSCTL_MAX_LINE } from "./file-edits";
import type { FileSpec } from "./persistence";
import type { HostProbe, ProbedFile } from "./probe";
import { templateDropInName, templateInt, TemplateError, wrapCommand } from "./templates";

const dir = mkdtempSync(path.join(tmpdir(), "limits-cmd-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (p: string, content: string | null, state: ProbedFile["state"] = content === null ? "absent" : "regular"): ProbedFile =>
  ({ path: p, state, content: state === "absent" ? "" : content, unreadable: null });

function probeOf(patch: Partial<HostProbe> & { fileList?: ProbedFile[] } = {}): HostProbe {
  const files: Record<string, ProbedFile> = {};
  for (const f of patch.fileList ?? []) files[f.path] = f;
  return {
    dirs: { sysctlD: true, modulesLoadD: true, modprobeD: true, systemd: true },
    sysctlSettings: [], modprobeSettings: [], entryBytes: null, cpus: null,
    live: { module: "nf_conntrack", max: 65536, hashsize: 16384, buckets: 16384 },
    ...patch, files,
  };
}

const req = (patch: Partial<RaiseRequest> = {}): RaiseRequest => ({
  mode: "permanent", module: "nf_conntrack", before: { max: 65536, hashsize: 16384 }, target: { max: 262144, hashsize: 65536 },
  sudo: false, probe: probeOf(), ...patch,
});

const hostile: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, 1.5, -1, 0, 2 ** 31, 2 ** 53 + 2, "262144", "1; reboot", null, undefined, true, {}, [1], BigInt(5)];

describe("template boundary", () => {
  it.each(hostile.map((v) => [String(v), v]))("refuses %s", (_s, v) => {
    expect(() => templateInt(v, "max", 1, 2 ** 31 - 1)).toThrow(TemplateError);
    expect(() => setValueTemplate("/proc/sys/net/netfilter/nf_conntrack_max", v as number, 1)).toThrow(TemplateError);
    expect(() => planLimitRaise(req({ target: { max: v as number, hashsize: null } }))).toThrow(TemplateError);
    // null is the one non-number a hash size may be: "leave the hash table alone".
    if (v !== null) expect(() => planLimitRaise(req({ target: { max: 262144, hashsize: v as number } }))).toThrow(TemplateError);
  });

  it("refuses quotes, ! and newlines in a template, and odd drop-in names", () => {
    for (const t of ["echo 'x'", "echo !1", "a\nb", "echo `id`"]) expect(() => wrapCommand(t, false)).toThrow(TemplateError);
    for (const n of ["../x.conf", "a b.conf", "x.conf;id", "$(id).conf", "x", ".hidden.conf", "a/b.conf"]) {
      expect(() => templateDropInName(n)).toThrow(TemplateError);
      expect(() => planLimitRaise(req({ dropInName: n }))).toThrow(TemplateError);
    }
  });

  it("commands are fixed templates: only the integers differ between two raises", () => {
    const a = planLimitRaise(req({ target: { max: 262144, hashsize: 65536 } }));
    const b = planLimitRaise(req({ target: { max: 393216, hashsize: 98304 } }));
    if (!a.ok || !b.ok) throw new Error("plan refused");
    const norm = (c: string): string => c.replace(/\b\d+\b/g, "N");
    expect(a.plan.steps.map((s) => norm(s.command))).toEqual(b.plan.steps.map((s) => norm(s.command)));
    for (const s of [...a.plan.steps, ...b.plan.steps]) {
      expect(s.command).toMatch(/^env LC_ALL=C sh -c '[^'!\n`]*'$/);
    }
  });

  it("sudo wraps every step, the same template inside", () => {
    const root = planLimitRaise(req());
    const sudo = planLimitRaise(req({ sudo: true }));
    if (!root.ok || !sudo.ok) throw new Error("plan refused");
    sudo.plan.steps.forEach((s, i) => {
      expect(s.command).toBe(root.plan.steps[i]?.command.replace("env LC_ALL=C sh -c", "env LC_ALL=C sudo -n sh -c"));
    });
  });
});

describe("planLimitRaise", () => {
  it("temporary: read, hash size, limit; no files", () => {
    const r = planLimitRaise(req({ mode: "temporary", probe: null }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.plan.steps.map((s) => s.id)).toEqual(["read-current", "set-hashsize", "set-max"]);
    expect(r.plan.steps[2]?.command).toBe(
      "env LC_ALL=C sh -c 'LC_ALL=C; export LC_ALL; P=/proc/sys/net/netfilter/nf_conntrack_max; echo 262144 > $P || exit 4; cat $P'");
    expect(r.plan.files).toEqual([]);
    expect(planLimitRaise(req({ mode: "temporary", target: { max: 262144, hashsize: null } }))).toMatchObject({ ok: true });
  });

  it("legacy ip_conntrack paths", () => {
    const r = planLimitRaise(req({ mode: "temporary", module: "ip_conntrack" }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.plan.steps.map((s) => s.command).join("\n")).toMatch(/\/proc\/sys\/net\/ipv4\/netfilter\/ip_conntrack_max.*\n?/);
    expect(r.plan.steps[1]?.command).toContain("/sys/module/ip_conntrack/parameters/hashsize");
  });

  it("modern host: drop-in, modules-load, modprobe, with notes about earlier files", () => {
    const probe = probeOf({
      sysctlSettings: [{ path: "/etc/sysctl.d/90-conntrack.conf", value: 131072 }, { path: "/usr/lib/sysctl.d/99-zz-conntrack-fleet.conf", value: 1 }],
      fileList: [file("/etc/modules-load.d/nf_conntrack.conf", "nf_conntrack\n")],
    });
    const r = planLimitRaise(req({ probe }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.plan.persistence).toBe("sysctl.d");
    expect(r.plan.files.map((f) => [f.path, f.change, f.content])).toEqual([
      ["/etc/sysctl.d/99-zz-conntrack-fleet.conf", "create", "# Written by conntrack-fleet (one-click limit raise)\nnet.netfilter.nf_conntrack_max = 262144\n"],
      ["/etc/modules-load.d/nf_conntrack.conf", "unchanged", "nf_conntrack\n"],
      ["/etc/modprobe.d/99-zz-conntrack-fleet.conf", "create", "# Written by conntrack-fleet (one-click limit raise)\noptions nf_conntrack hashsize=65536\n"],
    ]);
    expect(r.plan.notes).toEqual([expect.stringMatching(/^\/etc\/sysctl\.d\/90-conntrack\.conf \(131072\) also sets the limit; the drop-in is applied after it/)]);
    expect(r.plan.steps.map((s) => s.id)).toEqual(["read-current", "set-hashsize", "set-max",
      "write:/etc/sysctl.d/99-zz-conntrack-fleet.conf", "write:/etc/modules-load.d/nf_conntrack.conf", "write:/etc/modprobe.d/99-zz-conntrack-fleet.conf"]);
  });

  const refusals: Array<[string, HostProbe, string, RegExp]> = [
    ["a later sysctl.d file", probeOf({ sysctlSettings: [{ path: "/etc/sysctl.d/99-zzz-local.conf", value: 65536 }] }), "overridden_at_boot",
      /\/etc\/sysctl\.d\/99-zzz-local\.conf \(65536\) is applied after \/etc\/sysctl\.d\/99-zz-conntrack-fleet\.conf/],
    ["sysctl.conf on a host without systemd (applied last)", probeOf({
      dirs: { sysctlD: true, modulesLoadD: true, modprobeD: true, systemd: false }, sysctlSettings: [{ path: "/etc/sysctl.conf", value: 65536 }] }),
      "overridden_at_boot", /\/etc\/sysctl\.conf/],
    ["a later modprobe option", probeOf({ modprobeSettings: [{ path: "/etc/modprobe.conf", value: 16384 }] }), "overridden_at_boot", /hash size/],
    ["our drop-in is a symlink", probeOf({ fileList: [file("/etc/sysctl.d/99-zz-conntrack-fleet.conf", null, "symlink")] }), "unsupported_file", /symbolic link/],
    ["legacy sysctl.conf too large", probeOf({ dirs: { sysctlD: false, modulesLoadD: false, modprobeD: true, systemd: false },
      fileList: [{ path: "/etc/sysctl.conf", state: "regular", content: null, unreadable: "too-large" }] }), "unsupported_file", /larger than 64 KiB/],
  ];
  it.each(refusals)("refuses a permanent raise when %s", (_n, probe, code, reason) => {
    const r = planLimitRaise(req({ probe }));
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it("sysctl.conf on a systemd host sorts before 99-zz-…: only a note", () => {
    const r = planLimitRaise(req({ probe: probeOf({ sysctlSettings: [{ path: "/etc/sysctl.conf", value: 65536 }] }) }));
    expect(r.ok && r.plan.notes[0]).toMatch(/^\/etc\/sysctl\.conf \(65536\) also sets the limit/);
  });

  it("legacy host with rc.local: one echo line, run bit; sysctl.conf line noted", () => {
    const probe = probeOf({
      dirs: { sysctlD: false, modulesLoadD: false, modprobeD: true, systemd: false },
      fileList: [file("/etc/rc.d/rc.local", "#!/bin/sh\ntouch /var/lock/subsys/local\n", "executable"),
        file("/etc/sysctl.conf", "net.ipv4.ip_forward = 0\nnet.netfilter.nf_conntrack_max = 65536\n")],
    });
    const r = planLimitRaise(req({ probe, target: { max: 262144, hashsize: null } }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.plan.persistence).toBe("rc.local");
    expect(r.plan.files).toEqual([expect.objectContaining({ path: "/etc/rc.d/rc.local", change: "update",
      content: "#!/bin/sh\ntouch /var/lock/subsys/local\necho 262144 > /proc/sys/net/netfilter/nf_conntrack_max\n" })]);
    expect(r.plan.notes).toEqual([expect.stringMatching(/sysctl\.conf also sets the limit \(65536\); rc\.local runs after it/)]);
  });

  it("legacy host without rc.local: sysctl.conf edited in place", () => {
    const probe = probeOf({
      dirs: { sysctlD: false, modulesLoadD: false, modprobeD: false, systemd: false },
      fileList: [file("/etc/sysctl.conf", "a = 1\nnet.ipv4.netfilter.ip_conntrack_max = 65536\nb = 2\n"), file("/etc/rc.d/rc.local", null)],
    });
    const r = planLimitRaise(req({ probe, module: "ip_conntrack" }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.plan.persistence).toBe("sysctl.conf");
    expect(r.plan.files.map((f) => [f.path, f.content])).toEqual([
      ["/etc/sysctl.conf", "a = 1\nnet.ipv4.netfilter.ip_conntrack_max = 262144\nb = 2\n"],
      ["/etc/modprobe.d/99-zz-conntrack-fleet.conf", "# Written by conntrack-fleet (one-click limit raise)\noptions ip_conntrack hashsize=65536\n"],
    ]);
  });

  it("a permanent raise without a probe is refused, not guessed", () => {
    expect(planLimitRaise(req({ probe: null }))).toMatchObject({ ok: false, code: "needs_probe" });
  });
});

/** Runs a write template on this machine against a temp file (the paths are ours, not /etc). */
function runWrite(spec: FileSpec): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("sh", ["-c", wrapCommand(writeFileTemplate(spec), false)], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("write template, run for real", () => {
  const target = path.join(dir, "sysctl.conf");
  const spec = (previous: string | null, mode: 0o644 | 0o755 = 0o644): FileSpec => ({
    path: target, purpose: "test", mode, previous, previousExecutable: false, mkdir: null,
    content: "", generate: { kind: "set-line", edit: { match: SYSCTL_MAX_LINE, before: "", line: "net.netfilter.nf_conntrack_max = 262144" } },
  });

  it("creates, then is idempotent, keeping the same inode", () => {
    rmSync(target, { force: true });
    const first = runWrite(spec(null));
    expect(first).toMatchObject({ status: 0, stderr: "" });
    expect(first.stdout).toMatch(/^@changed\n@content\n/);
    expect(readFileSync(target, "utf8")).toBe("net.netfilter.nf_conntrack_max = 262144\n");
    expect(statSync(target).mode & 0o777).toBe(0o644);
    const inode = statSync(target).ino;
    const again = runWrite(spec(readFileSync(target, "utf8")));
    expect(again.stdout).toMatch(/^@unchanged\n@content\n/);
    expect(statSync(target).ino).toBe(inode);
    expect(execFileSync("ls", ["-a", dir], { encoding: "utf8" })).not.toMatch(/fleet-tmp/);
  });

  it("edits in place and leaves no temp file", () => {
    writeFileSync(target, "x = 1\nnet.netfilter.nf_conntrack_max = 5\n");
    const r = runWrite(spec("x = 1\nnet.netfilter.nf_conntrack_max = 5\n"));
    expect(r.status).toBe(0);
    expect(readFileSync(target, "utf8")).toBe("x = 1\nnet.netfilter.nf_conntrack_max = 262144\n");
    expect(execFileSync("ls", ["-a", dir], { encoding: "utf8" })).not.toMatch(/fleet-tmp/);
  });

  it("refuses when the file changed, appeared or became a symlink since the plan", () => {
    writeFileSync(target, "edited by someone else\n");
    const changed = runWrite(spec("x = 1\n"));
    expect(changed.status).toBe(3);
    expect(changed.stderr).toMatch(/changed since the plan was made/);
    expect(readFileSync(target, "utf8")).toBe("edited by someone else\n");
    expect(runWrite(spec(null))).toMatchObject({ status: 3, stderr: expect.stringMatching(/appeared since the plan/) });
    rmSync(target);
    symlinkSync(path.join(dir, "elsewhere"), target);
    writeFileSync(path.join(dir, "elsewhere"), "x = 1\n");
    expect(runWrite(spec("x = 1\n"))).toMatchObject({ status: 3, stderr: expect.stringMatching(/symbolic link/) });
    rmSync(target);
  });

  it("rc.local mode: sets the run bit even when the content is already right", () => {
    writeFileSync(target, "net.netfilter.nf_conntrack_max = 262144\n");
    chmodSync(target, 0o644);
    expect(runWrite(spec("net.netfilter.nf_conntrack_max = 262144\n", 0o755)).stdout).toMatch(/^@changed/);
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect(runWrite(spec("net.netfilter.nf_conntrack_max = 262144\n", 0o755)).stdout).toMatch(/^@unchanged/);
  });
});
