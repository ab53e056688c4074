/**
 * Housekeeping of the sim directory: is it usable as a chroot parent, is anything left running or
 * mounted below it from an earlier run, and wiping it safely.
 */
import { promises as fs } from "node:fs";
import path from "node:path";

/** Marks a directory as ours, so `--dir` pointing at the wrong place is never wiped. */
export const MARKER = ".sim-fleet";

/**
 * Paths end up in sshd_config (where `%` is a token and spaces need quoting) and in chroot checks:
 * a conservative charset avoids both problems.
 */
const SAFE_PATH = /^\/[A-Za-z0-9._/-]+$/;

/** sshd's ChrootDirectory demands root-owned, not group/other-writable components all the way up. */
export async function assertUsableSimDir(dir: string): Promise<void> {
  if (!SAFE_PATH.test(dir)) throw new Error(`sim dir ${dir}: use only [A-Za-z0-9._/-] in the path`);
  if (dir === "/") throw new Error("sim dir must not be /");
  for (let p = path.dirname(dir); ; p = path.dirname(p)) {
    const st = await fs.stat(p);
    if (st.uid !== 0 || (st.mode & 0o022) !== 0) {
      throw new Error(
        `sim dir ${dir}: ${p} must be owned by root and not group/other-writable (sshd ChrootDirectory rule); ` +
          "/tmp does not qualify, use a directory under the repo such as .sim or .e2e/sim",
      );
    }
    if (p === "/") break;
  }
}

/**
 * `preferred` when sshd would accept chroots below it; otherwise a stand-in under /run (root-owned,
 * 0755 everywhere), named after `preferred` so two checkouts do not share one. This lets a clone in
 * a group-writable place (CI's work dir, /tmp) still run the simulated fleet.
 */
export async function usableSimDir(preferred: string): Promise<string> {
  const abs = path.resolve(preferred);
  try {
    await assertUsableSimDir(abs);
    return abs;
  } catch {
    const { createHash } = await import("node:crypto");
    const tag = createHash("sha1").update(abs).digest("hex").slice(0, 10);
    const alt = `/run/conntrack-fleet-sim/${path.basename(abs).replace(/[^A-Za-z0-9._-]/g, "_")}-${tag}`;
    await fs.mkdir(path.dirname(alt), { recursive: true, mode: 0o755 });
    await assertUsableSimDir(alt);
    return alt;
  }
}

/** Mount points at or below `dir` in our mount namespace (mountinfo escapes spaces as \040). */
export async function mountsUnder(dir: string): Promise<string[]> {
  const text = await fs.readFile("/proc/self/mountinfo", "utf8");
  const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
  return text
    .split("\n")
    .map((l) => unescape(l.split(" ")[4] ?? ""))
    .filter((mp) => mp === dir || mp.startsWith(`${dir}/`));
}

async function cmdline(pid: number): Promise<string> {
  const raw = await fs.readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  return raw.replaceAll("\0", " ");
}

function kill(pid: number): boolean {
  try {
    process.kill(pid, "SIGKILL");
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills sshd instances of an earlier run of this dir: first by the pid files in <dir>/run, then any
 * process whose command line names one of its sshd configs (sshd's own title keeps `-f <cfg>`).
 * A pid is only killed when its command line proves it is ours, so a recycled pid is safe.
 */
export async function killLeftovers(dir: string): Promise<number> {
  const runDir = path.join(dir, "run");
  const tag = `${runDir}/sshd-`;
  const victims = new Set<number>();
  for (const f of await fs.readdir(runDir).catch(() => [] as string[])) {
    if (!f.endsWith(".pid")) continue;
    const pid = Number((await fs.readFile(path.join(runDir, f), "utf8").catch(() => "")).trim());
    if (Number.isInteger(pid) && pid > 1 && (await cmdline(pid)).includes(tag)) victims.add(pid);
  }
  for (const entry of await fs.readdir("/proc")) {
    const pid = Number(entry);
    if (Number.isInteger(pid) && pid > 1 && pid !== process.pid && (await cmdline(pid)).includes(tag)) victims.add(pid);
  }
  // sshd before its wrapper: killing sshd (PID 1 of its namespace) takes the sessions down with it.
  const ordered = [...victims].sort((a, b) => b - a);
  let killed = 0;
  for (const pid of ordered) if (kill(pid)) killed++;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const alive = await Promise.all(ordered.map((p) => cmdline(p).then((c) => c.includes(tag))));
    if (!alive.some(Boolean)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return killed;
}

/**
 * Process start time in clock ticks since boot: with the pid, an identity that survives pid reuse.
 * Null for a dead process, including a zombie nobody has reaped yet (a SIGKILLed owner often is one).
 */
async function startTicks(pid: number): Promise<string | null> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ") ?? [];
  if (fields[0] === "Z" || fields[0] === "X") return null;
  return fields[19] ?? null;
}

const ownerFile = (dir: string): string => path.join(dir, "run", "owner.json");

/** Records this process as the one running the fleet in `dir` (blackhole, scenario, sshd parent). */
export async function claimSimDir(dir: string): Promise<void> {
  await fs.writeFile(ownerFile(dir), `${JSON.stringify({ pid: process.pid, start: await startTicks(process.pid) })}\n`);
}

export async function releaseSimDir(dir: string): Promise<void> {
  const owner = await liveOwner(dir);
  if (owner === process.pid) await fs.rm(ownerFile(dir), { force: true });
}

/** The pid of the process still running the fleet in `dir`, or null if it is gone. */
export async function liveOwner(dir: string): Promise<number | null> {
  const text = await fs.readFile(ownerFile(dir), "utf8").catch(() => null);
  if (text === null) return null;
  try {
    const o = JSON.parse(text) as { pid?: unknown; start?: unknown };
    if (typeof o.pid !== "number" || typeof o.start !== "string") return null;
    return (await startTicks(o.pid)) === o.start ? o.pid : null;
  } catch {
    return null;
  }
}

/** Empties `dir` for a fresh fleet, refusing anything that is not a sim dir or still has mounts. */
export async function resetSimDir(dir: string): Promise<void> {
  const entries = await fs.readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return null;
    throw err;
  });
  if (entries !== null && entries.length > 0 && !entries.includes(MARKER)) {
    throw new Error(`${dir} is not empty and has no ${MARKER} marker: refusing to delete it`);
  }
  if (entries !== null) {
    const owner = await liveOwner(dir);
    if (owner !== null) {
      throw new Error(
        `${dir} is in use by running process ${owner}${owner === process.pid ? " (this one: stop the previous fleet first)" : ""}; ` +
          `stop it, or run: npx tsx lib/sim/cli.ts down --dir ${dir}`,
      );
    }
    await killLeftovers(dir);
    const mounts = await mountsUnder(dir);
    if (mounts.length > 0) {
      throw new Error(`mounts below ${dir} (${mounts.join(", ")}): unmount them before starting the sim`);
    }
    await fs.rm(dir, { recursive: true, force: true });
  }
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  await fs.chmod(dir, 0o755);
  await fs.writeFile(path.join(dir, MARKER), "lib/sim fleet directory; regenerated on every start\n");
}
