import fs from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostPlan } from "./host-gen";
import { appendKernelLog } from "./host-state";
import { rotateKernelLog } from "./log-rotate";
import { buildRootsOnly, cleanupRoots } from "./test-helpers";

afterAll(cleanupRoots);
let plans: HostPlan[] = [];
beforeAll(async () => {
  plans = (await buildRootsOnly(12, 5)).plans;
});
const rootOf = (os: string): string => plans.find((p) => p.host.os === os && p.host.kind === "normal")?.host.root ?? "";

describe("rotateKernelLog", () => {
  it("Debian: kern.log -> .1 -> .2.gz, new empty kern.log with a new inode", async () => {
    const root = rootOf("debian12");
    const log = path.join(root, "var/log/kern.log");
    await appendKernelLog(root, ["first"]);
    const ino = fs.statSync(log).ino;
    rotateKernelLog(root);
    expect(fs.readFileSync(log, "utf8")).toBe("");
    expect(fs.statSync(log).ino).not.toBe(ino);
    expect(fs.readFileSync(`${log}.1`, "utf8")).toMatch(/first\n$/);
    await appendKernelLog(root, ["second"]);
    rotateKernelLog(root);
    expect(gunzipSync(fs.readFileSync(`${log}.2.gz`)).toString()).toMatch(/first\n$/);
    expect(fs.readFileSync(`${log}.1`, "utf8")).toBe("second\n");
  });

  it("RHEL: messages -> messages-YYYYMMDD", async () => {
    const root = rootOf("rhel9");
    await appendKernelLog(root, ["x"]);
    const { rotatedTo } = rotateKernelLog(root, new Date(2024, 10, 25));
    expect(path.basename(rotatedTo)).toBe("messages-20241125");
    expect(fs.readFileSync(rotatedTo, "utf8")).toMatch(/x\n$/);
    expect(fs.readFileSync(path.join(root, "var/log/messages"), "utf8")).toBe("");
  });
});
