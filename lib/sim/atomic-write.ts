/**
 * Atomic file replacement for the simulated hosts' pseudo-files: a poll running `head` in the
 * chroot must see the old or the new content, never a truncated file.
 */
import fs from "node:fs";
import path from "node:path";

let tmpSeq = 0;

const dotName = (file: string, suffix: string): string => path.join(path.dirname(file), `.${path.basename(file)}.${suffix}`);

/** Temp file in the same directory plus rename: readers see the old or the new file, never half. */
export function writeFileAtomicSync(file: string, content: string, opts: { recycle?: boolean } = {}): void {
  if (opts.recycle) return writeRecycledSync(file, content);
  const tmp = dotName(file, `sim-${process.pid}-${++tmpSeq}`);
  fs.writeFileSync(tmp, content, { mode: 0o644 });
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Same atomicity, for files rewritten every tick. On ext4, renaming a freshly written file over an
 * existing one (or truncating one to zero) forces its delayed-allocation blocks out (auto_da_alloc),
 * which made a 200-host tick cost ~4x more. So the inode being replaced is kept (hard link) as this
 * process's spare and overwritten in place next time: its block is already allocated, nothing to flush.
 */
function writeRecycledSync(file: string, content: string): void {
  const spare = dotName(file, `sim-spare-${process.pid}`);
  const old = dotName(file, `sim-old-${process.pid}`);
  const buf = Buffer.from(content);
  // No O_TRUNC: truncating to zero would arm the same flush on close.
  const fd = fs.openSync(spare, fs.constants.O_WRONLY | fs.constants.O_CREAT, 0o644);
  try {
    fs.writeSync(fd, buf, 0, buf.length, 0);
    fs.ftruncateSync(fd, buf.length);
  } finally {
    fs.closeSync(fd);
  }
  let kept = true;
  try {
    fs.linkSync(file, old);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      fs.unlinkSync(old);
      fs.linkSync(file, old);
    } else if (code === "ENOENT") {
      kept = false;
    } else {
      throw err;
    }
  }
  fs.renameSync(spare, file);
  if (kept) fs.renameSync(old, spare);
}
