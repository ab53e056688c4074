import type { TestProject } from "vitest/node";
import { startPostgres, type TestPostgres } from "./postgres";

/**
 * One PostgreSQL for the whole vitest run (each pg test file makes its own database in it, see
 * pg-test-db.ts). A server that cannot start does not fail the run here: the pg tests fail with
 * the reason, the other tests run as usual.
 */

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
    pgSetupError: string | null;
  }
}

/** Port of the run's shared server (the project's PostgreSQL test ports are 5491–5499). */
const PORT = Number(process.env.TEST_PG_PORT ?? 5491);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: TestPostgres | null = null;
  try {
    server = await startPostgres({ port: PORT });
    project.provide("pgAdminUrl", server.url);
    project.provide("pgSetupError", null);
  } catch (err) {
    project.provide("pgAdminUrl", null);
    project.provide("pgSetupError", (err as Error).message);
  }
  return async () => {
    await server?.stop();
  };
}
