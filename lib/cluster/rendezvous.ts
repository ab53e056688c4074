import { createHash } from "node:crypto";

/**
 * Rendezvous (highest-random-weight) hashing: every replica scores every host and the highest
 * score owns it. All replicas compute the same answer from the same list of live replicas, with no
 * coordination; when a replica leaves, only its hosts move (each to its runner-up), and when one
 * joins it takes about 1/n of the fleet, from every other replica evenly.
 */

/** A 52-bit score for a (replica, host) pair: stable across processes and versions. */
export function rendezvousScore(replica: string, host: string): number {
  const digest = createHash("sha256").update(replica).update("\0").update(host).digest();
  return digest.readUIntBE(0, 6) * 16 + (digest[6]! >> 4);
}

/** The replica that owns `host` among `replicas` (null when there is none). Ties break by id. */
export function ownerOf(host: string, replicas: readonly string[]): string | null {
  let best: string | null = null;
  let bestScore = -1;
  for (const r of replicas) {
    const s = rendezvousScore(r, host);
    if (s > bestScore || (s === bestScore && best !== null && r < best)) {
      best = r;
      bestScore = s;
    }
  }
  return best;
}

/** The hosts `me` owns among `replicas` (which must include `me` for it to own any). */
export function hostsOwnedBy(me: string, hosts: readonly string[], replicas: readonly string[]): string[] {
  return hosts.filter((h) => ownerOf(h, replicas) === me);
}
