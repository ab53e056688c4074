import type { HostError } from "./fleet-schema";

/** A refused host key in words: each expected key with where it is, the offered one, the fix. */
export interface HostKeyStory {
  /** `expected SHA256:… (known_hosts line N of FILE)`, one per matching line. */
  expected: string[];
  /** `offered SHA256:…`, or null when the server did not say. */
  offered: string | null;
  /** The `ssh-keygen -R` commands that remove the stale lines. */
  removeCommands: string[];
}

export function hostKeyStory(error: HostError | null | undefined): HostKeyStory | null {
  if (!error || error.code !== "hostkey") return null;
  return {
    expected: (error.expected ?? []).map((e) => `expected ${e.fingerprint} (known_hosts line ${e.line} of ${e.file})`),
    offered: error.fingerprint ? `offered ${error.fingerprint}` : null,
    removeCommands: error.removeCommands ?? [],
  };
}

/**
 * The `title` of a status reason: the code and message, and for a changed host key the expected and
 * offered fingerprints on lines of their own with the command that clears the stale line.
 */
export function describeHostError(error: HostError | null | undefined): string | undefined {
  if (!error) return undefined;
  const story = hostKeyStory(error);
  if (!story || (story.expected.length === 0 && story.offered === null)) return `${error.code}: ${error.message}`;
  const head = story.expected.length > 0 ? "hostkey: the host key changed" : `hostkey: ${error.message}`;
  const fix = story.removeCommands.map((c) => `if the host was reinstalled and its new key checked: ${c}`);
  return [head, ...story.expected, ...(story.offered ? [story.offered] : []), ...fix].join("\n");
}
