import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Everything a limit raise could touch on a simulated host, as path → sha1 (null = absent). */
const WATCHED = [
  "proc/sys/net/netfilter",
  "proc/sys/net/ipv4/netfilter",
  "sys/module/nf_conntrack/parameters",
  "sys/module/ip_conntrack/parameters",
  "etc/sysctl.d",
  "etc/modules-load.d",
  "etc/modprobe.d",
  "etc/sysctl.conf",
  "etc/rc.d/rc.local",
];

export function snapshotHostFiles(root: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const visit = (rel: string) => {
    const abs = path.join(root, rel);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      out[rel] = null;
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) if (!name.startsWith(".")) visit(path.join(rel, name));
    } else {
      out[rel] = createHash("sha1").update(fs.readFileSync(abs)).digest("hex");
    }
  };
  WATCHED.forEach(visit);
  return out;
}

export function readHostFile(root: string, rel: string): string | null {
  try {
    return fs.readFileSync(path.join(root, rel), "utf8");
  } catch {
    return null;
  }
}
