/**
 * The Prometheus text exposition format (0.0.4) and OpenMetrics 1.0, written by hand: the families
 * are fixed and each host's series names with labels are rendered once and kept (fleet-metrics.ts),
 * so a 5000-host scrape is string appends. Differences that matter between the two: OpenMetrics names a counter family
 * without `_total` and its samples with it, escapes `"` in HELP, and ends with `# EOF`.
 */

export type ExpositionFormat = "text" | "openmetrics";

export const CONTENT_TYPE: Record<ExpositionFormat, string> = {
  text: "text/plain; version=0.0.4; charset=utf-8",
  openmetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8",
};

/**
 * OpenMetrics when the Accept header prefers it (Prometheus asks for it first by default), the text
 * format otherwise: no header, `*\/*`, text/plain, or OpenMetrics only at a lower q.
 */
export function negotiateFormat(accept: string | null): ExpositionFormat {
  if (!accept) return "text";
  let om = 0;
  let text = 0;
  for (const part of accept.split(",")) {
    const [type = "", ...params] = part.split(";").map((p) => p.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type === "application/openmetrics-text") om = Math.max(om, q);
    else if (type === "text/plain" || type === "*/*" || type === "text/*") text = Math.max(text, q);
  }
  return om > 0 && om >= text ? "openmetrics" : "text";
}

/** Label values: backslash, double quote and line feed are escaped (both formats). */
export function escapeLabelValue(v: string): string {
  return /[\\"\n]/.test(v) ? v.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`)) : v;
}

function escapeHelp(v: string, format: ExpositionFormat): string {
  const re = format === "openmetrics" ? /[\\"\n]/g : /[\\\n]/g;
  return v.replace(re, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

/** A Go-style float: integers without a fraction, NaN and infinities spelt as Prometheus reads them. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

export interface MetricFamily {
  /** Counters without `_total`: it is added to the samples (and, in the text format, to the family). */
  name: string;
  type: "gauge" | "counter";
  help: string;
}

/** The name samples carry: counters end in `_total` in both formats. */
export function sampleName(f: MetricFamily): string {
  return f.type === "counter" ? `${f.name}_total` : f.name;
}

/** `# HELP` and `# TYPE` of a family; OpenMetrics declares a counter family without `_total`. */
export function familyHeader(f: MetricFamily, format: ExpositionFormat): string {
  const declared = format === "openmetrics" ? f.name : sampleName(f);
  return `# HELP ${declared} ${escapeHelp(f.help, format)}\n# TYPE ${declared} ${f.type}\n`;
}

/** What ends a document: OpenMetrics requires `# EOF`. */
export function documentEnd(format: ExpositionFormat): string {
  return format === "openmetrics" ? "# EOF\n" : "";
}
