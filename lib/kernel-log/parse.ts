/** Kernel log parsing: conntrack exhaustion events from journal, dmesg, kern.log and messages. */
export type { KernelEvent, KernelEventKind, KeyCarry, LogSource, ParseCarry, ParseContext, ParseLogResult } from "./types";
export { classifyKernelMessage, normalizeKernelMessage, type Classification } from "./classify";
export { parseLogLines, SUPPRESSED_ATTRIBUTION_WINDOW_MS } from "./parse-log-lines";
export { orderRotatedFiles, parseRotatedFile } from "./rotated-files";
export { parseUtcOffset } from "./timestamps";
