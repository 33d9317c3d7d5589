/**
 * Wires the modules into one HTTP application. Kept apart from `listen()` so that tests drive the
 * same app through `inject()` and the CLI decides where it listens.
 */
import { sql } from 'kysely';
import { authenticateRequest, registerSessionRoutes, registerUserRoutes } from './access/index.js';
import { registerAuditRoutes } from './audit/index.js';
import type { Config } from './platform/config.js';
import { packageVersion } from './platform/package-info.js';
import type { AppContext } from './platform/context.js';
import { SESSION_COOKIE, createServer, type GatehouseServer } from './platform/http/server.js';
import type { RouteOptions } from 'fastify';
import { registerRegistryRoutes } from './registry/index.js';
import { registerPolicyRoutes } from './policy/policy.routes.js';
import { registerLicensingRoutes, VERIFY_RATE_LIMIT_DEFAULT } from './licensing/index.js';
import { registerApplicationRoutes } from './applications/index.js';
import { registerRoundRoutes } from './allocation/rounds.routes.js';
import { registerShipmentRoutes } from './shipments/index.js';
import { registerReportRoutes } from './reports/index.js';
import { registerWebApp } from './platform/http/web-app.js';

export interface BuildOptions {
  /** Sees every route as it is registered; the authorisation matrix test enumerates routes with it. */
  onRoute?: (route: RouteOptions) => void;
}

/** What building the app reads from the configuration; a limit left out keeps its production value. */
export type AppConfig = Pick<Config, 'logLevel' | 'bodyLimitBytes'> & Partial<Pick<Config, 'verifyRateLimit'>>;

export async function buildApp(context: AppContext, config: AppConfig, options: BuildOptions = {}): Promise<GatehouseServer> {
  const app = await createServer({
    logLevel: config.logLevel,
    bodyLimitBytes: config.bodyLimitBytes,
    version: packageVersion(),
    // A bearer token, else the session cookie (see access/authenticate-request.ts).
    authenticate: (request) => authenticateRequest(context, { authorization: request.headers.authorization, sessionSecret: request.cookies[SESSION_COOKIE] }),
    idempotency: { db: context.database.db, clock: context.clock },
    ...(options.onRoute === undefined ? {} : { onRoute: options.onRoute }),
    isReady: async () => {
      try {
        await sql`select 1`.execute(context.database.db);
        return true;
      } catch {
        return false;
      }
    },
  });

  registerSessionRoutes(app, context);
  registerRegistryRoutes(app, context);
  registerAuditRoutes(app, context);
  registerPolicyRoutes(app, context);
  registerLicensingRoutes(
    app,
    context,
    config.verifyRateLimit === undefined
      ? {}
      : { verifyRateLimit: { ...VERIFY_RATE_LIMIT_DEFAULT, capacity: config.verifyRateLimit.burst, refillPerSecond: config.verifyRateLimit.perSecond } },
  );
  registerApplicationRoutes(app, context);
  registerRoundRoutes(app, context);
  registerShipmentRoutes(app, context);
  registerReportRoutes(app, context);
  registerUserRoutes(app, context);
  // Last: the web app answers every GET path the API does not (see platform/http/web-app.ts).
  await registerWebApp(app);
  return app;
}
