/**
 * An app over a private test database with users and tokens for each role, driven through
 * Fastify's inject(): the real routes, schemas, authentication and error handling, no socket.
 */
import { issueToken, addUser } from '../access/index.js';
import { buildApp } from '../app.js';
import { addOrganisation } from '../registry/index.js';
import type { DialectName } from '../platform/database.js';
import type { GatehouseServer } from '../platform/http/server.js';
import { inTransaction } from '../platform/context.js';
import { openTestContext, testActors } from '../platform/test-support/test-database.js';

export interface TestApp {
  app: GatehouseServer;
  context: Awaited<ReturnType<typeof openTestContext>>;
  /** Authorization headers by role name; `applicant` and `otherApplicant` belong to two organisations. */
  auth: Record<'policyAdmin' | 'reviewer' | 'approver' | 'auditor' | 'applicant' | 'otherApplicant' | 'vendor' | 'customs', { authorization: string }>;
  organisationId: string;
  otherOrganisationId: string;
  /** Every route the app registered (HEAD routes that mirror a GET left out), in order. */
  routes: RegisteredRoute[];
  close(): Promise<void>;
}

export interface RegisteredRoute {
  method: string;
  /** As registered, with parameters, e.g. `/api/v1/items/:id`. */
  url: string;
  isPublic: boolean;
}

export async function openTestApp(dialect: DialectName): Promise<TestApp> {
  const context = await openTestContext(dialect);
  const operator = testActors.operator;
  const setup = await inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const own = await addOrganisation(trx, operator, now, { legalName: 'Applicant One Ltd', category: 'small-firm' });
    const other = await addOrganisation(trx, operator, now, { legalName: 'Applicant Two Ltd', category: 'small-firm' });
    const vendor = await addOrganisation(trx, operator, now, { legalName: 'Vendor Ltd', category: 'vendor' });
    const customs = await addOrganisation(trx, operator, now, { legalName: 'Customs', category: 'customs-authority' });
    const users = [
      ['policyAdmin', 'policy-admin', null],
      ['reviewer', 'reviewer', null],
      ['approver', 'approver', null],
      ['auditor', 'auditor', null],
      ['applicant', 'applicant', own.id],
      ['otherApplicant', 'applicant', other.id],
      ['vendor', 'vendor', vendor.id],
      ['customs', 'customs', customs.id],
    ] as const;
    const auth: Partial<TestApp['auth']> = {};
    for (const [key, role, organisationId] of users) {
      const login = key.toLowerCase();
      await addUser(trx, operator, now, { login, displayName: key, role, organisationId });
      const issued = await issueToken(trx, operator, now, { login, label: 'test', validityDays: 30 });
      auth[key] = { authorization: `Bearer ${issued.secret}` };
    }
    return { auth: auth as TestApp['auth'], organisationId: own.id, otherOrganisationId: other.id };
  });
  const routes: RegisteredRoute[] = [];
  const app = await buildApp(
    context,
    { logLevel: 'silent', bodyLimitBytes: 64 * 1024 },
    {
      onRoute: (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        // Fastify adds a HEAD route beside every GET, with the same hooks and configuration.
        for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, isPublic: (route.config as { isPublic?: boolean } | undefined)?.isPublic === true });
      },
    },
  );
  await app.ready();
  return {
    app,
    context,
    routes,
    ...setup,
    close: async () => {
      await app.close();
      await context.database.close();
    },
  };
}
