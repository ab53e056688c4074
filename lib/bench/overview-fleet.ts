/**
 * What the overview page benchmark runs against: a fleet file of N hosts that are all unreachable
 * loopback addresses (127.77.x.y, port 1, where nothing listens: every dial is refused at once, so
 * the server side costs next to nothing), the production build serving it from its own port and
 * DATA_DIR, and a signed-in session cookie.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { hashPassword } from "@/lib/auth/password";

export const BENCH_USER = { name: "bench", password: "overview-bench-pass" };

const ROLES = ["web", "api", "db", "cache", "lb", "queue", "k8s"] as const;
const REGIONS = [
  ["eu-west", "euw"],
  ["eu-north", "eun"],
  ["us-east", "use"],
  ["us-west", "usw"],
  ["ap-south", "aps"],
] as const;

/** Host i of the benchmark fleet: `web-euw-0042`, tagged with its role and region. */
export function benchHost(i: number): { name: string; address: string; tags: string[] } {
  const role = ROLES[i % ROLES.length]!;
  const [region, code] = REGIONS[Math.floor(i / ROLES.length) % REGIONS.length]!;
  // Always inside 127.0.0.0/8: nothing outside this machine is ever dialled.
  const address = `127.77.${(i >> 8) & 255}.${i & 255}`;
  if (i >= 65536) throw new Error("the benchmark fleet stays within 127.77.0.0/16");
  return { name: `${role}-${code}-${String(i).padStart(4, "0")}`, address, tags: [role, region] };
}

export async function writeBenchFleet(dir: string, hosts: number): Promise<string> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "overview-bench", "-f", path.join(dir, "id_ed25519")]);
  fs.writeFileSync(path.join(dir, "known_hosts"), "");
  const hash = await hashPassword(BENCH_USER.password);
  const lines = [
    "defaults:",
    "  user: bench",
    "  port: 1",
    "  identityFile: ./id_ed25519",
    "  knownHosts: ./known_hosts",
    "  pollIntervalSeconds: 5",
    "  timeoutSeconds: 10",
    "auth:",
    "  users:",
    `    - { name: ${BENCH_USER.name}, role: viewer, passwordHash: "${hash}" }`,
    "hosts:",
  ];
  for (let i = 0; i < hosts; i++) {
    const h = benchHost(i);
    lines.push(`  - { name: ${h.name}, address: ${h.address}, tags: [${h.tags.join(", ")}] }`);
  }
  const file = path.join(dir, "fleet.yaml");
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

export interface BenchServer {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** `next start` of the build in `appDir` (needs `.next/BUILD_ID`), on its own port and data dir. */
export async function startBenchServer(appDir: string, fleetFile: string, dataDir: string, port: number): Promise<BenchServer> {
  if (!fs.existsSync(path.join(appDir, ".next/BUILD_ID"))) throw new Error(`no production build in ${appDir}: run \`npx next build\` there first`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(path.join(appDir, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: appDir,
    env: { ...process.env, FLEET_CONFIG: fleetFile, DATA_DIR: dataDir, PORT: String(port), NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = async () => {
    if (proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (proc.exitCode === null) proc.kill("SIGKILL");
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`next start exited with status ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, proc, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`${url}/api/health did not answer within 60 s`);
}

/** Signs the bench user in through the API; returns the session cookie (name=value). */
export async function signInCookie(url: string): Promise<{ name: string; value: string }> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ user: BENCH_USER.name, password: BENCH_USER.password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: HTTP ${res.status} ${await res.text()}`);
  const raw = res.headers.get("set-cookie") ?? "";
  const m = /^([^=]+)=([^;]*)/.exec(raw);
  if (!m) throw new Error("sign-in returned no session cookie");
  return { name: m[1]!, value: m[2]! };
}

/** Resident memory of a process and its children in MB, from /proc (Linux). */
export function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let kb = 0;
  const walk = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
      kb += m ? Number(m[1]) : 0;
    } catch {
      // gone meanwhile
    }
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return kb ? Math.round(kb / 1024) : null;
}
