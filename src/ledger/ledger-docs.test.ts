import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_RESULT_CODES } from './account.js';
import { TRANSFER_RESULT_CODES } from './transfer.js';

const documentation = readFileSync(new URL('../../docs/ledger.md', import.meta.url), 'utf8');

describe('docs/ledger.md', () => {
  it('lists the transfer result codes in the engine order of precedence', () => {
    const rows = [...documentation.matchAll(/^\| (\d+) \| `([a-z_]+)` \|/gm)].map((match) => [Number(match[1]), match[2]]);
    expect(rows.map(([, code]) => code)).toEqual([...TRANSFER_RESULT_CODES]);
    expect(rows.map(([number]) => number)).toEqual(TRANSFER_RESULT_CODES.map((_, position) => position + 1));
  });

  it('lists the account result codes in order', () => {
    const paragraph = documentation.slice(documentation.indexOf('Account results, in order:'));
    const codes = [...paragraph.slice(0, paragraph.indexOf('. Accounts are created')).matchAll(/`([a-z_]+)`/g)].map((match) => match[1]);
    expect(codes).toEqual([...ACCOUNT_RESULT_CODES]);
  });
});
