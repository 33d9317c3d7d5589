import { describe, expect, it } from 'vitest';
import { checkPasswordRules, dummyPasswordHash, hashPassword, verifyPassword } from './password.js';

describe('passwords', () => {
  it('hashes with argon2id at OWASP parameters, salted, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(first, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'correct horse battery')).toBe(false);
  });

  it('refuses passwords shorter than 12 or longer than 256 characters, counting characters not bytes', () => {
    expect(() => checkPasswordRules('short-pass1')).toThrow(/12 to 256/);
    expect(() => checkPasswordRules('x'.repeat(257))).toThrow(/12 to 256/);
    expect(() => checkPasswordRules('twelve-chars')).not.toThrow();
    expect(() => checkPasswordRules('密码密码密码密码密码密码')).not.toThrow();
    expect(() => checkPasswordRules('密码密码密码密码密码')).toThrow();
  });

  it('keeps one dummy hash of the same cost for unknown logins', async () => {
    const dummy = await dummyPasswordHash();
    expect(dummy).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await dummyPasswordHash()).toBe(dummy);
  });
});
