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
