import { describe, expect, it } from "vitest";
import { decodeProcNet6Address, decodeProcNetAddress, renderSshdConfig } from "./sshd";
import type { SimHost } from "./types";

describe("/proc/net/tcp{,6} addresses", () => {
  it.each([
    ["0100007F:08AE", "127.0.0.1:2222"],
    ["010A007F:0A92", "127.0.10.1:2706"],
  ])("IPv4 %s", (hex, want) => expect(decodeProcNetAddress(hex)).toBe(want));

  it.each([
    ["00000000000000000000000001000000:0A92", "::1:2706"],
    ["B80D0120000000000000000001000000:0016", "2001:db8::1:22"],
    ["000080FE00000000FF005002563412FE:0050", "fe80::250:ff:fe12:3456:80"],
  ])("IPv6 %s", (hex, want) => expect(decodeProcNet6Address(hex)).toBe(want));
});

describe("sshd config", () => {
  const host = (name: string, address: string) => ({ name, address, port: 2722, root: `/run/sim/${name}`, kind: "normal" }) as SimHost;

  it("listens on IPv6 hosts in brackets and accepts both families only when one is there", () => {
    const v4 = renderSshdConfig({ hosts: [host("web-01", "127.0.10.1")], hostKeyFile: "/k", authorizedKeysFile: "/a" });
    expect(v4).toContain("ListenAddress 127.0.10.1:2722\n");
    expect(v4).toContain("AddressFamily inet\n");
    const both = renderSshdConfig({ hosts: [host("web-01", "127.0.10.1"), host("v6-01", "::1")], hostKeyFile: "/k", authorizedKeysFile: "/a" });
    expect(both).toContain("ListenAddress [::1]:2722\n");
    expect(both).toContain("AddressFamily any\n");
    expect(both).toContain("Match LocalAddress ::1\n\tChrootDirectory /run/sim/v6-01\n");
  });
});
