import type { FleetProgress } from "./fleet-schema";

export interface ProgressView {
  /** "connected 612 / 1000, 23 failing" */
  headline: string;
  /** "41 connecting · 324 not tried yet" */
  detail: string;
  /** Still starting: hosts queued, connecting or never tried (not just some failing for good). */
  starting: boolean;
  /** Shares of the bar, in order: connected, connecting, failing, pending; each 0..1. */
  shares: [number, number, number, number];
}

/** What the overview says while not every host is connected; null once they all are. */
export function describeProgress(p: FleetProgress | null): ProgressView | null {
  if (!p || p.total === 0 || p.connected >= p.total) return null;
  const detail = [p.connecting ? `${p.connecting} connecting` : "", p.pending ? `${p.pending} not tried yet` : ""].filter(Boolean).join(" · ");
  const share = (n: number) => n / p.total;
  return {
    headline: `connected ${p.connected} / ${p.total}${p.failing ? `, ${p.failing} failing` : ""}`,
    detail,
    starting: p.connecting + p.pending > 0,
    shares: [share(p.connected), share(p.connecting), share(p.failing), share(p.pending)],
  };
}
