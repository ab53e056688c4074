import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { DMESG_CTIME, DMESG_ISO_VETH, RFC3339_CUMULUS } from "./real-world-lines";
import {
  parseUtcOffset, readClassicStamp, readCtimeStamp, readIsoStamp, readMonotonicStamp, stripPrintkStamp,
} from "./timestamps";

const utc = (iso: string): number => Date.parse(iso);

describe("parseUtcOffset (date +%z)", () => {
  it.each([
    ["+0100", 60],
    ["-0530", -330],
    ["+0000", 0],
    ["+0545", 345],
    ["-1000\n", -600],
    ["+05:30", 330],
  ])("%j → %i", (text, minutes) => {
    expect(parseUtcOffset(text)).toBe(minutes);
  });

  it.each(["CET", "", "+1", "+2500", "0100"])("rejects %j", (text) => {
    expect(() => parseUtcOffset(text)).toThrow(AppError);
  });
});

describe("readIsoStamp", () => {
  it.each([
    ["rsyslog RFC 3339 (Cumulus)", RFC3339_CUMULUS[0] ?? "", utc("2019-02-25T03:45:03.778Z")],
    ["journalctl short-iso-precise, %z without colon", "2026-11-25T17:53:40.123456+0100 web-01 kernel: x", utc("2026-11-25T16:53:40.123Z")],
    ["journalctl short-iso, systemd ≥ 254 colon", "2026-08-17T19:46:46+00:00 web-01 kernel: x", utc("2026-08-17T19:46:46Z")],
    ["journalctl short-iso, %z", "2026-03-18T22:26:05+0000 ip-192-168-1-1 kernel: x", utc("2026-03-18T22:26:05Z")],
    ["dmesg --time-format iso, comma", DMESG_ISO_VETH, utc("2023-12-22T20:26:24.559Z")],
  ])("%s", (_name, line, ts) => {
    expect(readIsoStamp(line)?.ts).toBe(ts);
  });

  it("recognises but cannot place an impossible date", () => {
    expect(readIsoStamp("2026-02-30T00:00:00+00:00 h kernel: x")).toEqual({ ts: null, end: 26 });
  });

  it("needs the space after the stamp", () => {
    expect(readIsoStamp("2026-02-03T00:00:00+00:00")).toBeNull();
  });
});

describe("readClassicStamp: year and zone inference", () => {
  const at = (iso: string): number => utc(iso);
  it.each([
    ["same year", "Nov 25 17:53:40 h kernel: x", at("2026-11-26T10:00:00Z"), 0, at("2026-11-25T17:53:40Z")],
    ["space-padded day", "Nov  5 07:03:01 h kernel: x", at("2026-11-26T10:00:00Z"), 0, at("2026-11-05T07:03:01Z")],
    ["zero-padded day", "Jun 08 10:48:13 h kernel: x", at("2026-11-26T10:00:00Z"), 0, at("2026-06-08T10:48:13Z")],
    ["Dec 31 read on Jan 1 is last year", "Dec 31 23:59:59 h kernel: x", at("2027-01-01T00:10:00Z"), 0, at("2026-12-31T23:59:59Z")],
    ["a line up to a day ahead (clock skew) is next year", "Jan  1 00:30:00 h kernel: x", at("2026-12-31T23:50:00Z"), 0, at("2027-01-01T00:30:00Z")],
    ["Feb 29 read in 2026 is 2024's", "Feb 29 12:00:00 h kernel: x", at("2026-03-10T00:00:00Z"), 0, at("2024-02-29T12:00:00Z")],
    ["Feb 29 read on Mar 1 2028 is 2028's", "Feb 29 12:00:00 h kernel: x", at("2028-03-01T00:00:00Z"), 0, at("2028-02-29T12:00:00Z")],
    ["host at UTC+1", "Nov 25 17:53:40 h kernel: x", at("2026-11-26T10:00:00Z"), 60, at("2026-11-25T16:53:40Z")],
    ["host at UTC-5:30, local year differs from UTC year", "Dec 31 22:00:00 h kernel: x", at("2027-01-01T04:00:00Z"), -330, at("2027-01-01T03:30:00Z")],
  ])("%s", (_name, line, now, offset, ts) => {
    expect(readClassicStamp(line, now, offset)?.ts).toBe(ts);
  });

  it("cannot place Feb 30", () => {
    expect(readClassicStamp("Feb 30 12:00:00 h kernel: x", utc("2026-05-01T00:00:00Z"), 0)?.ts).toBeNull();
  });
});

describe("dmesg stamps", () => {
  it("dmesg -T is local time with a year", () => {
    expect(readCtimeStamp(DMESG_CTIME[0] ?? "", 480)?.ts).toBe(utc("2018-11-20T14:30:22Z"));
  });

  it("raw stamps are boot time plus seconds since boot", () => {
    const boot = utc("2026-11-25T00:00:00Z");
    expect(readMonotonicStamp("[   10.810168] nf_conntrack: x", boot)).toEqual({ ts: boot + 10_810, end: 15 });
    expect(readMonotonicStamp("<4>[104235.156774] nf_conntrack: x", boot)?.ts).toBe(boot + 104_235_156);
    expect(readMonotonicStamp("[104235.156774] nf_conntrack: x", null)?.ts).toBeNull();
  });

  it("strips the printk stamp rsyslog leaves in kern.log", () => {
    expect(stripPrintkStamp("[38775494.393661] nf_conntrack: x")).toBe("nf_conntrack: x");
    expect(stripPrintkStamp("[    5.000001] nf_conntrack: x")).toBe("nf_conntrack: x");
    expect(stripPrintkStamp("[UFW BLOCK] IN=eth0")).toBe("[UFW BLOCK] IN=eth0");
  });
});
