import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  decodeOdHex, decodeUtf8, MODULE_LINE, posixCksum, RC_EXIT_LINE, RC_MAX_LINE, SET_LINE_AWK, setLine, settingValues, SYSCTL_MAX_LINE,
  type SetLineEdit,
} from "./file-edits";
import { dq } from "./templates";

const dir = mkdtempSync(path.join(tmpdir(), "limits-edits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The host side: this machine's awk (mawk on Debian), run exactly as the write template runs it. */
function awkSetLine(text: string, edit: SetLineEdit): string {
  const file = path.join(dir, "in.conf");
  writeFileSync(file, text);
  const cmd = `awk -v re=${dq(edit.match)} -v ex=${dq(edit.before)} -v l=${dq(edit.line)} ${dq(SET_LINE_AWK)} ${file}`;
  return execFileSync("sh", ["-c", cmd], { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
}

const sysctl: SetLineEdit = { match: SYSCTL_MAX_LINE, before: "", line: "net.netfilter.nf_conntrack_max = 262144" };
const rc: SetLineEdit = { match: RC_MAX_LINE, before: RC_EXIT_LINE, line: "echo 262144 > /proc/sys/net/netfilter/nf_conntrack_max" };
const mod: SetLineEdit = { match: MODULE_LINE, before: "", line: "nf_conntrack" };

const cases: Array<[string, SetLineEdit, string, string]> = [
  ["empty sysctl.conf", sysctl, "", "net.netfilter.nf_conntrack_max = 262144\n"],
  ["append after other settings", sysctl, "# c\nnet.ipv4.ip_forward = 0\n", "# c\nnet.ipv4.ip_forward = 0\nnet.netfilter.nf_conntrack_max = 262144\n"],
  ["no trailing newline", sysctl, "net.ipv4.ip_forward = 0", "net.ipv4.ip_forward = 0\nnet.netfilter.nf_conntrack_max = 262144\n"],
  ["replace in place", sysctl, "a = 1\nnet.netfilter.nf_conntrack_max = 65536\nb = 2\n", "a = 1\nnet.netfilter.nf_conntrack_max = 262144\nb = 2\n"],
  ["collapse duplicates and aliases into the first", sysctl,
    "net.nf_conntrack_max=1\nx = 1\n  -net/netfilter/nf_conntrack_max\t=  2\nnet.ipv4.netfilter.ip_conntrack_max = 3\n",
    "net.netfilter.nf_conntrack_max = 262144\nx = 1\n"],
  ["comments and look-alikes stay", sysctl,
    "# net.netfilter.nf_conntrack_max = 1\nnet.netfilter.nf_conntrack_max_extra = 2\nnet.netfilter.nf_conntrack_buckets = 3\n",
    "# net.netfilter.nf_conntrack_max = 1\nnet.netfilter.nf_conntrack_max_extra = 2\nnet.netfilter.nf_conntrack_buckets = 3\nnet.netfilter.nf_conntrack_max = 262144\n"],
  ["CRLF lines", sysctl, "a = 1\r\nnet.netfilter.nf_conntrack_max = 5\r\n", "a = 1\r\nnet.netfilter.nf_conntrack_max = 262144\n"],
  ["blank lines kept", sysctl, "\n\na = 1\n\n", "\n\na = 1\n\nnet.netfilter.nf_conntrack_max = 262144\n"],
  ["idempotent", sysctl, "net.netfilter.nf_conntrack_max = 262144\n", "net.netfilter.nf_conntrack_max = 262144\n"],
  ["rc.local of the seed (EL6)", rc, "#!/bin/sh\ntouch /var/lock/subsys/local\n",
    "#!/bin/sh\ntouch /var/lock/subsys/local\necho 262144 > /proc/sys/net/netfilter/nf_conntrack_max\n"],
  ["rc.local ending in exit 0", rc, "#!/bin/sh -e\nfoo\nexit 0\n", "#!/bin/sh -e\nfoo\necho 262144 > /proc/sys/net/netfilter/nf_conntrack_max\nexit 0\n"],
  ["indented exit inside a block is not the end", rc, "if x; then\n  exit 1\nfi\n",
    "if x; then\n  exit 1\nfi\necho 262144 > /proc/sys/net/netfilter/nf_conntrack_max\n"],
  ["rc.local older raises replaced, other lines kept", rc,
    "#!/bin/sh\necho \"65536\" >> /proc/sys/net/ipv4/netfilter/ip_conntrack_max # old\n/sbin/sysctl -w net.netfilter.nf_conntrack_max=1\necho 1 > /proc/sys/net/ipv4/ip_forward\nexit 0\n",
    "#!/bin/sh\necho 262144 > /proc/sys/net/netfilter/nf_conntrack_max\necho 1 > /proc/sys/net/ipv4/ip_forward\nexit 0\n"],
  ["rc.local idempotent", rc, "#!/bin/sh\necho 262144 > /proc/sys/net/netfilter/nf_conntrack_max\n", "#!/bin/sh\necho 262144 > /proc/sys/net/netfilter/nf_conntrack_max\n"],
  ["modules-load absent/empty", mod, "", "nf_conntrack\n"],
  ["modules-load keeps other modules", mod, "# k8s\nbr_netfilter\n", "# k8s\nbr_netfilter\nnf_conntrack\n"],
  ["modules-load already there", mod, "br_netfilter\n nf_conntrack \n", "br_netfilter\nnf_conntrack\n"],
  ["modules-load: nf_conntrack_ipv4 is another module", mod, "nf_conntrack_ipv4\n", "nf_conntrack_ipv4\nnf_conntrack\n"],
];

describe("setLine", () => {
  it.each(cases)("%s", (_name, edit, input, want) => {
    expect(setLine(input, edit)).toBe(want);
    // The TypeScript preview and the host's awk must agree byte for byte.
    expect(awkSetLine(input, edit)).toBe(want);
  });

  it("is idempotent on its own output", () => {
    for (const [, edit, input] of cases) {
      const once = setLine(input, edit);
      expect(setLine(once, edit)).toBe(once);
    }
  });

  it("settingValues lists what a file sets", () => {
    expect(settingValues("a=1\nnet.netfilter.nf_conntrack_max = 65536\n-net.nf_conntrack_max=7 \n", SYSCTL_MAX_LINE)).toEqual(["65536", "7"]);
  });
});

describe("cksum and hex", () => {
  it("posixCksum equals cksum(1)", () => {
    for (const text of ["", "a", "abc", "net.netfilter.nf_conntrack_max = 262144\n", "x".repeat(70_000), "é\r\n\t\u2028"]) {
      const file = path.join(dir, "ck");
      writeFileSync(file, text);
      expect(posixCksum(Buffer.from(text, "utf8"))).toBe(execFileSync("sh", ["-c", `cksum < ${file}`], { encoding: "utf8" }).trim());
    }
  });

  it("decodes od -An -v -tx1 output exactly", () => {
    const bytes = Buffer.from([0, 10, 13, 255, 0x41, ...Buffer.from("ü\n")]);
    const file = path.join(dir, "od");
    writeFileSync(file, bytes);
    const out = execFileSync("od", ["-An", "-v", "-tx1", file], { encoding: "utf8" });
    expect(decodeOdHex(out.split("\n"))?.equals(bytes)).toBe(true);
    expect(decodeOdHex(["41 42", "zz"])).toBeNull();
    expect(decodeUtf8(Buffer.from([0xff, 0x41]))).toBeNull();
    expect(decodeUtf8(Buffer.from("\uFEFFa=1\n"))).toBe("\uFEFFa=1\n"); // a BOM survives the round trip
  });
});
