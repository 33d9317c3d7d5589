/**
 * The HTTP shell shared by every module: Fastify with TypeBox validation, problem+json errors,
 * request ids, security headers, authentication of every non-public route, OpenAPI 3.1 and its
 * docs page, health and readiness. Modules add their routes; `src/app.ts` wires them. Building the
 * app is separate from listening, so tests drive it through `inject()`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type RawServerDefault, type RouteOptions } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '../actor.js';
import type { Clock } from '../clock.js';
import type { Database } from '../database-tables.js';
import type { Kysely } from 'kysely';
import { DomainError, isDomainError, toProblem, type ErrorCode, type ProblemDetails, problemType, ERROR_CATALOGUE } from '../errors.js';
import { newId } from '../ids.js';
import { describeValidationIssues } from '../validation-issues.js';
import { registerIdempotency } from './idempotency.js';

export type GatehouseServer = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in actor; set on every non-public route before its handler runs. */
    actor: Actor | null;
    /** The browser session that authenticated the request, or null (bearer token, public route). */
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** Routes that anyone may call without signing in (health, docs, public licence check). */
    isPublic?: boolean;
  }
}

/** The cookie that carries a browser session's secret (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'gatehouse_session';

/** Who sent a request, and how they proved it. */
export interface Authentication {
  actor: Actor;
  /**
   * Set when a session cookie authenticated the request. Browsers send cookies on their own, so a
   * state-changing request must also prove it comes from our page by sending the session's CSRF
   * token, whose SHA-256 this is. Bearer tokens are never sent on their own, so they need none.
   */
  session: { id: string; csrfTokenHash: string } | null;
}

export interface ServerOptions {
  logLevel: string;
  bodyLimitBytes: number;
  /** Resolves the caller from the request (bearer token or session cookie), or null. */
  authenticate: (request: FastifyRequest) => Promise<Authentication | null>;
  /** Where idempotency keys of POST requests are kept; without it, `Idempotency-Key` is ignored. */
  idempotency?: { db: Kysely<Database>; clock: Clock };
  /** Called for every route as it is registered (tests enumerate the routes with it). */
  onRoute?: (route: RouteOptions) => void;
  /** Is the database reachable? For /readyz. */
  isReady: () => Promise<boolean>;
  version: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export async function createServer(options: ServerOptions): Promise<GatehouseServer> {
  const app = Fastify({
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    bodyLimit: options.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => newId(),
    // Per-request log lines only when debugging: at thousands of requests a second they drown the rest.
    logController: new LogController({ disableRequestLogging: options.logLevel !== 'debug' && options.logLevel !== 'trace' }),
    // Closing waits for requests in flight, then refuses new ones (graceful shutdown on SIGTERM).
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Bodies are checked as sent (no coercion: "5" is not a number); query strings and path
  // parameters are text by nature and are converted.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  // Registered before any plugin, so that its request decoration reaches every plugin's routes.
  if (options.idempotency !== undefined) registerIdempotency(app, options.idempotency);
  // Parses the Cookie header only; nothing here signs or trusts cookie values (sessions are looked up).
  await app.register(cookie, { hook: 'onRequest' });
  // The API speaks JSON only; a text body is refused with 415 instead of reaching a handler.
  app.removeContentTypeParser('text/plain');

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gatehouse API',
        version: options.version,
        description:
          'Quota-based approval of controlled AI accelerators. Errors are RFC 9457 problem+json with a stable `code` and the offending `field`.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token from `gatehouse token create`.' },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'From `POST /api/v1/session`. Requests other than GET and HEAD must also send the `X-CSRF-Token` header the sign-in returned.',
          },
        },
      },
      security: [{ bearerToken: [] }, { sessionCookie: [] }],
    },
  });
  // The docs page and its assets are public, like the OpenAPI document they render.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, isPublic: true };
  });
  // After the hook above, so that observers see the docs routes as public; before any route.
  if (options.onRoute !== undefined) {
    const observe = options.onRoute;
    app.addHook('onRoute', (route) => observe(route));
  }
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  // Hooks that run on every request are written with a callback rather than as async functions:
  // they finish at once, and an async hook costs a promise and a trip through the microtask queue
  // per request (measured with bench:api, which serves thousands a second).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (request.url.startsWith('/api/v1/')) reply.header('cache-control', 'no-store');
    done();
  });

  // Authentication runs as soon as the route is known, before the body is read or validated: an
  // anonymous caller learns nothing about a route's schema and costs no body parsing. Public
  // routes pass straight through; the others wait for the lookup (a promise, which Fastify awaits).
  app.addHook('onRequest', (request, _reply, done) => {
    // Read once: Fastify builds a new routeOptions object on every access.
    const route = request.routeOptions;
    if (route.config.isPublic === true || route.url === undefined) {
      done();
      return undefined;
    }
    return authenticateOrRefuse(request, options.authenticate);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = problemFor(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    void sendProblem(reply, problem);
  });

  app.setNotFoundHandler((request, reply) => {
    void sendProblem(reply, toProblem(new DomainError('route_not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`), request.url));
  });

  app.get('/healthz', { config: { isPublic: true }, schema: { hide: true } }, () => Promise.resolve({ status: 'ok' }));
  app.get('/readyz', { config: { isPublic: true }, schema: { hide: true } }, async (_request, reply) => {
    if (await options.isReady()) return { status: 'ready' };
    return sendProblem(reply, toProblem(new DomainError('service_unavailable', 'the database is not reachable')));
  });
  app.get('/api/v1/openapi.json', { config: { isPublic: true }, schema: { hide: true } }, () => Promise.resolve(app.swagger()));

  return app;
}

async function authenticateOrRefuse(request: FastifyRequest, authenticate: ServerOptions['authenticate']): Promise<void> {
  const authentication = await authenticate(request);
  if (authentication === null) throw new DomainError('unauthenticated', 'sign in, or send an API token as "Authorization: Bearer …"');
  if (authentication.session !== null && !SAFE_METHODS.has(request.method)) checkCsrfToken(request, authentication.session.csrfTokenHash);
  request.actor = authentication.actor;
  request.sessionId = authentication.session?.id ?? null;
}

/** Methods that change nothing, and so need no CSRF token (RFC 9110 safe methods). */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

function checkCsrfToken(request: FastifyRequest, expectedHash: string): void {
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || sent.length === 0) {
    throw new DomainError('csrf_token_missing', 'a request signed in by session cookie must send the X-CSRF-Token header from the sign-in', { field: 'X-CSRF-Token' });
  }
  // Both sides are SHA-256 digests of equal length, compared in constant time.
  if (!timingSafeEqual(createHash('sha256').update(sent).digest(), Buffer.from(expectedHash, 'hex'))) {
    throw new DomainError('csrf_token_invalid', 'the X-CSRF-Token does not belong to this session', { field: 'X-CSRF-Token' });
  }
}

export function sendProblem(reply: FastifyReply, problem: ProblemDetails): FastifyReply {
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** Maps every error, ours or Fastify's, to a problem with a stable code. Internals never leak. */
function problemFor(error: FastifyError, request: FastifyRequest): ProblemDetails {
  if (isDomainError(error)) return toProblem(error, request.url);
  if (Array.isArray(error.validation)) {
    const issues = describeValidationIssues(error.validation, error.validationContext ?? 'body');
    const first = issues[0] ?? { field: error.validationContext ?? 'body', message: 'is not valid' };
    return {
      ...toProblem(new DomainError('validation_failed', `${first.field}: ${first.message}`, { field: first.field }), request.url),
      errors: issues.slice(0, 20),
    };
  }
  const code = fastifyCode(error);
  if (code !== null) return toProblem(new DomainError(code, publicDetail(code, error)), request.url);
  const status = ERROR_CATALOGUE.internal_error.status;
  return { type: problemType('internal_error'), title: ERROR_CATALOGUE.internal_error.title, status, detail: `the request failed; quote request id ${request.id}`, code: 'internal_error', instance: request.url };
}

function fastifyCode(error: FastifyError): ErrorCode | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'malformed_json';
    default:
      break;
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return 'malformed_json';
  if (error.statusCode === 429) return 'rate_limited';
  if (error.statusCode === 413) return 'body_too_large';
  if (error.statusCode === 415) return 'unsupported_media_type';
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return 'validation_failed';
  return null;
}

function publicDetail(code: ErrorCode, error: FastifyError): string {
  switch (code) {
    case 'body_too_large':
      return 'the request body exceeds the size limit';
    case 'malformed_json':
      return 'the request body is not valid JSON';
    case 'unsupported_media_type':
      return 'send the request body as application/json';
    default:
      return error.message;
  }
}
