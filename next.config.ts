import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // ssh2 ships a native crypto binding and better-sqlite3 is native: never bundle them.
  serverExternalPackages: ["ssh2", "better-sqlite3"],
  poweredByHeader: false,
};

export default nextConfig;
