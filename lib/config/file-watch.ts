import "server-only";
import fs from "node:fs";
import path from "node:path";

/** Identity and content stamp of a path: a rename over it (editors, `kubectl` ConfigMap swaps) changes it. */
function stamp(p: string): string {
  try {
    const st = fs.statSync(p);
    const entries = st.isDirectory() ? fs.readdirSync(p).sort().join("/") : "";
    return `${st.ino}:${st.mtimeMs}:${st.size}:${entries}`;
  } catch {
    return "missing";
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Calls `onChange` once, `debounceMs` after the last change to any of the watched paths. Watches the
 * directories that hold them (inotify on a file follows its inode, and editors replace files by
 * renaming a new one over them), plus each watched directory itself (group_vars/); a stat of every
 * path every `pollMs` catches what a watch cannot see (a directory created later, network file systems).
 */
export class FileWatcher {
  private watchers = new Map<string, fs.FSWatcher>();
  private stamps = new Map<string, string>();
  private names = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | null = null;
  private readonly poll: NodeJS.Timeout;
  private closed = false;

  constructor(
    paths: readonly string[],
    private readonly onChange: () => void,
    private readonly debounceMs = 500,
    pollMs = 5_000,
  ) {
    this.update(paths);
    this.poll = setInterval(() => this.checkStamps(), pollMs);
    this.poll.unref?.();
  }

  /** Watches exactly these paths from now on (a reload may have added or dropped an Include). */
  update(paths: readonly string[]): void {
    if (this.closed) return;
    const wanted = new Map<string, Set<string>>();
    const add = (dir: string, name: string) => wanted.set(dir, (wanted.get(dir) ?? new Set()).add(name));
    for (const p of paths) {
      add(path.dirname(p), path.basename(p));
      if (isDirectory(p)) add(p, "*"); // any entry in it

    }
    for (const [dir, w] of this.watchers) {
      if (!wanted.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of wanted.keys()) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = fs.watch(dir, { persistent: false }, (_event, filename) => {
          const names = this.names.get(dir);
          if (!filename || !names || names.has("*") || names.has(filename.toString())) this.schedule();
        });
        w.on("error", () => {
          w.close();
          this.watchers.delete(dir);
        });
        this.watchers.set(dir, w);
      } catch {
        // Not there (yet): the stat poll notices when it appears.
      }
    }
    this.names = wanted;
    this.stamps = new Map(paths.map((p) => [p, stamp(p)]));
  }

  private checkStamps(): void {
    for (const [p, s] of this.stamps) {
      if (stamp(p) !== s) {
        this.schedule();
        return;
      }
    }
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // Stamps now, so the poll does not report the same change again.
      this.stamps = new Map([...this.stamps.keys()].map((p) => [p, stamp(p)]));
      this.onChange();
    }, this.debounceMs);
    this.timer.unref?.();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    clearInterval(this.poll);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
