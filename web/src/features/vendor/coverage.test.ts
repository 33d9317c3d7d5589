import { describe, expect, it } from 'vitest';
import type { Licence } from '../../shared/api/types';
import { checkCoverage } from './coverage';

const licence: Licence = {
  id: 'l1',
  number: 'GH-2026-00000001-02',
  applicationId: 'a1',
  organisationId: 'o1',
  itemId: 'h200',
  facilityId: 'f1',
  quantity: 5_000,
  validFrom: '2026-10-01T00:00:00.000Z',
  validUntil: '2027-03-30T00:00:00.000Z',
  conditions: [],
  permittedVendorIds: [],
  state: 'active',
  stateReason: null,
  policyHash: 'p',
  purchaseOrderWindowDays: 30,
  attestationIntervalDays: 90,
  version: 1,
  createdAt: '2026-10-01T00:00:00.000Z',
  updatedAt: '2026-10-01T00:00:00.000Z',
};
const now = new Date('2026-10-15T00:00:00.000Z');
const failed = (result: ReturnType<typeof checkCoverage>) => result.checks.filter((entry) => !entry.isMet).map((entry) => entry.check);

describe('purchase-order coverage', () => {
  it('covers an order within every limit', () => {
    const result = checkCoverage(licence, { itemId: 'h200', quantity: 5_000 }, 'vendor', now);
    expect(result.isCovered).toBe(true);
    expect(result.remainingUnits).toBe(5_000);
    expect(result.purchaseOrderDeadline).toBe('2026-10-31T00:00:00.000Z');
  });

  it('names every check that fails, not only the first', () => {
    const result = checkCoverage({ ...licence, state: 'suspended', permittedVendorIds: ['another'] }, { itemId: 'h20', quantity: 5_001 }, 'vendor', new Date('2026-11-01T00:00:00.000Z'));
    expect(result.isCovered).toBe(false);
    expect(failed(result)).toEqual(['vendor-permitted', 'active', 'within-purchase-order-window', 'item-matches', 'units-remain']);
  });

  it('refuses an unknown licence, outside its validity, and quantities that are not whole units', () => {
    expect(failed(checkCoverage(undefined, { itemId: 'h200', quantity: 1 }, 'vendor', now))).toEqual(['found']);
    expect(failed(checkCoverage(licence, { itemId: 'h200', quantity: 1 }, 'vendor', new Date('2026-09-30T23:59:59.999Z')))).toEqual(['within-validity']);
    expect(failed(checkCoverage(licence, { itemId: 'h200', quantity: 1 }, 'vendor', new Date('2027-03-30T00:00:00.000Z')))).toContain('within-validity');
    for (const quantity of [0, -1, 1.5, Number.NaN]) expect(failed(checkCoverage(licence, { itemId: 'h200', quantity }, 'vendor', now))).toEqual(['units-remain']);
    // A named vendor is permitted.
    expect(checkCoverage({ ...licence, permittedVendorIds: ['vendor'] }, { itemId: 'h200', quantity: 1 }, 'vendor', now).isCovered).toBe(true);
  });
});
