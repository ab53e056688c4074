/**
 * The hover read-out above each chart, written straight into the DOM from uPlot's cursor hook:
 * the mouse moves at 60 Hz and React must not re-render for it.
 */
export interface ReadoutPart {
  text: string;
  className?: string;
}

export function writeReadout(el: HTMLElement | null, parts: readonly ReadoutPart[]): void {
  if (!el) return;
  const nodes = parts.map((p) => {
    const span = document.createElement("span");
    span.textContent = p.text;
    if (p.className) span.className = p.className;
    return span;
  });
  el.replaceChildren(...nodes);
}

export const READOUT_MUTED = "text-zinc-400 dark:text-zinc-500";
export const READOUT_VALUE = "font-medium text-zinc-800 dark:text-zinc-200";
