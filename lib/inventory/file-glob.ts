import fs from "node:fs";
import path from "node:path";

const hasWildcard = (s: string): boolean => /[*?]/.test(s);

function componentRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
}

/**
 * The files an absolute glob (`*`, `?` in any component) names, sorted like glob(3) sorts them
 * (OpenSSH reads Include files in that order). Dot files only match a pattern that starts with a
 * dot; a pattern without wildcards is returned as is when it exists. No match is no files.
 */
export function globFiles(pattern: string): string[] {
  const parts = pattern.split("/").filter((p, i) => p !== "" || i === 0);
  let bases = [parts[0] === "" ? "/" : parts[0]!];
  for (const part of parts.slice(1)) {
    const next: string[] = [];
    for (const base of bases) {
      if (!hasWildcard(part)) {
        next.push(path.join(base, part));
        continue;
      }
      let names: string[];
      try {
        names = fs.readdirSync(base);
      } catch {
        continue;
      }
      const re = componentRegExp(part);
      for (const n of names.sort()) if (re.test(n) && (part.startsWith(".") || !n.startsWith("."))) next.push(path.join(base, n));
    }
    bases = next;
  }
  return bases.filter((f) => {
    try {
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  });
}
