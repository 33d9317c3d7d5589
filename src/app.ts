/**
 * Wires the modules into one HTTP application. Kept apart from `listen()` so that tests drive the
 * same app through `inject()` and the CLI decides where it listens.
 */
import { sql } from 'kysely';
import { authenticateToken } from './access/index.js';
import { registerAuditRoutes } from './audit/index.js';
import type { Config } from './platform/config.js';
import { packageVersion } from './platform/package-info.js';
import type { AppContext } from './platform/context.js';
import { createServer, type GatehouseServer } from './platform/http/server.js';
import { registerRegistryRoutes } from './registry/index.js';
import { registerPolicyRoutes } from './policy/policy.routes.js';

export async function buildApp(context: AppContext, config: Pick<Config, 'logLevel' | 'bodyLimitBytes'>): Promise<GatehouseServer> {
  const app = await createServer({
    logLevel: config.logLevel,
    bodyLimitBytes: config.bodyLimitBytes,
    version: packageVersion(),
    authenticate: (request) => authenticateToken(context, request.headers.authorization),
    isReady: async () => {
      try {
        await sql`select 1`.execute(context.database.db);
        return true;
      } catch {
        return false;
      }
    },
  });

  registerRegistryRoutes(app, context);
  registerAuditRoutes(app, context);
  registerPolicyRoutes(app, context);
  return app;
}
