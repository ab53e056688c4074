/**
 * The template boundary: the only place a remote command is put together. Commands are fixed text;
 * what varies is (a) integers that pass Number.isSafeInteger and a range check right here, and
 * (b) paths and regexes that are constants of this folder or the drop-in name, which must match
 * DROP_IN_NAME_RE. Every finished template is asserted free of `'` (it runs inside `sh -c '…'`),
 * `!` (csh history expansion even in single quotes), newlines and backticks, so wrapping it for
 * sudo needs no escaping at all. Anything else throws: reaching it is a bug, never a user error.
 */
import { AppError } from "@/lib/errors/app-error";
import { asRoot } from "@/lib/conntrack/collect-command";
import { DROP_IN_NAME_RE } from "./config";

export class TemplateError extends AppError {
  constructor(message: string) {
    super("internal", `command template: ${message}`, { surface: "internal" });
    this.name = "TemplateError";
  }
}

/** An integer safe to print into a command: a safe integer within [min, max]. */
export function templateInt(value: unknown, what: string, min: number, max: number): string {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new TemplateError(`${what} must be an integer in [${min}, ${max}], got ${typeof value === "number" ? value : typeof value}`);
  }
  return String(value);
}

/** Absolute paths we build ourselves; no spaces, quotes or shell syntax. */
const SAFE_PATH = /^\/[A-Za-z0-9._/-]+$/;

export function templatePath(path: string): string {
  if (!SAFE_PATH.test(path) || path.includes("/../") || path.includes("/./")) throw new TemplateError(`unsafe path ${JSON.stringify(path)}`);
  return path;
}

export function templateDropInName(name: string): string {
  if (!DROP_IN_NAME_RE.test(name)) throw new TemplateError(`unsafe drop-in name ${JSON.stringify(name)}`);
  return name;
}

/** A constant text (regex, awk program, fixed file line) as a sh double-quoted word. */
export function dq(text: string): string {
  return `"${text.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

/** Config lines we write verbatim: a conservative charset that needs no escaping anywhere. */
const SAFE_LINE = /^[A-Za-z0-9 #._=/:,()+>-]*$/;

export function templateLine(line: string): string {
  if (!SAFE_LINE.test(line)) throw new TemplateError(`unsafe file line ${JSON.stringify(line)}`);
  return dq(line);
}

export function assertTemplate(template: string): string {
  if (/['!`\n\r\0]/.test(template)) throw new TemplateError(`forbidden character in ${JSON.stringify(template.slice(0, 80))}`);
  return template;
}

/**
 * How a step runs: through `sh` always (the login shell may be anything), with LC_ALL=C so error
 * texts are the English ones refusal detection looks for (sudo may reset the environment, so the
 * template sets it again inside), and `sudo -n` when the host is configured for it: never a
 * password prompt that would hang the channel.
 */
export function wrapCommand(template: string, sudo: boolean): string {
  const t = assertTemplate(template);
  return `env LC_ALL=C ${asRoot(sudo)}sh -c '${t}'`;
}
