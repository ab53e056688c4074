/**
 * /proc/net/stat/nf_conntrack (and ip_conntrack) as the kernel prints it: a header of column names,
 * then one line per possible CPU of `%08x` values. The gaps between values mirror the gaps in the
 * header (two spaces after `entries` and after `icmp_error`), and 2.6.18 ends every data line with
 * a space. Keeping the exact bytes matters: the dashboard's parser must cope with the real thing.
 */

/** Per-CPU counters by column name. `entries` is the namespace total, repeated on every line. */
export type CpuStats = {
  drop: number;
  early_drop: number;
  insert_failed: number;
  [column: string]: number;
};

export interface StatTable {
  /** Header line exactly as the kernel prints it, without the newline. */
  header: string;
  columns: string[];
  perCpu: CpuStats[];
  trailingSpace: boolean;
}

const U32 = 0x1_0000_0000;

/** Kernel counters are u32 and wrap; `%08x` never shows a sign or more than 8 digits. */
export function formatHex32(value: number): string {
  const v = Number.isFinite(value) && value > 0 ? Math.floor(value) % U32 : 0;
  return v.toString(16).padStart(8, "0");
}

export function emptyCpuStats(columns: readonly string[]): CpuStats {
  const stats: CpuStats = { drop: 0, early_drop: 0, insert_failed: 0 };
  for (const c of columns) stats[c] = 0;
  return stats;
}

/**
 * Kernels before search_restart existed (2.6.18 ip_conntrack) printed `"... %08x \n"`: every data
 * line ends in a space. The header alone tells which generation wrote the file.
 */
export function trailingSpaceFor(header: string): boolean {
  return !splitColumns(header).includes("search_restart");
}

export function splitColumns(header: string): string[] {
  return header.trim().split(/\s+/).filter((c) => c.length > 0);
}

export function parseStatFile(text: string): StatTable {
  const lines = text.split("\n");
  const header = (lines[0] ?? "").replace(/\r$/, "");
  const columns = splitColumns(header);
  if (columns[0] !== "entries") throw new Error(`stat file: unexpected header ${JSON.stringify(header)}`);
  const perCpu: CpuStats[] = [];
  let trailingSpace = false;
  for (const line of lines.slice(1)) {
    if (line.trim() === "") continue;
    trailingSpace = line.endsWith(" ");
    const values = line.trim().split(/\s+/);
    if (values.length !== columns.length) {
      throw new Error(`stat file: ${values.length} values for ${columns.length} columns`);
    }
    const stats = emptyCpuStats(columns);
    columns.forEach((c, i) => {
      const n = Number.parseInt(values[i] ?? "", 16);
      if (!Number.isFinite(n)) throw new Error(`stat file: bad hex ${JSON.stringify(values[i])}`);
      stats[c] = n;
    });
    perCpu.push(stats);
  }
  return { header, columns, perCpu, trailingSpace };
}

/** Renders the file; `entries` is taken from `count` on every CPU line, as the kernel does. */
export function formatStatFile(table: Omit<StatTable, "columns">, count: number): string {
  // Odd indices of the split are the exact gaps between header words: reuse them for the values.
  const parts = table.header.trim().split(/(\s+)/);
  const out = [table.header.trimEnd()];
  for (const stats of table.perCpu) {
    const line = parts
      .map((p, i) => (i % 2 === 1 ? p : formatHex32(p === "entries" ? count : (stats[p] ?? 0))))
      .join("");
    out.push(table.trailingSpace ? `${line} ` : line);
  }
  return `${out.join("\n")}\n`;
}

export function sumColumn(perCpu: readonly CpuStats[], column: string): number {
  return perCpu.reduce((acc, s) => acc + (s[column] ?? 0), 0);
}
