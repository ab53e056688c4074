import { describe, expect, it } from "vitest";
import { bootLimit } from "./persistence";
import type { HostProbe, ProbedFile } from "./probe";
import { temporaryFromAudit, temporaryVerdict, type RaiseRecord } from "./temporary";

const T = Date.parse("2026-11-25T12:00:00Z");
const raise = (min: number, mode: RaiseRecord["mode"], oldMax: number, newMax: number, outcome = "success"): RaiseRecord => ({
  ts: T + min * 60_000, user: "alice", mode, oldMax, newMax, outcome,
});

describe("temporaryFromAudit", () => {
  it("is the latest successful temporary raise that set the live value", () => {
    expect(temporaryFromAudit([raise(0, "temporary", 262144, 524288)], 524288, T - 3_600_000)).toEqual({ at: T, user: "alice", max: 524288, before: 262144 });
  });
  it.each<[string, RaiseRecord[], number, number | null]>([
    ["made permanent afterwards", [raise(0, "temporary", 262144, 524288), raise(5, "permanent", 524288, 524288)], 524288, null],
    ["a permanent raise only", [raise(0, "permanent", 262144, 524288)], 524288, null],
    ["rebooted since (the value reverted)", [raise(0, "temporary", 262144, 524288)], 262144, T + 60_000],
    ["the raise was before the boot", [raise(0, "temporary", 262144, 524288)], 524288, T + 60_000],
    ["changed by hand since (live differs)", [raise(0, "temporary", 262144, 524288)], 600000, null],
    ["a failed or refused attempt", [raise(0, "temporary", 262144, 524288, "failed"), raise(1, "temporary", 262144, 524288, "refused")], 524288, null],
    ["nothing on record", [], 524288, null],
  ])("none when %s", (_l, entries, live, boot) => expect(temporaryFromAudit(entries, live, boot)).toBeNull());
  it("a temporary raise above an earlier permanent one is temporary", () => {
    const entries = [raise(10, "temporary", 524288, 786432), raise(0, "permanent", 262144, 524288)];
    expect(temporaryFromAudit(entries, 786432, null)).toMatchObject({ max: 786432, before: 524288 });
  });
});

const file = (p: string, content: string): ProbedFile => ({ path: p, state: "regular", content, unreadable: null });
function probe(patch: Partial<HostProbe> = {}, files: ProbedFile[] = []): HostProbe {
  return {
    dirs: { sysctlD: true, modulesLoadD: true, modprobeD: true, systemd: true },
    sysctlSettings: [], modprobeSettings: [], entryBytes: null, cpus: null,
    live: { module: "nf_conntrack", max: 524288, hashsize: 65536, buckets: 65536 },
    files: Object.fromEntries(files.map((f) => [f.path, f])),
    ...patch,
  };
}

describe("bootLimit", () => {
  it.each<[string, HostProbe, { max: number | null; source: string | null }]>([
    ["no setting anywhere", probe(), { max: null, source: null }],
    ["our drop-in", probe({ sysctlSettings: [{ path: "/etc/sysctl.d/99-zz-conntrack-fleet.conf", value: 262144 }] }), { max: 262144, source: "/etc/sysctl.d/99-zz-conntrack-fleet.conf" }],
    [
      "the last-applied file wins; /etc masks /usr/lib of the same name",
      probe({ sysctlSettings: [
        { path: "/usr/lib/sysctl.d/50-default.conf", value: 65536 },
        { path: "/etc/sysctl.d/90-conntrack.conf", value: 131072 },
        { path: "/usr/lib/sysctl.d/90-conntrack.conf", value: 1 },
        { path: "/etc/sysctl.d/10-early.conf", value: 999999 },
      ] }),
      { max: 131072, source: "/etc/sysctl.d/90-conntrack.conf" },
    ],
    ["sysctl.conf counts as 99-sysctl.conf under systemd", probe({ sysctlSettings: [{ path: "/etc/sysctl.conf", value: 65536 }, { path: "/etc/sysctl.d/50-x.conf", value: 131072 }] }), { max: 65536, source: "/etc/sysctl.conf" }],
    [
      "CentOS 6: rc.local's echo runs last",
      probe({ dirs: { sysctlD: false, modulesLoadD: false, modprobeD: true, systemd: false } }, [
        file("/etc/rc.d/rc.local", "#!/bin/sh\ntouch /var/lock/subsys/local\necho 131072 > /proc/sys/net/netfilter/nf_conntrack_max\n"),
        file("/etc/sysctl.conf", "net.netfilter.nf_conntrack_max = 65536\n"),
      ]),
      { max: 131072, source: "/etc/rc.d/rc.local" },
    ],
    [
      "CentOS 5: sysctl.conf when rc.local does not set it",
      probe({ dirs: { sysctlD: false, modulesLoadD: false, modprobeD: false, systemd: false } }, [
        file("/etc/rc.d/rc.local", "#!/bin/sh\ntouch /var/lock/subsys/local\n"),
        file("/etc/sysctl.conf", "net.ipv4.netfilter.ip_conntrack_max = 65536\n"),
      ]),
      { max: 65536, source: "/etc/sysctl.conf" },
    ],
  ])("%s", (_l, p, expected) => expect(bootLimit(p)).toEqual(expected));
});

describe("temporaryVerdict", () => {
  it("trusts the config over the audit", () => {
    expect(temporaryVerdict(524288, { max: 262144, source: "/etc/sysctl.d/99-zz-conntrack-fleet.conf" }, null)).toMatchObject({ temporary: true, revertsTo: 262144 });
    expect(temporaryVerdict(524288, { max: 524288, source: "/etc/sysctl.d/99-zz-conntrack-fleet.conf" }, { at: T, user: "a", max: 524288, before: 1 })).toMatchObject({ temporary: false });
  });
  it("falls back to the audit when no file sets the limit, and says it does not know otherwise", () => {
    expect(temporaryVerdict(524288, { max: null, source: null }, { at: T, user: "alice", max: 524288, before: 262144 })).toMatchObject({ temporary: true, revertsTo: 262144, source: "audit log" });
    expect(temporaryVerdict(524288, { max: null, source: null }, null)).toMatchObject({ temporary: null });
    expect(temporaryVerdict(524288, null, null)).toMatchObject({ temporary: null });
  });
});
