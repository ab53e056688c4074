"use client";

import { useState } from "react";
import type { HostError } from "@/lib/client/fleet-schema";
import { hostKeyStory } from "@/lib/client/host-key-format";

const mono = "font-mono text-[12px] break-all text-zinc-900 dark:text-zinc-100";

/**
 * A refused host key, in full: which known_hosts line expected which key, what the host offered,
 * and the command that removes the stale line once the new key has been checked. Nothing is sent
 * to the host until then; the dashboard re-reads known_hosts when it changes.
 */
export function HostKeyPanel({ error }: { error: HostError | null }) {
  const story = hostKeyStory(error);
  if (!story || !error) return null;
  const changed = story.expected.length > 0;
  return (
    <section
      data-testid="hostkey-panel"
      aria-label="Host key"
      className="space-y-1.5 rounded-md border border-violet-300 bg-violet-50 px-3 py-2 text-[13px] text-violet-950 dark:border-violet-500/40 dark:bg-violet-500/10 dark:text-violet-100"
    >
      <p className="font-medium">
        {changed ? "The host key changed since known_hosts was written." : "The host offered a key known_hosts does not hold."} Nothing is sent
        to this host until known_hosts agrees with it.
      </p>
      <ul className="space-y-1">
        {(error.expected ?? []).map((e) => (
          <li key={`${e.file}:${e.line}`} data-testid="hostkey-expected">
            <span className="font-medium">expected</span> <span data-testid="hostkey-expected-fingerprint" className={mono}>{e.fingerprint}</span>{" "}
            <span className="text-violet-900/80 dark:text-violet-200/80">
              ({e.type}, known_hosts line <span className="num">{e.line}</span> of <span className="font-mono text-[12px] break-all">{e.file}</span>)
            </span>
          </li>
        ))}
        {error.fingerprint && (
          <li data-testid="hostkey-offered">
            <span className="font-medium">offered</span> <span data-testid="hostkey-offered-fingerprint" className={mono}>{error.fingerprint}</span>
          </li>
        )}
      </ul>
      {story.removeCommands.length > 0 && (
        <div className="space-y-1">
          <p className="text-[12px] text-violet-900/80 dark:text-violet-200/80">
            If the host was reinstalled and you have checked the new key out of band (the host's console: <code className="font-mono">ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub</code>),
            remove the stale line, then record the new key (connect once with <code className="font-mono">ssh</code>, or{" "}
            <code className="font-mono">hostKeyPolicy: accept-new</code>):
          </p>
          {story.removeCommands.map((c) => (
            <Command key={c} text={c} />
          ))}
        </div>
      )}
    </section>
  );
}

function Command({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex items-start gap-2">
      <pre data-testid="hostkey-remove-command" className="min-w-0 flex-1 rounded bg-white px-2 py-1 font-mono text-[12px] leading-5 whitespace-pre-wrap text-zinc-800 ring-1 [overflow-wrap:anywhere] ring-violet-200 dark:bg-zinc-950 dark:text-zinc-200 dark:ring-violet-500/30">
        {text}
      </pre>
      <button
        type="button"
        onClick={() => {
          // Refused on plain http in some browsers: the command stays selectable either way.
          navigator.clipboard?.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
        className="h-7 shrink-0 rounded-md border border-violet-300 bg-white px-2 text-[12px] font-medium text-violet-900 hover:bg-violet-100 dark:border-violet-500/40 dark:bg-zinc-900 dark:text-violet-100 dark:hover:bg-violet-500/20"
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
