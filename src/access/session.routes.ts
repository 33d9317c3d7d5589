/**
 * HTTP routes of sign-in: `POST /api/v1/session` (login and password → session cookie and CSRF
 * token), `GET /api/v1/session` (who am I), `DELETE /api/v1/session` (sign out, at once).
 *
 * The cookie is HttpOnly (page scripts cannot read it), SameSite=Strict (other sites' pages do not
 * send it) and Secure when the request came over HTTPS. Sign-in itself needs no CSRF token: the
 * route accepts only `application/json`, which a page of another site cannot send without a CORS
 * preflight, and Gatehouse answers no preflight.
 */
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { DomainError, isDomainError } from '../platform/errors.js';
import { readProblems, writeProblems } from '../platform/http/problem-schema.js';
import { actorOf } from '../platform/http/resource-routes.js';
import { SESSION_COOKIE, type GatehouseServer } from '../platform/http/server.js';
import { describeCaller } from './describe-caller.js';
import { csrfTokenFor } from './session.js';
import { signIn, signOut } from './sign-in.js';
import { SignInLimiter } from './sign-in-limiter.js';
import { dummyPasswordHash, PASSWORD_LENGTH_MAX } from './password.js';

const tags = ['session'];

const SignInBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 100 }),
    // Length rules are checked when a password is set; here a wrong length is just a wrong password.
    password: Type.String({ minLength: 1, maxLength: PASSWORD_LENGTH_MAX * 4 }),
  },
  { additionalProperties: false },
);

const Caller = Type.Object({
  user: Type.Object({ id: Type.String(), login: Type.String(), displayName: Type.String() }),
  role: Type.String(),
  organisation: Type.Union([Type.Object({ id: Type.String(), legalName: Type.String(), chineseName: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
});

const SignedInResponse = Type.Object({
  ...Caller.properties,
  csrfToken: Type.String({ description: 'send as X-CSRF-Token with every request other than GET and HEAD' }),
  expiresAt: Type.String(),
});

const WhoAmI = Type.Object({
  ...Caller.properties,
  authenticatedBy: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  csrfToken: Type.Union([Type.String(), Type.Null()], { description: 'the session’s CSRF token again (after a page reload); null for API tokens' }),
});

export function registerSessionRoutes(app: GatehouseServer, context: AppContext, limiter = new SignInLimiter(context.clock)): void {
  // Computed now, so that the first sign-in with an unknown login is not slower than later ones.
  void dummyPasswordHash();

  app.post(
    '/api/v1/session',
    {
      config: { isPublic: true },
      schema: {
        tags,
        summary: 'Sign in with a login and password: sets the session cookie, returns the CSRF token',
        security: [],
        body: SignInBody,
        response: { 201: SignedInResponse, 401: readProblems[401], 400: readProblems[400], 429: { ...readProblems[401], description: 'too many attempts; see Retry-After' } },
      },
    },
    async (request, reply) => {
      try {
        const signedIn = await signIn(context, limiter, { login: request.body.login, password: request.body.password, address: request.ip });
        const caller = await describeCaller(context, { id: signedIn.user.id, role: signedIn.user.role, organisationId: signedIn.user.organisationId });
        reply.setCookie(SESSION_COOKIE, signedIn.secret, { ...cookieOptions(request), expires: new Date(signedIn.session.expiresAt) });
        return reply.status(201).send({ ...caller, csrfToken: signedIn.csrfToken, expiresAt: signedIn.session.expiresAt });
      } catch (error) {
        if (isDomainError(error) && error.code === 'rate_limited') reply.header('retry-after', String(error.extensions.retryAfterSeconds));
        if (isDomainError(error) && error.code === 'invalid_credentials') request.log.warn({ login: request.body.login, address: request.ip }, 'sign-in refused');
        throw error;
      }
    },
  );

  app.get(
    '/api/v1/session',
    { schema: { tags, summary: 'Who am I: the signed-in user, role and organisation', response: { 200: WhoAmI, ...readProblems } } },
    async (request) => {
      const caller = await describeCaller(context, actorOf(request));
      const secret = request.sessionId === null ? undefined : request.cookies[SESSION_COOKIE];
      return { ...caller, authenticatedBy: request.sessionId === null ? 'token' : 'session', csrfToken: secret === undefined ? null : csrfTokenFor(secret) } as const;
    },
  );

  app.delete(
    '/api/v1/session',
    { schema: { tags, summary: 'Sign out: the session ends at once and its cookie is cleared', response: { 204: Type.Null(), ...writeProblems } } },
    async (request, reply) => {
      if (request.sessionId === null) {
        throw new DomainError('session_not_found', 'this request was signed in with an API token, not a session; tokens are revoked with `gatehouse token revoke`');
      }
      await signOut(context, actorOf(request), request.sessionId);
      return clearSessionCookie(request, reply).status(204).send();
    },
  );
}

function cookieOptions(request: FastifyRequest) {
  return sessionCookieOptions(request.protocol === 'https');
}

/** Secure only over HTTPS: a browser drops a Secure cookie set over plain http://localhost. */
export function sessionCookieOptions(isHttps: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'strict', secure: isHttps } as const;
}

function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}
