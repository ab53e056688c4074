"use client";

import { useEffect, useLayoutEffect, useRef, type ReactNode } from "react";

export interface ModalProps {
  /** id of the element that names the dialog. */
  labelledBy: string;
  /** While true, Esc and the close button do nothing: something is running on a host. */
  locked: boolean;
  onClose: () => void;
  testId?: string;
  children: ReactNode;
}

/**
 * A native modal `<dialog>`: the browser makes the rest of the page inert, traps focus, closes on
 * Esc and hands focus back to the opener. A click on the backdrop does not close it; a half-read
 * command preview should not vanish because the mouse slipped. Anchored near the top so it does
 * not jump as the preview below grows and shrinks.
 */
const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/** Controls Tab can reach, in order: enabled, rendered, not in a closed <details>. */
function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) =>
      !(el as HTMLButtonElement).disabled &&
      el.getAttribute("aria-hidden") !== "true" &&
      (el as HTMLInputElement).type !== "hidden" &&
      // Tab stops at the checked radio of a group only.
      !((el as HTMLInputElement).type === "radio" && !(el as HTMLInputElement).checked) &&
      el.getClientRects().length > 0 &&
      el.tabIndex >= 0,
  );
}

export function Modal({ labelledBy, locked, onClose, testId, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const latest = useRef({ locked, onClose });
  useLayoutEffect(() => {
    latest.current = { locked, onClose };
  });

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      data-testid={testId}
      onKeyDown={(e) => {
        // A native modal keeps focus in the page, but Chrome's Tab from the last control goes to the
        // browser's own UI once per cycle; wrap within the dialog instead.
        if (e.key !== "Tab" || !ref.current) return;
        const items = focusables(ref.current);
        if (items.length === 0) return;
        const first = items[0]!;
        const last = items[items.length - 1]!;
        const active = document.activeElement;
        if (!e.shiftKey && (active === last || !ref.current.contains(active))) {
          e.preventDefault();
          first.focus();
        } else if (e.shiftKey && (active === first || active === ref.current)) {
          e.preventDefault();
          last.focus();
        }
      }}
      onCancel={(e) => {
        if (latest.current.locked) e.preventDefault();
      }}
      onClose={() => {
        // Chrome lets a second Esc force a modal shut even when `cancel` was prevented; while a
        // change is in flight the result must still have somewhere to appear.
        if (latest.current.locked) ref.current?.showModal();
        else latest.current.onClose();
      }}
      className="mx-auto mt-[5dvh] mb-auto flex max-h-[min(90dvh,960px)] w-[min(760px,calc(100vw-2rem))] flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white p-0 text-sm text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 not-open:hidden dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:backdrop:bg-black/70"
    >
      {children}
    </dialog>
  );
}
