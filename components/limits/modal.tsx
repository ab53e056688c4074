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
