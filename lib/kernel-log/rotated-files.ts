/**
 * logrotate leaves older kernel logs beside the live one: Debian/Ubuntu number them (`kern.log.1`,
 * `kern.log.2.gz`, higher is older, `delaycompress` keeps `.1` plain); RHEL's default `dateext` names
 * them by rotation date (`messages-20261122`, `.gz` when `compress` is on).
 */
import { gunzipSync } from "node:zlib";
import { AppError } from "@/lib/errors/app-error";
import { parseLogLines } from "./parse-log-lines";
import type { ParseContext, ParseLogResult } from "./types";

const NUMBERED = /^(.*)\.(\d{1,4})$/;
const DATED = /^(.*)-(\d{8,10})$/;

interface RotationRank {
  family: string;
  /** 0: dated rotations, 1: numbered rotations, 2: the live file. */
  group: number;
  /** Within a group, smaller is older. */
  age: number;
}

function rankRotation(name: string): RotationRank {
  const base = name.slice(name.lastIndexOf("/") + 1).replace(/\.gz$/, "");
  const numbered = NUMBERED.exec(base);
  if (numbered !== null) return { family: numbered[1] ?? "", group: 1, age: -Number(numbered[2]) };
  const dated = DATED.exec(base);
  if (dated !== null) return { family: dated[1] ?? "", group: 0, age: Number(dated[2]) };
  return { family: base, group: 2, age: 0 };
}

/**
 * Oldest first, so events come out in time order and the live file, read last, wins any tie:
 * `kern.log.4.gz, kern.log.3.gz, kern.log.2.gz, kern.log.1, kern.log`; `messages-20261115,
 * messages-20261122, messages`. Names of several families stay grouped by family.
 */
export function orderRotatedFiles(names: string[]): string[] {
  return names
    .map((name) => ({ name, rank: rankRotation(name) }))
    .sort((a, b) => {
      if (a.rank.family !== b.rank.family) return a.rank.family < b.rank.family ? -1 : 1;
      return a.rank.group - b.rank.group || a.rank.age - b.rank.age;
    })
    .map((entry) => entry.name);
}

const isGzip = (buf: Buffer): boolean => buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;

/**
 * One log file, plain or gzip. Gzip is recognised by its magic bytes as well as by the name, which a
 * copy made by hand may have lost.
 */
export function parseRotatedFile(buf: Buffer, name: string, ctx: ParseContext): ParseLogResult {
  if (!name.endsWith(".gz") && !isGzip(buf)) return parseLogLines(buf.toString("utf8"), ctx);
  let text: string;
  try {
    text = gunzipSync(buf).toString("utf8");
  } catch (cause) {
    throw new AppError("parse", `kernel log ${name}: not a readable gzip file`, { cause });
  }
  return parseLogLines(text, ctx);
}
