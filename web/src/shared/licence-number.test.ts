import { describe, expect, it } from 'vitest';
import { matchesLicenceNumber, normaliseLicenceNumber } from './licence-number';

describe('licence numbers as typed', () => {
  it('ignores case, spaces and dashes', () => {
    expect(normaliseLicenceNumber(' gh-2026-00000001-02 ')).toBe('GH20260000000102');
    expect(matchesLicenceNumber('GH-2026-00000001-02', 'gh 2026 0000 0001')).toBe(true);
    expect(matchesLicenceNumber('GH-2026-00000001-02', '')).toBe(true);
    expect(matchesLicenceNumber('GH-2026-00000001-02', '00000003')).toBe(false);
  });
});
