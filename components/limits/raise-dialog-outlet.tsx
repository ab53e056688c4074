"use client";

import { createPortal } from "react-dom";
import { closeRaiseDialog, useRaiseTarget } from "@/lib/client/limit-dialog";
import { RaiseDialog } from "./raise-dialog";

/**
 * Where the raise dialog lives: mounted once in the app shell, so it outlives the row or header
 * that opened it (a successful raise moves the host to another status group on the next poll,
 * or out of a filtered overview, and the result must stay on screen).
 */
export function RaiseDialogOutlet() {
  const target = useRaiseTarget();
  if (!target) return null;
  return createPortal(<RaiseDialog key={target.seq} host={target.host} onClose={closeRaiseDialog} />, document.body);
}
