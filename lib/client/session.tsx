"use client";

import { createContext, useContext, type ReactNode } from "react";

/** Who is signed in, as the server rendered it. The CSRF token goes on every state-changing request. */
export interface ClientSession {
  user: string;
  role: "viewer" | "operator";
  csrf: string;
  demo: boolean;
}

const SessionContext = createContext<ClientSession | null>(null);

export function SessionProvider({ session, children }: { session: ClientSession | null; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): ClientSession | null {
  return useContext(SessionContext);
}

/** POST JSON with the CSRF header; the error body's message when the server says no. */
export async function postJson<T>(url: string, body: unknown, csrf: string | null): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(csrf ? { "x-csrf-token": csrf } : {}) },
    body: JSON.stringify(body),
  });
  const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new Error(data?.error?.message ?? `request failed (${res.status})`);
  return data as T;
}
