/**
 * logrotate as the host's distribution configures it, for tests of incremental log reading:
 * Debian/Ubuntu rotate kern.log to kern.log.1 and compress one step later (delaycompress, rotate 4);
 * RHEL/CentOS rename messages to messages-YYYYMMDD (dateext, no compression). Either way a new, empty
 * log takes the old name, so a reader holding an offset must notice the inode change.
 */
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { hostLogFile } from "./host-state";

const KEEP = 4;

export function rotateKernelLog(root: string, now = new Date()): { rotatedTo: string } {
  const file = hostLogFile(root);
  const dir = path.dirname(file);
  const base = path.basename(file);
  let rotatedTo: string;
  if (base === "messages") {
    const stamp = `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, "0")}${String(now.getDate()).padStart(2, "0")}`;
    rotatedTo = path.join(dir, `messages-${stamp}`);
    // A second rotation on the same day appends to that day's file, as logrotate would refuse to clobber it.
    if (fs.existsSync(rotatedTo)) fs.appendFileSync(rotatedTo, fs.readFileSync(file));
    else fs.renameSync(file, rotatedTo);
    fs.rmSync(file, { force: true });
  } else {
    fs.rmSync(`${file}.${KEEP}.gz`, { force: true });
    for (let n = KEEP - 1; n >= 2; n--) {
      if (fs.existsSync(`${file}.${n}.gz`)) fs.renameSync(`${file}.${n}.gz`, `${file}.${n + 1}.gz`);
    }
    if (fs.existsSync(`${file}.1`)) {
      fs.writeFileSync(`${file}.2.gz`, gzipSync(fs.readFileSync(`${file}.1`)), { mode: 0o640 });
      fs.rmSync(`${file}.1`);
    }
    rotatedTo = `${file}.1`;
    fs.renameSync(file, rotatedTo);
  }
  fs.writeFileSync(file, "", { mode: 0o640 });
  return { rotatedTo };
}
