import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { TopBar } from "@/components/shell/top-bar";
import { currentPrincipal } from "@/lib/auth/current";
import { SessionProvider } from "@/lib/client/session";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "conntrack fleet", template: "%s · conntrack fleet" },
  description: "nf_conntrack table utilization and packet drops across the fleet",
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the session makes every page dynamic, which the per-request CSP nonce needs anyway.
  const p = await currentPrincipal();
  const session = p ? { user: p.user, role: p.role, csrf: p.csrf, demo: p.via === "demo" } : null;
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans text-sm">
        <SessionProvider session={session}>
          <Providers>
            <TopBar />
            <main className="mx-auto w-full max-w-[1600px] px-4 pt-4 pb-10 sm:px-6">{children}</main>
          </Providers>
        </SessionProvider>
      </body>
    </html>
  );
}
