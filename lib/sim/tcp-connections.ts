/**
 * Who is connected to whom on this machine, from /proc/net/tcp and /proc/<pid>/fd: what tests use
 * to count a bastion's clients and forwarded connections, and to prove the dashboard never dialled
 * a host itself.
 */
import { promises as fs } from "node:fs";
import { decodeProcNetAddress, socketInodes } from "./sshd";

/** ESTABLISHED sockets of /proc/net/tcp as [inode, local, remote]. */
export async function establishedTcp(): Promise<{ inode: string; local: string; remote: string }[]> {
  const text = await fs.readFile("/proc/net/tcp", "utf8");
  return text
    .split("\n")
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[3] === "01" && f[1] && f[2] && f[9])
    .map((f) => ({ inode: f[9]!, local: decodeProcNetAddress(f[1]!), remote: decodeProcNetAddress(f[2]!) }));
}

/** Every process below `pid` (sshd forks a process per connection, which owns its forwarded sockets). */
async function descendants(pid: number): Promise<number[]> {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift()!;
    out.push(p);
    const tasks = await fs.readdir(`/proc/${p}/task`).catch(() => [] as string[]);
    for (const t of tasks) {
      const kids = await fs.readFile(`/proc/${p}/task/${t}/children`, "utf8").catch(() => "");
      queue.push(...kids.trim().split(/\s+/).filter(Boolean).map(Number));
    }
  }
  return out;
}

/** The TCP sockets `pid` and its descendants hold, by inode. */
export async function socketsOfTree(pid: number): Promise<Set<string>> {
  const all = new Set<string>();
  for (const p of await descendants(pid)) for (const i of await socketInodes(p)) all.add(i);
  return all;
}

/** Established connections of one process (not its children) to any of `destinations` (`addr:port`). */
export async function ownConnectionsTo(pid: number, destinations: readonly string[]): Promise<number> {
  const mine = await socketInodes(pid);
  return (await establishedTcp()).filter((c) => mine.has(c.inode) && destinations.includes(c.remote)).length;
}
