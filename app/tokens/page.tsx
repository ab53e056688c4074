import type { Metadata } from "next";
import { TokensView } from "@/components/tokens/tokens-view";
import { currentPrincipal } from "@/lib/auth/current";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const p = await currentPrincipal();
  if (p?.role !== "operator") {
    return (
      <div className="space-y-2" data-testid="tokens-operators-only">
        <h1 className="text-base font-semibold">API tokens</h1>
        <p className="text-[13px] text-zinc-600 dark:text-zinc-400">Only operators manage API tokens.</p>
      </div>
    );
  }
  return <TokensView />;
}
