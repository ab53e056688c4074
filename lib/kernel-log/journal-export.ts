/**
 * `journalctl -o export` (systemd.io/JOURNAL_EXPORT_FORMATS) → one short-iso line per entry, so an
 * export someone pasted or saved parses like the journal reader's own output. The reader itself asks
 * journalctl for short-iso-precise; this is for text that arrives in the export format.
 *
 * An entry is `KEY=value` lines ended by an empty line. Binary fields (a name line, a 64-bit length and
 * raw bytes) cannot be read back once a paste has lost their NUL bytes, so lines without `=` are skipped
 * and an empty line only ends an entry once the next one starts with its own `__CURSOR=`/
 * `__REALTIME_TIMESTAMP=` (systemd/systemd#16202 shows such a paste, a `_SELINUX_CONTEXT` in the middle).
 */

const ENTRY_START = /^(?:__CURSOR|__REALTIME_TIMESTAMP)=/;

/** Whether the text is export format rather than lines with a header. */
export function isJournalExport(text: string): boolean {
  return ENTRY_START.test(text) && /(?:^|\n)__REALTIME_TIMESTAMP=\d/.test(text);
}

function entryLine(fields: Map<string, string>): string | null {
  const micros = fields.get("__REALTIME_TIMESTAMP");
  const message = fields.get("MESSAGE");
  if (micros === undefined || !/^\d{1,17}$/.test(micros) || message === undefined) return null;
  const iso = new Date(Math.floor(Number(micros) / 1000)).toISOString();
  const kernel = fields.get("_TRANSPORT") === "kernel";
  const tag = kernel ? "kernel" : (fields.get("SYSLOG_IDENTIFIER") ?? fields.get("_COMM") ?? "unknown").replace(/[\s:[]/g, "_");
  const host = (fields.get("_HOSTNAME") ?? "-").replace(/\s/g, "_");
  return `${iso} ${host} ${tag}: ${message}`;
}

export function journalExportToLines(text: string): string {
  const out: string[] = [];
  let fields = new Map<string, string>();
  let ended = false;
  const flush = (): void => {
    const line = entryLine(fields);
    if (line !== null) out.push(line);
    fields = new Map();
  };
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "") {
      ended = true;
      continue;
    }
    if (ended && ENTRY_START.test(line) && fields.size > 0) flush();
    ended = false;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    if (/^[A-Z0-9_]+$/.test(key) && !fields.has(key)) fields.set(key, line.slice(eq + 1));
  }
  if (fields.size > 0) flush();
  return out.join("\n");
}
