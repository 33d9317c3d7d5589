/** The access module's public face: users, passwords, API tokens, sessions and authentication. */
export type { User, ApiToken } from './user.js';
export { createUser, addUser, type UserInput } from './create-user.js';
export { setUserPassword } from './set-password.js';
export { hashPassword } from './password.js';
export { createApiToken, issueToken, revokeApiToken, type IssuedToken } from './create-api-token.js';
export { authenticateToken } from './authenticate-token.js';
export { authenticateRequest, type RequestCredentials } from './authenticate-request.js';
export { registerSessionRoutes } from './session.routes.js';
export { SignInLimiter, DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from './sign-in-limiter.js';
export { registerUserRoutes } from './users.routes.js';
export { listUsers, type DirectoryEntry } from './list-users.js';
