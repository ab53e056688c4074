import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FleetConfigError, parseFleetFile } from "./fleet-file";

let dir: string;
let file: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-file-"));
  file = path.join(dir, "fleet.yaml");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "id_ed25519")]);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "s3cret", "-f", path.join(dir, "id_locked")]);
  fs.writeFileSync(path.join(dir, "known_hosts"), "");
});

const head = `defaults:
  identityFile: ./id_ed25519
  knownHosts: ./known_hosts
`;

function problemsOf(text: string, env: Record<string, string | undefined> = {}) {
  try {
    parseFleetFile(text, file, env);
  } catch (err) {
    if (err instanceof FleetConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a FleetConfigError");
}

describe("parseFleetFile", () => {
  it("applies defaults and resolves paths relative to the file", () => {
    const cfg = parseFleetFile(
      `${head}  port: 2222
  pollIntervalSeconds: 2
hosts:
  - name: web-01
    address: 10.0.0.1
    tags: [web, eu]
  - name: db-01
    address: db-01.example.net
    port: 22
    user: ops
    sudo: true
`,
      file,
      {},
    );
    expect(cfg.knownHostsFiles).toEqual([path.join(dir, "known_hosts")]);
    expect(cfg.pollIntervalMs).toBe(2000);
    expect(cfg.thresholds).toEqual({ warn: 0.75, critical: 0.9 });
    expect(cfg.hosts.map((h) => [h.name, h.port, h.user, h.sudo, h.tags])).toEqual([
      ["web-01", 2222, "root", false, ["web", "eu"]],
      ["db-01", 22, "ops", true, []],
    ]);
    expect(cfg.hosts[0]?.privateKey?.toString()).toContain("OPENSSH PRIVATE KEY");
  });

  const bad: [string, string, { line: number | null; field: string; message: RegExp }][] = [
    [
      "unknown field",
      `${head}hosts:\n  - name: a\n    address: 10.0.0.1\n    prot: 22\n`,
      { line: 7, field: "hosts[0] (a).prot", message: /unknown field/ },
    ],
    [
      "duplicate name",
      `${head}hosts:\n  - name: a\n    address: 10.0.0.1\n  - name: a\n    address: 10.0.0.2\n`,
      { line: 7, field: "hosts[1] (a).name", message: /duplicate host name/ },
    ],
    ["bad port", `${head}hosts:\n  - name: a\n    address: 10.0.0.1\n    port: 70000\n`, { line: 7, field: "hosts[0] (a).port", message: /65535/ }],
    [
      "missing key file",
      `${head}hosts:\n  - name: a\n    address: 10.0.0.1\n    identityFile: ./nope\n`,
      { line: 7, field: "hosts[0] (a).identityFile", message: /key file not found/ },
    ],
    [
      "name with shell metacharacters",
      `${head}hosts:\n  - name: "a;rm -rf /"\n    address: 10.0.0.1\n`,
      { line: 5, field: "hosts[0] (a;rm -rf /).name", message: /may only contain/ },
    ],
    ["missing address", `${head}hosts:\n  - name: a\n`, { line: 5, field: "hosts[0] (a).address", message: /expected string/i }],
    [
      "encrypted key without passphraseEnv",
      `${head}hosts:\n  - name: a\n    address: 10.0.0.1\n    identityFile: ./id_locked\n`,
      { line: 7, field: "hosts[0] (a).identityFile", message: /encrypted/ },
    ],
    [
      "passphrase variable not set",
      `${head}  passphraseEnv: FLEET_KEY_PASS\nhosts:\n  - name: a\n    address: 10.0.0.1\n`,
      { line: 4, field: "defaults.passphraseEnv", message: /FLEET_KEY_PASS is not set/ },
    ],
    ["thresholds inverted", `${head}  thresholds: { warn: 0.95, critical: 0.9 }\nhosts: []\n`, { line: 4, field: "defaults.thresholds", message: /warn must be below/ }],
    ["metrics option misspelt", `${head}metrics:\n  anonymus: true\nhosts: []\n`, { line: 5, field: "metrics.anonymus", message: /unknown field/ }],
    ["metrics option not a boolean", `${head}metrics:\n  anonymous: "yes"\nhosts: []\n`, { line: 5, field: "metrics.anonymous", message: /expected boolean/i }],
    ["yaml syntax", `${head}hosts:\n  - name: [a\n`, { line: null, field: "(yaml)", message: /./ }],
  ];
  it.each(bad)("%s is refused with file, line and field", (_n, text, want) => {
    const problems = problemsOf(text);
    const p = problems[0]!;
    expect(p.field).toBe(want.field);
    if (want.line !== null) expect(p.line).toBe(want.line);
    expect(p.message).toMatch(want.message);
  });

  it("serves /metrics only with a token unless the file says anonymous; tags become a label only when asked", () => {
    const hosts = `hosts:\n  - name: a\n    address: 10.0.0.1\n`;
    expect(parseFleetFile(`${head}${hosts}`, file, {}).metrics).toEqual({ anonymous: false, tagsLabel: false });
    expect(parseFleetFile(`${head}metrics: { anonymous: true, tagsLabel: true }\n${hosts}`, file, {}).metrics).toEqual({ anonymous: true, tagsLabel: true });
  });

  it("reports every problem at once and names the file", () => {
    try {
      parseFleetFile(`${head}hosts:\n  - name: a\n    address: x\n    port: 0\n  - name: a\n    address: y\n`, file, {});
      throw new Error("unreachable");
    } catch (err) {
      expect(err).toBeInstanceOf(FleetConfigError);
      expect((err as Error).message).toContain(`${file}:7: hosts[0] (a).port`);
    }
  });

  it("decrypts a key with the passphrase from the named variable", () => {
    const cfg = parseFleetFile(
      `${head}hosts:\n  - name: a\n    address: 10.0.0.1\n    identityFile: ./id_locked\n    passphraseEnv: K\n`,
      file,
      { K: "s3cret" },
    );
    expect(cfg.hosts[0]?.passphrase).toBe("s3cret");
    expect(problemsOf(`${head}hosts:\n  - name: a\n    address: 10.0.0.1\n    identityFile: ./id_locked\n    passphraseEnv: K\n`, { K: "wrong" })[0]?.message).toMatch(
      /wrong passphrase/,
    );
  });
});
