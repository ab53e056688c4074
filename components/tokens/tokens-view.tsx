"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { describeError } from "@/lib/client/fleet-api";
import { useSession } from "@/lib/client/session";
import { createToken, revokeToken, tokenKeys, tokensQuery, type ApiTokenRow } from "@/lib/client/token-api";
import { NewTokenNotice, TokenForm } from "./token-form";
import { TokenTable } from "./token-table";

/** The one component of the API tokens page that talks to the API. */
export function TokensView() {
  const session = useSession();
  const client = useQueryClient();
  const query = useQuery(tokensQuery());
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  // A new key after each creation empties the form for the next token.
  const [formKey, setFormKey] = useState(0);
  const refresh = () => void client.invalidateQueries({ queryKey: tokenKeys.all });
  const create = useMutation({
    mutationFn: (t: Parameters<typeof createToken>[0]) => createToken(t, session?.csrf ?? ""),
    onSuccess: (t) => {
      setCreated({ name: t.name, secret: t.token });
      setFormKey((k) => k + 1);
      refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (t: ApiTokenRow) => revokeToken(t.id, session?.csrf ?? ""),
    onSettled: refresh,
  });
  const onRevoke = (t: ApiTokenRow) => {
    if (window.confirm(`Revoke API token ${t.name}? Anything using it gets 401 from its next call.`)) revoke.mutate(t);
  };

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-base font-semibold">API tokens</h1>
        <p className="mt-1 max-w-3xl text-[13px] text-zinc-600 dark:text-zinc-400">
          For scripts and Prometheus: send a token as <code className="font-mono">Authorization: Bearer ctf_…</code>. A{" "}
          <em>metrics</em> token reads /metrics only, a <em>viewer</em> token reads the API, an <em>operator</em> token may also raise
          limits (audited as <code className="font-mono">token:&lt;name&gt;</code>). The dashboard keeps only a hash of each token.
        </p>
      </div>
      <TokenForm key={formKey} busy={create.isPending} error={create.error ? create.error.message : null} onCreate={(t) => create.mutate(t)} />
      {created && <NewTokenNotice name={created.name} secret={created.secret} onDone={() => setCreated(null)} />}
      {revoke.error && (
        <p role="alert" className="text-[13px] text-red-700 dark:text-red-400">
          {revoke.error.message}
        </p>
      )}
      <div className="overflow-x-auto rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        {query.data ? (
          query.data.tokens.length > 0 ? (
            <TokenTable tokens={query.data.tokens} busyId={revoke.isPending ? (revoke.variables?.id ?? null) : null} onRevoke={onRevoke} />
          ) : (
            <p data-testid="tokens-empty" className="px-3 py-6 text-center text-[13px] text-zinc-500">
              No API tokens yet.
            </p>
          )
        ) : (
          <p className="px-3 py-6 text-center text-[13px] text-zinc-500">{query.isError ? describeError(query.error) : "Loading…"}</p>
        )}
      </div>
    </div>
  );
}
