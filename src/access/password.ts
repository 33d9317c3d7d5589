/**
 * Passwords, hashed with argon2id (RFC 9106) at the parameters OWASP recommends for it: 19 MiB of
 * memory, two passes, one lane. Only the PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`)
 * is stored; it names its own parameters, so raising them later still verifies old hashes.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { assert } from '../platform/assert.js';
import { DomainError } from '../platform/errors.js';

const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** NIST SP 800-63B: at least 8; we ask 12 because regulators' accounts sign decisions. */
export const PASSWORD_LENGTH_MIN = 12;
/** An upper bound keeps a sign-in from being a way to make the server hash megabytes. */
export const PASSWORD_LENGTH_MAX = 256;

/** Refuses a password that is too short or too long, naming the rule; says nothing else about it. */
export function checkPasswordRules(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_LENGTH_MIN || length > PASSWORD_LENGTH_MAX) {
    throw new DomainError('validation_failed', `a password has ${PASSWORD_LENGTH_MIN} to ${PASSWORD_LENGTH_MAX} characters`, { field: 'password' });
  }
}

export async function hashPassword(password: string): Promise<string> {
  // The library's default algorithm is argon2id; the assertion keeps it from changing under us.
  const phc = await hash(password, ARGON2_OPTIONS);
  assert(phc.startsWith('$argon2id$'), 'passwords are hashed with argon2id');
  return phc;
}

/** False for a wrong password and for a stored value that is not a hash at all. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password nobody knows, verified against when the login is unknown (or has no
 * password) so that a failed sign-in takes as long whether or not the user exists. Computed once
 * per process, at start, so the first unknown login is not slower than the rest.
 */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(18).toString('base64url'));
  return dummyHash;
}
