import { describe, expect, it } from "vitest";
import { ParseError, parseConntrackS, parseConntrackStat } from "./parse-stat";

// Headers verbatim from ct_cpu_seq_show(): 2.6.18 ip_conntrack_standalone.c, 2.6.32 (CentOS 6) and 3.10
// (CentOS 7) nf_conntrack_standalone.c, 4.19, 5.4, 5.15 and 6.1 trees. 2.6 prints "%08x \n" (a space
// before the newline); 4.19+ print searched/new/delete/delete_list as constant 0.
const H_26 =
  "entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete";
const H_3 = `${H_26} search_restart`;
const H_515 =
  "entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart";

interface Want {
  cpus: number;
  entries: number;
  drop: number;
  early_drop: number;
  insert_failed: number;
  invalid: number;
  search_restart?: number;
  clashres?: number;
}

const kernels: [string, string, Want][] = [
  [
    "2.6.18 ip_conntrack (CentOS 5)",
    `${H_26}
000199ba  0618bf56 00004d3c 03875d7a 00065132 01fc22f9 03875bce 00011e20 05445f62 00000006 00000000 00000000 0000081e  00000001 00000001 00000001 
000199ba  0ebecae4 00002e71 006ea8fd 0008d116 01200035 006ea6c3 000dbc49 0374ac91 00000007 00000000 00000000 0000093b  00000003 00000003 00000003 
`,
    { cpus: 2, entries: 104890, drop: 0, early_drop: 0, insert_failed: 13, invalid: 991816 },
  ],
  [
    "2.6.32 (CentOS 6)",
    `${H_26}
000176af  06d4e3f4 0000d699 04710a19 00024ede 049315c6 04710740 0001012f 0462955f 0000000f 00001245 00000000 000001a6  00000001 00000002 00000002 
000176af  336fb389 00001e84 017f6bcc 00034b9b 02032b1f 017f6901 000c7a2e 0407ea69 00000044 00000daf 00003b99 000005c9  00000002 00000002 00000002 
000176af  310d95bf 000029e8 02cbca01 0004cdd2 03f8a7bc 02cbc966 000eeeac 0442dc79 0000003f 00000afe 00000000 000001e3  00000003 00000003 00000003 
000176af  3398ddb7 0000d7e8 03b5913b 0000a097 00cef181 03b590f5 000d7082 0567c3ce 00000009 000011dc 00002b8a 00000982  00000003 00000005 00000005 
`,
    { cpus: 4, entries: 95919, drop: 15566, early_drop: 26403, insert_failed: 155, invalid: 723170 },
  ],
  [
    "3.10 (CentOS 7)",
    `${H_3}
0001628a  1e2500e4 0000f2bd 02e73fd1 00010a3d 00ff122b 02e73f25 0009c653 008b8280 00000027 0000127f 0000246e 00000ab2  00000002 00000002 00000002 00007e62
0001628a  1a4d209d 00001e2f 04748300 00037dc7 0127aefb 047481e4 000e2257 025beb5c 00000010 000007ed 0000320b 0000014a  00000001 00000002 00000002 00006e36
0001628a  0f70f81d 000119b6 0553e6a4 00047469 03f07663 0553e5b6 00003169 05b5f591 00000035 00000b7c 00000000 00000153  00000001 00000001 00000001 000096d0
0001628a  2cc9a2cb 00005d5c 042efc38 00043435 054ca14e 042ef86b 0009e1a8 0250a725 00000000 000004aa 0000446e 000009c1  00000002 00000002 00000002 00000dd2
`,
    { cpus: 4, entries: 90762, drop: 10898, early_drop: 39655, insert_failed: 108, invalid: 864418, search_restart: 102714 },
  ],
  [
    "4.19 (Debian 10)",
    `${H_3}
000221ba  00000000 00015c74 00000000 0008f2c6 0195a08b 00000000 00000000 00000000 00000032 00000cbd 00000000 000007b4  00000003 00000003 00000003 0000113d
000221ba  00000000 00006ae3 00000000 00070cce 01450ca3 00000000 00000000 00000000 00000014 00000385 00000000 000001a3  00000000 00000002 00000002 0000895f
`,
    { cpus: 2, entries: 139706, drop: 4162, early_drop: 0, insert_failed: 70, invalid: 1048468, search_restart: 39580 },
  ],
  [
    "5.4 (Ubuntu 20.04)",
    `${H_3}
0000b606  00000000 0000ba2b 00000000 00006873 010ad6f5 00000000 00000000 00000000 00000009 000006a8 00001304 0000058e  00000002 00000003 00000003 00001d87
0000b606  00000000 0000f9e4 00000000 000774b1 022d7b1c 00000000 00000000 00000000 0000003d 00000f7c 00000000 000001a2  00000002 00000004 00000004 00007a86
0000b606  00000000 000052a8 00000000 000842e7 00c9a5fd 00000000 00000000 00000000 00000002 00000692 00000000 00000873  00000002 00000004 00000004 000042d8
0000b606  00000000 0001096b 00000000 0005de00 019eeaf8 00000000 00000000 00000000 00000015 00000000 0000442c 00000a2e  00000001 00000003 00000003 00003d48
`,
    { cpus: 4, entries: 46598, drop: 7350, early_drop: 22320, insert_failed: 93, invalid: 1441291, search_restart: 71725 },
  ],
  [
    "5.15 (Ubuntu 22.04)",
    `${H_515}
00039419  00000063 0000cd26 00000000 0003a0b9 00000000 00000000 00000000 00000000 00000019 00001091 00000000 00000072  00000002 00000003 00000003 00004259
00039419  0000013f 0000b2f4 00000000 0005d58c 00000000 00000000 00000000 00000000 0000000a 00000000 00001d0a 00000325  00000002 00000002 00000002 00007b8f
00039419  0000002c 00014e53 00000000 0005810d 00000000 00000000 00000000 00000000 0000000a 000003d7 00001984 000002db  00000003 00000005 00000005 0000551f
00039419  00000139 0000cd82 00000000 00015bd4 00000000 00000000 00000008 00000000 00000014 00000000 00000000 00000973  00000003 00000005 00000005 0000256b
`,
    { cpus: 4, entries: 234521, drop: 5224, early_drop: 13966, insert_failed: 65, invalid: 1069862, search_restart: 79986, clashres: 775 },
  ],
  [
    "6.1 (Debian 12), 8 CPUs",
    `${H_515}
0001b4f1  0000006c 00004fd3 00000000 0008c74f 00000000 00000000 00000000 00000000 00000046 00000000 00000000 0000086c  00000001 00000002 00000002 000031de
0001b4f1  000000ea 00006cf1 00000000 0004affd 00000000 00000000 00000000 00000000 00000040 000007b3 00002133 00000218  00000000 00000002 00000002 00005a91
0001b4f1  00000048 000100d8 00000000 0002179b 00000000 00000000 00000008 00000000 00000044 00000000 00000000 000009bc  00000000 00000000 00000000 00002c1e
0001b4f1  0000018b 00003d9c 00000000 0008e752 00000000 00000000 00000002 00000000 00000007 00000a6f 00000000 000003f9  00000001 00000002 00000002 00000acd
0001b4f1  00000111 0000e783 00000000 0008fcd7 00000000 00000000 00000008 00000000 00000003 00000208 00000000 00000b15  00000002 00000003 00000003 00008216
0001b4f1  000000a1 00007ecc 00000000 00085f11 00000000 00000000 00000002 00000000 00000021 00000000 00000000 000006aa  00000000 00000001 00000001 0000712e
0001b4f1  00000046 00007b35 00000000 0006da79 00000000 00000000 00000000 00000000 00000009 000006cf 00000000 00000b75  00000002 00000002 00000002 000040cb
0001b4f1  00000064 00003031 00000000 00065f42 00000000 00000000 00000000 00000000 0000003e 00000000 000014ab 0000083f  00000003 00000004 00000004 00006bd8
`,
    { cpus: 8, entries: 111857, drop: 6905, early_drop: 13790, insert_failed: 316, invalid: 3607516, search_restart: 156481, clashres: 1413 },
  ],
  [
    // Same header from 5.15 through 6.18 (read on the machine that wrote this test).
    "6.8 (CONFIG_NF_CONNTRACK_PROCFS=y build)",
    `${H_515}
0000ac88  00000106 0000bb5e 00000000 00004fcd 00000000 00000000 00000000 00000000 0000002b 000011bb 00000000 00000626  00000002 00000004 00000004 00004ba2
0000ac88  000000cf 00007505 00000000 0001ad2d 00000000 00000000 00000003 00000000 0000000a 00000880 00000000 00000453  00000001 00000002 00000002 00004234
`,
    { cpus: 2, entries: 44168, drop: 6715, early_drop: 0, insert_failed: 53, invalid: 130298, search_restart: 36310, clashres: 469 },
  ],
  [
    "6.18, read on this machine (idle, 2 possible CPUs)",
    `${H_515}
00000000  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000  00000000 00000000 00000000 00000000
00000000  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000  00000000 00000000 00000000 00000000
`,
    { cpus: 2, entries: 0, drop: 0, early_drop: 0, insert_failed: 0, invalid: 0, search_restart: 0, clashres: 0 },
  ],
];

describe("parseConntrackStat", () => {
  it.each(kernels)("%s", (_kernel, text, want) => {
    const stat = parseConntrackStat(text);
    expect(stat.columns).toEqual(text.split("\n")[0]?.split(/\s+/));
    expect(stat.perCpu).toHaveLength(want.cpus);
    expect(stat.entries).toBe(want.entries);
    expect(stat.totals).not.toHaveProperty("entries");
    expect(stat.totals.drop).toBe(want.drop);
    expect(stat.totals.early_drop).toBe(want.early_drop);
    expect(stat.totals.insert_failed).toBe(want.insert_failed);
    expect(stat.totals.invalid).toBe(want.invalid);
    expect(stat.totals.search_restart).toBe(want.search_restart);
    expect(stat.totals.clashres).toBe(want.clashres);
    expect(stat.totals.searched === undefined).toBe(want.clashres !== undefined);
  });

  it("keeps each CPU's row by column name", () => {
    const stat = parseConntrackStat(kernels[5]?.[1] ?? "");
    expect(stat.perCpu[3]).toMatchObject({ entries: 234521, chainlength: 8, clashres: 0x139, icmp_error: 0x973 });
    expect(stat.perCpu.every((row) => row.entries === 234521)).toBe(true);
  });

  it("accepts CRLF, tabs and a missing final newline", () => {
    const text = `${H_515.replaceAll(" ", "\t")}\r\n${"00000010 ".repeat(16)}00000001\r\n${"00000010 ".repeat(16)}00000002`;
    const stat = parseConntrackStat(text);
    expect(stat.entries).toBe(16);
    expect(stat.totals.search_restart).toBe(3);
    expect(stat.totals.drop).toBe(32);
  });

  it.each([
    ["empty file", "", /empty/],
    ["rows without a header", "000199ba  0618bf56 00004d3c\n000199ba  0ebecae4 00002e71\n", /missing header/],
    ["a row cut short", `${H_3}\n0001628a  1e2500e4 0000f2bd 02e73fd1\n`, /row 0 has 4 fields, header has 17/],
    ["a row with an extra field", `${H_26}\n${"00000001 ".repeat(17)}\n`, /row 0 has 17 fields, header has 16/],
    ["a non-hex value", `${H_26}\n${"00000001 ".repeat(15)}zzzzzzzz\n`, /expect_delete is not hex: "zzzzzzzz"/],
    ["a value wider than %08x", `${H_26}\n${"00000001 ".repeat(15)}100000000\n`, /not hex/],
    ["a duplicated column", "entries drop drop\n00000001 00000002 00000003\n", /duplicate/],
  ])("throws ParseError for %s", (_label, text, message) => {
    let thrown: unknown;
    try {
      parseConntrackStat(text);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ParseError);
    expect((thrown as ParseError).code).toBe("parse");
    expect((thrown as ParseError).message).toMatch(message);
  });
});

describe("parseConntrackS", () => {
  const cases: [string, string, { cpus: number; entries: number | null; totals: Record<string, number | undefined> }][] = [
    [
      "netlink, 4.x kernel (ignore still reported), trailing space",
      "cpu=0   \tfound=0 invalid=0 ignore=2970 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 \n" +
        "cpu=1   \tfound=0 invalid=0 ignore=2568 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 \n",
      { cpus: 2, entries: null, totals: { ignore: 5538, drop: 0, search_restart: 0, clash_resolve: undefined } },
    ],
    [
      "netlink, kube node at the limit",
      "cpu=0   \tfound=0 invalid=1843 insert=0 insert_failed=312 drop=312 early_drop=0 error=0 search_restart=4 \n" +
        "cpu=1   \tfound=0 invalid=1712 insert=0 insert_failed=287 drop=287 early_drop=0 error=0 search_restart=2 \n",
      { cpus: 2, entries: null, totals: { invalid: 3555, insert_failed: 599, drop: 599, early_drop: 0, search_restart: 6 } },
    ],
    [
      "netlink, 5.15+ with clash_resolve and chaintoolong, tab expanded to spaces",
      "cpu=0           found=3 invalid=1234 insert=0 insert_failed=5 drop=5 early_drop=17 error=2 search_restart=40 clash_resolve=9 chaintoolong=1  \n" +
        "cpu=1           found=1 invalid=66 insert=0 insert_failed=0 drop=0 early_drop=3 error=0 search_restart=12 clash_resolve=2 chaintoolong=0  \n" +
        "cpu=2           found=0 invalid=0 insert=0 insert_failed=1 drop=1 early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=1  \n",
      { cpus: 3, entries: null, totals: { invalid: 1300, drop: 6, early_drop: 20, insert_failed: 6, clash_resolve: 11, chaintoolong: 2 } },
    ],
    [
      "old conntrack-tools reading /proc (prints entries on every CPU)",
      "cpu=0  \tentries=4784 clashres=2292 found=0 new=0 invalid=120 ignore=0 delete=0 chainlength=0 insert=0 insert_failed=3 drop=3 early_drop=0 icmp_error=8 expect_new=0 expect_create=0 expect_delete=0 search_restart=14 \n" +
        "cpu=1  \tentries=4784 clashres=1100 found=0 new=0 invalid=80 ignore=0 delete=0 chainlength=0 insert=0 insert_failed=1 drop=1 early_drop=0 icmp_error=2 expect_new=0 expect_create=0 expect_delete=0 search_restart=6 \n",
      { cpus: 2, entries: 4784, totals: { entries: undefined, clashres: 3392, invalid: 200, drop: 4, insert_failed: 4, search_restart: 20 } },
    ],
    ["CRLF and blank lines", "\r\ncpu=0 found=0 invalid=1234 insert=0 insert_failed=0 drop=7 early_drop=0 error=0 search_restart=0\r\n\r\n", { cpus: 1, entries: null, totals: { invalid: 1234, drop: 7 } }],
  ];

  it.each(cases)("%s", (_label, text, want) => {
    const stat = parseConntrackS(text);
    expect(stat.perCpu).toHaveLength(want.cpus);
    expect(stat.entries).toBe(want.entries);
    expect(stat.columns).not.toContain("cpu");
    for (const [name, value] of Object.entries(want.totals)) expect(stat.totals[name], name).toBe(value);
  });

  it.each([
    ["no output", "", /no output/],
    ["an error message instead of stats", "conntrack v1.4.6 (conntrack-tools): Operation failed: Operation not permitted\n", /does not start with cpu=N/],
    ["a non-numeric value", "cpu=0 found=0 invalid=abc\n", /bad field "invalid=abc"/],
    ["a hex value", "cpu=0 found=0 invalid=0x1f\n", /bad field/],
  ])("throws ParseError for %s", (_label, text, message) => {
    expect(() => parseConntrackS(text)).toThrow(ParseError);
    expect(() => parseConntrackS(text)).toThrow(message);
  });
});
