/**
 * Host-name patterns: OpenSSH pattern lists (`*`, `?`, `!negation`), the fleet file's include/exclude
 * selection, and Ansible's host ranges (`web[01:20].example.com`).
 */

const compiled = new Map<string, RegExp>();

/** `*` any run of characters, `?` exactly one (as in ssh_config(5) PATTERNS and fnmatch). */
export function matchesPattern(pattern: string, name: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, "i");
    compiled.set(pattern, re);
  }
  return re.test(name);
}

/**
 * An ssh_config pattern list: true when a positive pattern matches and no negated one does
 * ("If a negated entry is matched, then the Host entry is ignored", ssh_config(5)).
 */
export function matchesPatternList(patterns: readonly string[], name: string): boolean {
  let hit = false;
  for (const p of patterns) {
    if (p.startsWith("!")) {
      if (matchesPattern(p.slice(1), name)) return false;
    } else if (matchesPattern(p, name)) hit = true;
  }
  return hit;
}

export const isWildcardPattern = (p: string): boolean => /[*?!]/.test(p);

/** The fleet file's selection: an entry is watched when an include matches and no exclude does. */
export function isSelected(name: string, include: readonly string[], exclude: readonly string[]): boolean {
  return include.some((p) => matchesPattern(p, name)) && !exclude.some((p) => matchesPattern(p, name));
}

/** Ansible's test (inventory/helpers detect_range): a `[` before a `:` before a `]`, not at the start. */
export function hasHostRange(pattern: string): boolean {
  const open = pattern.indexOf("[");
  const colon = pattern.indexOf(":", open);
  const close = pattern.indexOf("]", colon);
  return open > 0 && colon > open && close > colon;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** A range of more hosts than this is a typo (`[1:100000]`), not a fleet. */
const MAX_RANGE_HOSTS = 100_000;

/**
 * Expands Ansible host ranges the way ansible's expand_hostname_range does: `[01:20]` keeps the
 * zero padding (begin and end must then have the same width), `[a:f]` is a letter range, `[0:20:5]`
 * has a step, an empty begin is 0, several ranges in one name multiply. Throws with the reason.
 */
export function expandHostRange(pattern: string): string[] {
  if (!hasHostRange(pattern)) return [pattern];
  const open = pattern.indexOf("[");
  const close = pattern.indexOf("]", open);
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = pattern.slice(open + 1, close).split(":");
  if (bounds.length !== 2 && bounds.length !== 3) throw new Error(`host range ${pattern}: must be [begin:end] or [begin:end:step]`);
  const beg = bounds[0] || "0";
  const end = bounds[1] ?? "";
  if (!end) throw new Error(`host range ${pattern}: no end value`);
  const stepText = bounds[2] ?? "1";
  if (!/^[1-9][0-9]*$/.test(stepText)) throw new Error(`host range ${pattern}: step must be a positive integer`);
  const step = Number(stepText);

  let seq: string[];
  if (/^[A-Za-z]$/.test(beg) && /^[A-Za-z]$/.test(end)) {
    const b = LETTERS.indexOf(beg);
    const e = LETTERS.indexOf(end);
    if (b > e) throw new Error(`host range ${pattern}: begin must not be after end`);
    seq = [];
    for (let i = b; i <= e; i += step) seq.push(LETTERS[i]!);
  } else {
    if (!/^[0-9]+$/.test(beg) || !/^[0-9]+$/.test(end)) throw new Error(`host range ${pattern}: begin and end must both be numbers or both letters`);
    const width = beg.length > 1 && beg.startsWith("0") ? beg.length : 0;
    if (width && width !== end.length) throw new Error(`host range ${pattern}: zero-padded begin and end must have the same width`);
    const b = Number(beg);
    const e = Number(end);
    if ((e - b) / step + 1 > MAX_RANGE_HOSTS) throw new Error(`host range ${pattern}: more than ${MAX_RANGE_HOSTS} hosts`);
    seq = [];
    // begin > end gives no hosts, like Python's range().
    for (let i = b; i <= e; i += step) seq.push(width ? String(i).padStart(width, "0") : String(i));
  }
  const out: string[] = [];
  for (const s of seq) {
    const name = `${head}${s}${tail}`;
    if (hasHostRange(name)) out.push(...expandHostRange(name));
    else out.push(name);
    if (out.length > MAX_RANGE_HOSTS) throw new Error(`host range ${pattern}: more than ${MAX_RANGE_HOSTS} hosts`);
  }
  return out;
}
