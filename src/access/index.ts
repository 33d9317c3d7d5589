/** The access module's public face: users, API tokens and authentication. */
export type { User, ApiToken } from './user.js';
export { createUser, addUser, type UserInput } from './create-user.js';
export { createApiToken, issueToken, revokeApiToken, type IssuedToken } from './create-api-token.js';
export { authenticateToken } from './authenticate-token.js';
