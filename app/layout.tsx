import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { TopBar } from "@/components/shell/top-bar";
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

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans text-sm">
        <Providers>
          <TopBar />
          <main className="mx-auto w-full max-w-[1600px] px-4 pt-4 pb-10 sm:px-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
