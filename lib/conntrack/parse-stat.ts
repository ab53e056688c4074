/**
 * Per-CPU conntrack statistics: `/proc/net/stat/nf_conntrack` (also `/proc/net/stat/ip_conntrack` on
 * CentOS 5/6) and the `conntrack -S` fallback for kernels built without CONFIG_NF_CONNTRACK_PROCFS.
 */
import { AppError } from "@/lib/errors/app-error";

export class ParseError extends AppError {
  declare readonly code: "parse";

  constructor(message: string) {
    super("parse", message);
    this.name = "ParseError";
  }
}

export interface ConntrackStat {
  /** Column names in the order the kernel (or conntrack) printed them. */
  columns: string[];
  perCpu: Record<string, number>[];
  /** Every column summed over CPUs, except `entries`. */
  totals: Record<string, number>;
  /** Conntrack entries in the namespace, or null when the source does not print it. */
  entries: number | null;
}

const COLUMN = /^[a-z][a-z0-9_]*$/;
/** Every column is `%08x` of an unsigned int. */
const HEX_U32 = /^[0-9a-f]{1,8}$/i;
const DECIMAL = /^\d{1,15}$/;

/** Short, quoted sample of remote text for an error message. */
function sample(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function nonEmptyLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/**
 * `entries` is the namespace-wide count printed again on every CPU line (node_exporter #1233):
 * take it once, never sum it.
 */
function summarize(columns: string[], perCpu: Record<string, number>[]): ConntrackStat {
  const totals: Record<string, number> = {};
  for (const name of columns) {
    if (name === "entries") continue;
    totals[name] = perCpu.reduce((sum, row) => sum + (row[name] ?? 0), 0);
  }
  const first = perCpu[0];
  const entries = first !== undefined && "entries" in first ? (first.entries ?? null) : null;
  return { columns, perCpu, totals, entries };
}

/**
 * The header is read by name because columns were renamed across kernels (`searched`→`clashres` in
 * late 2020, `delete_list`→`chainlength` in 5.15) and 2.6 kernels have no `search_restart`; splitting on any
 * whitespace absorbs the double spaces before `clashres`/`searched` and `expect_new`, and the trailing
 * space 2.6 kernels print after the last value.
 */
export function parseConntrackStat(text: string): ConntrackStat {
  const [header, ...rows] = nonEmptyLines(text);
  if (header === undefined) throw new ParseError("conntrack stat: empty, no header line");
  const columns = header.split(/\s+/);
  if (!columns.every((c) => COLUMN.test(c))) {
    throw new ParseError(`conntrack stat: missing header line, got ${sample(header)}`);
  }
  if (new Set(columns).size !== columns.length) {
    throw new ParseError(`conntrack stat: duplicate column in header ${sample(header)}`);
  }
  const perCpu = rows.map((row, i) => {
    const fields = row.split(/\s+/);
    if (fields.length !== columns.length) {
      throw new ParseError(`conntrack stat: CPU row ${i} has ${fields.length} fields, header has ${columns.length}`);
    }
    const values: Record<string, number> = {};
    fields.forEach((field, j) => {
      const name = columns[j] ?? "";
      if (!HEX_U32.test(field)) throw new ParseError(`conntrack stat: CPU row ${i} ${name} is not hex: ${sample(field)}`);
      values[name] = Number.parseInt(field, 16);
    });
    return values;
  });
  return summarize(columns, perCpu);
}

/**
 * `conntrack -S`: one `cpu=N<TAB>name=value …` line per CPU, decimal. Netlink builds print only the
 * counters the kernel still has (found, invalid, insert, …, clash_resolve, chaintoolong); builds that
 * fall back to reading procfs print every column including `entries`, and `cpu=%-4u` pads the CPU id.
 */
export function parseConntrackS(text: string): ConntrackStat {
  const lines = nonEmptyLines(text);
  if (lines.length === 0) throw new ParseError("conntrack -S: no output");
  const columns: string[] = [];
  const perCpu = lines.map((line, i) => {
    const [cpu, ...pairs] = line.split(/\s+/);
    if (cpu === undefined || !/^cpu=\d+$/.test(cpu)) {
      throw new ParseError(`conntrack -S: line ${i + 1} does not start with cpu=N: ${sample(line)}`);
    }
    const values: Record<string, number> = {};
    for (const pair of pairs) {
      const m = /^([a-z][a-z0-9_]*)=(.*)$/.exec(pair);
      const name = m?.[1];
      const value = m?.[2] ?? "";
      if (name === undefined || !DECIMAL.test(value)) {
        throw new ParseError(`conntrack -S: line ${i + 1} has a bad field ${sample(pair)}`);
      }
      values[name] = Number(value);
      if (!columns.includes(name)) columns.push(name);
    }
    return values;
  });
  return summarize(columns, perCpu);
}
