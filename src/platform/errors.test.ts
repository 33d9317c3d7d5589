import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError, ERROR_CATALOGUE, toProblem } from './errors.js';
import { packageRoot } from './package-info.js';

describe('the error catalogue', () => {
  it('renders a problem with a stable type, code, status and field', () => {
    const problem = toProblem(new DomainError('duplicate_name', 'taken', { field: 'name' }), '/api/v1/items');
    expect(problem).toEqual({
      type: 'https://gatehouse.example/problems/duplicate-name',
      title: ERROR_CATALOGUE.duplicate_name.title,
      status: 409,
      detail: 'taken',
      code: 'duplicate_name',
      field: 'name',
      instance: '/api/v1/items',
    });
  });

  it('is documented in full in the README, so that clients know every code they may meet', () => {
    const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');
    const missing = Object.entries(ERROR_CATALOGUE).filter(([code, entry]) => !readme.includes(`| \`${code}\` | ${entry.status} |`));
    expect(missing.map(([code]) => code)).toEqual([]);
  });
});
