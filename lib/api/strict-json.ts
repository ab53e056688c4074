/**
 * A strict JSON parser (RFC 8259) for request bodies. JSON.parse keeps the last of two equal keys,
 * so `{"max":1,"max":524288}` would be read as 524288 while a proxy, a WAF or the audit view
 * upstream of us may have read 1: a body with a key twice, at any depth, is refused. Keys are
 * compared decoded (`"m\u0061x"` is `max`). Number literals are reported with their source text
 * and path, so a caller can insist on plain digits whatever spelling the key had.
 */

export type JsonPath = readonly (string | number)[];

export class JsonBodyError extends Error {
  constructor(
    message: string,
    readonly kind: "syntax" | "duplicate_key",
    readonly path: JsonPath,
  ) {
    super(message);
    this.name = "JsonBodyError";
  }
}

export interface StrictJsonOptions {
  /** Called for every number with its path and its text as written (`1e6`, `524288.0`). */
  onNumber?: (path: JsonPath, raw: string) => void;
  /** Nesting beyond this is refused (a request body has no business being deep). */
  maxDepth?: number;
}

/** `a.b[2].c`, or "the top level" for the root object. */
export function formatJsonPath(path: JsonPath): string {
  let out = "";
  for (const k of path) out += typeof k === "number" ? `[${k}]` : out ? `.${k}` : k;
  return out;
}

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

export function parseStrictJson(text: string, opts: StrictJsonOptions = {}): unknown {
  const maxDepth = opts.maxDepth ?? 64;
  let i = 0;

  const fail = (what: string, path: JsonPath): never => {
    const where = i >= text.length ? "at the end" : `at position ${i}`;
    throw new JsonBodyError(`${what} ${where}`, "syntax", path);
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else return;
    }
  };
  const describe = () => (i >= text.length ? "unexpected end" : `unexpected ${JSON.stringify(text[i])}`);

  const str = (path: JsonPath): string => {
    i++; // opening quote
    let out = "";
    let start = i;
    for (;;) {
      if (i >= text.length) fail("unterminated string", path);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) fail("control character in a string", path);
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(start, i);
      const e = text[i + 1];
      if (e === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) fail("bad \\u escape", path);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
        i += 2;
      } else {
        fail("bad escape", path);
      }
      start = i;
    }
  };

  const value = (path: JsonPath, depth: number): unknown => {
    ws();
    const c = text[i];
    if (c === "{" || c === "[") {
      if (depth >= maxDepth) fail(`nested deeper than ${maxDepth} levels`, path);
      return c === "{" ? object(path, depth + 1) : array(path, depth + 1);
    }
    if (c === '"') return str(path);
    if (c === "t" && text.startsWith("true", i)) return (i += 4), true;
    if (c === "f" && text.startsWith("false", i)) return (i += 5), false;
    if (c === "n" && text.startsWith("null", i)) return (i += 4), null;
    NUMBER_RE.lastIndex = i;
    const m = NUMBER_RE.exec(text);
    if (m) {
      i += m[0].length;
      opts.onNumber?.(path, m[0]);
      return Number(m[0]);
    }
    return fail(describe(), path);
  };

  const object = (path: JsonPath, depth: number): Record<string, unknown> => {
    i++;
    // Own properties even for "__proto__", as JSON.parse makes them: never the prototype.
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    ws();
    if (text[i] === "}") return i++, out;
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`${describe()} where a key should be`, path);
      const keyAt = i;
      const key = str(path);
      if (seen.has(key)) {
        i = keyAt;
        const where = path.length ? ` in ${formatJsonPath(path)}` : "";
        throw new JsonBodyError(`duplicate key "${key}"${where}`, "duplicate_key", [...path, key]);
      }
      seen.add(key);
      ws();
      if (text[i] !== ":") fail(`${describe()} where ':' should be`, path);
      i++;
      const v = value([...path, key], depth);
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      ws();
      if (text[i] === ",") i++;
      else if (text[i] === "}") return i++, out;
      else fail(`${describe()} where ',' or '}' should be`, path);
    }
  };

  const array = (path: JsonPath, depth: number): unknown[] => {
    i++;
    const out: unknown[] = [];
    ws();
    if (text[i] === "]") return i++, out;
    for (;;) {
      out.push(value([...path, out.length], depth));
      ws();
      if (text[i] === ",") i++;
      else if (text[i] === "]") return i++, out;
      else fail(`${describe()} where ',' or ']' should be`, path);
    }
  };

  const result = value([], 0);
  ws();
  if (i < text.length) fail(`${describe()} after the value`, []);
  return result;
}
