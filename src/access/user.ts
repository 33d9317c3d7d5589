/**
 * Users and API tokens. Pure: types and the token format. A token is shown once, at creation; only
 * its SHA-256 is stored, so a stolen database does not yield working tokens.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../platform/actor.js';

export interface User {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  status: 'active' | 'disabled';
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ApiToken {
  id: string;
  userId: string;
  label: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** Tokens read `gh_` followed by url-safe random text, so secret scanners can recognise them. */
export const TOKEN_PREFIX = 'gh_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isTokenUsable(token: Pick<ApiToken, 'expiresAt' | 'revokedAt'>, now: Date): boolean {
  return token.revokedAt === null && new Date(token.expiresAt).getTime() > now.getTime();
}
