import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "lib/testing/empty.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts"],
    environment: "node",
    // One throwaway PostgreSQL for the run; each pg test file makes its own database in it.
    globalSetup: ["lib/testing/pg-global-setup.ts"],
    // Hooks build and remove real chroots and start real sshd: seconds each on a busy 2-core machine.
    hookTimeout: 60_000,
  },
});
