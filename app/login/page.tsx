import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { currentPrincipal } from "@/lib/auth/current";
import { getRuntime } from "@/lib/collector/runtime";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths: an open redirect after login would be a phishing aid. */
function safeNext(next: string | string[] | undefined): string {
  const n = Array.isArray(next) ? next[0] : next;
  return n && n.startsWith("/") && !n.startsWith("//") && !n.startsWith("/\\") ? n : "/";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  if (await currentPrincipal()) redirect(next);
  const canSignIn = (await getRuntime()).auth.config.users.length > 0;
  return (
    <div className="mx-auto mt-16 max-w-sm">
      <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
      {canSignIn ? (
        <LoginForm next={next} />
      ) : (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          No users are configured. Add users with password hashes under <code>auth.users</code> in the fleet file
          (<code>npm run hash-password</code> prints a hash), or put the dashboard behind a trusted proxy. See the README.
        </p>
      )}
    </div>
  );
}
