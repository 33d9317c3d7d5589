import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Hold } from '../policy/index.js';
import type { Actor } from '../platform/actor.js';
import { holdsCovering, type HoldSubject } from './hold-coverage.js';
import { amendLicence, isDueForExpiry, isInForce, isLicenceVisibleTo, LICENCE_STATES, transitionLicence, type Licence, type LicenceState, type LicenceTransition } from './licence.js';
import { remainingUnits } from './remaining-units.js';
import { TokenBuckets } from './token-bucket.js';

const ISSUED = new Date('2026-03-01T09:00:00.000Z');
const DURING = new Date('2026-04-01T00:00:00.000Z');
const AFTER = new Date('2026-05-31T09:00:00.000Z');

function licence(changes: Partial<Licence> = {}): Licence {
  return {
    id: 'licence-1',
    number: 'GH-2026-00000001-xx',
    applicationId: 'application-1',
    organisationId: 'org-a',
    itemId: 'item-h200',
    facilityId: null,
    quantity: 1_000,
    validFrom: ISSUED.toISOString(),
    validUntil: '2026-05-30T09:00:00.000Z',
    conditions: ['no re-export'],
    permittedVendorIds: [],
    state: 'active',
    stateReason: null,
    policyHash: 'a'.repeat(64),
    purchaseOrderWindowDays: 30,
    attestationIntervalDays: 90,
    version: 1,
    createdAt: ISSUED.toISOString(),
    updatedAt: ISSUED.toISOString(),
    ...changes,
  };
}

const suspend: LicenceTransition = { kind: 'suspend', reason: 'investigation' };
const reinstate: LicenceTransition = { kind: 'reinstate', reason: 'cleared' };
const revoke: LicenceTransition = { kind: 'revoke', reason: 'breach of condition 1' };
const expire: LicenceTransition = { kind: 'expire' };

describe('licence transitions', () => {
  it('suspends an active licence and reinstates it, versioned and stamped', () => {
    const suspended = transitionLicence(licence(), suspend, DURING);
    expect(suspended).toMatchObject({ ok: true, licence: { state: 'suspended', stateReason: 'investigation', version: 2, updatedAt: DURING.toISOString() } });
    if (!suspended.ok) return;
    expect(transitionLicence(suspended.licence, reinstate, DURING)).toMatchObject({ ok: true, licence: { state: 'active', stateReason: 'cleared', version: 3 } });
  });

  it('revokes an active or a suspended licence, even after its validity ended (until the sweep)', () => {
    for (const state of ['active', 'suspended'] as const) {
      expect(transitionLicence(licence({ state }), revoke, DURING)).toMatchObject({ ok: true, licence: { state: 'revoked', stateReason: 'breach of condition 1' } });
      expect(transitionLicence(licence({ state }), revoke, AFTER)).toMatchObject({ ok: true, licence: { state: 'revoked' } });
    }
  });

  it('expires an active or suspended licence only once its validity has ended', () => {
    expect(transitionLicence(licence(), expire, DURING)).toMatchObject({ ok: false, code: 'licence_still_valid' });
    // validUntil is exclusive: at that very instant the licence is no longer valid.
    const atEnd = new Date('2026-05-30T09:00:00.000Z');
    expect(transitionLicence(licence(), expire, atEnd)).toMatchObject({ ok: true, licence: { state: 'expired', stateReason: 'validity ended 2026-05-30T09:00:00.000Z' } });
    expect(transitionLicence(licence({ state: 'suspended' }), expire, AFTER)).toMatchObject({ ok: true, licence: { state: 'expired' } });
  });

  it('refuses illegal moves with a named code, final states first', () => {
    const cases: [LicenceState, LicenceTransition, Date, string][] = [
      ['suspended', suspend, DURING, 'licence_not_active'],
      ['active', reinstate, DURING, 'licence_not_suspended'],
      ['revoked', suspend, DURING, 'licence_revoked'],
      ['revoked', reinstate, DURING, 'licence_revoked'],
      ['revoked', revoke, DURING, 'licence_revoked'],
      ['revoked', expire, AFTER, 'licence_revoked'],
      ['expired', suspend, DURING, 'licence_expired'],
      ['expired', revoke, DURING, 'licence_expired'],
      ['expired', expire, AFTER, 'licence_expired'],
      ['exhausted', suspend, DURING, 'licence_exhausted'],
      ['exhausted', revoke, DURING, 'licence_exhausted'],
      ['exhausted', expire, AFTER, 'licence_exhausted'],
      // Past its validity, before the sweep: only expiry (or revocation) applies.
      ['active', suspend, AFTER, 'licence_expired'],
      ['suspended', reinstate, AFTER, 'licence_expired'],
    ];
    for (const [state, transition, now, code] of cases) {
      const result = transitionLicence(licence({ state }), transition, now);
      expect({ state, transition: transition.kind, code: result.ok ? 'ok' : result.code }).toEqual({ state, transition: transition.kind, code });
    }
  });

  it('property: a final state never changes, and every change bumps the version by one', () => {
    const transitions = fc.constantFrom(suspend, reinstate, revoke, expire);
    const instants = fc.constantFrom(DURING, AFTER);
    fc.assert(
      fc.property(fc.constantFrom(...LICENCE_STATES), transitions, instants, (state, transition, now) => {
        const before = licence({ state });
        const result = transitionLicence(before, transition, now);
        if (state === 'revoked' || state === 'expired' || state === 'exhausted') return !result.ok;
        return !result.ok || (result.licence.version === before.version + 1 && result.licence.id === before.id && result.licence.quantity === before.quantity);
      }),
    );
  });

  it('tells whether a licence is in force and due for expiry', () => {
    expect(isInForce(licence(), DURING)).toBe(true);
    expect(isInForce(licence({ state: 'suspended' }), DURING)).toBe(false);
    expect(isInForce(licence(), AFTER)).toBe(false);
    expect(isInForce(licence(), new Date('2026-03-01T08:59:59.999Z'))).toBe(false);
    expect(isDueForExpiry(licence(), DURING)).toBe(false);
    expect(isDueForExpiry(licence({ state: 'suspended' }), AFTER)).toBe(true);
    expect(isDueForExpiry(licence({ state: 'revoked' }), AFTER)).toBe(false);
  });

  it('reports the units left (the quantity, until the ledger draws on it)', () => {
    expect(remainingUnits(licence({ quantity: 1_234 }))).toBe(1_234);
  });
});

describe('licence amendments', () => {
  it('extends the validity by whole days and permits more vendors, sorted', () => {
    const base = licence({ permittedVendorIds: ['vendor-b'] });
    const result = amendLicence(base, { extendValidityDays: 10, addPermittedVendorIds: ['vendor-c', 'vendor-a'] }, DURING);
    expect(result).toMatchObject({ ok: true, licence: { validUntil: '2026-06-09T09:00:00.000Z', permittedVendorIds: ['vendor-a', 'vendor-b', 'vendor-c'], version: 2 } });
  });

  it('amends a suspended licence, not a final one nor one whose validity has ended', () => {
    expect(amendLicence(licence({ state: 'suspended' }), { extendValidityDays: 1 }, DURING).ok).toBe(true);
    expect(amendLicence(licence({ state: 'revoked' }), { extendValidityDays: 1 }, DURING)).toMatchObject({ ok: false, code: 'licence_revoked' });
    expect(amendLicence(licence({ state: 'exhausted' }), { extendValidityDays: 1 }, DURING)).toMatchObject({ ok: false, code: 'licence_exhausted' });
    expect(amendLicence(licence(), { extendValidityDays: 1 }, AFTER)).toMatchObject({ ok: false, code: 'licence_expired' });
  });

  it('refuses an amendment that changes nothing, narrows an open licence, or repeats a vendor', () => {
    expect(amendLicence(licence(), {}, DURING)).toMatchObject({ ok: false, code: 'invalid_value', field: 'extendValidityDays' });
    expect(amendLicence(licence(), { addPermittedVendorIds: ['vendor-a'] }, DURING)).toMatchObject({ ok: false, code: 'invalid_value', field: 'addPermittedVendorIds' });
    expect(amendLicence(licence({ permittedVendorIds: ['vendor-a'] }), { addPermittedVendorIds: ['vendor-a'] }, DURING)).toMatchObject({ ok: false, code: 'invalid_value' });
    expect(amendLicence(licence(), { extendValidityDays: 36_600 }, DURING)).toMatchObject({ ok: false, code: 'invalid_value' });
  });
});

describe('who sees a licence', () => {
  const actor = (role: Actor['role'], organisationId: string | null): Actor => ({ id: `user-${role}`, role, organisationId });

  it('shows an applicant its own organisation’s licences only', () => {
    expect(isLicenceVisibleTo(licence(), actor('applicant', 'org-a'))).toBe(true);
    expect(isLicenceVisibleTo(licence(), actor('applicant', 'org-b'))).toBe(false);
    expect(isLicenceVisibleTo(licence(), actor('applicant', null))).toBe(false);
  });

  it('shows a vendor the licences naming it or open to any vendor', () => {
    expect(isLicenceVisibleTo(licence(), actor('vendor', 'vendor-a'))).toBe(true);
    expect(isLicenceVisibleTo(licence({ permittedVendorIds: ['vendor-a'] }), actor('vendor', 'vendor-a'))).toBe(true);
    expect(isLicenceVisibleTo(licence({ permittedVendorIds: ['vendor-b'] }), actor('vendor', 'vendor-a'))).toBe(false);
    expect(isLicenceVisibleTo(licence(), actor('vendor', null))).toBe(false);
  });

  it('shows customs and the regulator every licence', () => {
    for (const role of ['customs', 'policy-admin', 'reviewer', 'approver', 'auditor', 'operator'] as const) {
      expect(isLicenceVisibleTo(licence({ permittedVendorIds: ['vendor-b'] }), actor(role, role === 'customs' ? 'customs-org' : null))).toBe(true);
    }
  });
});

describe('holds covering a licence', () => {
  const subject: HoldSubject = { itemId: 'item-h200', family: 'H200', organisationId: 'org-a', groupOrganisationIds: ['org-group-head'], category: 'big-tech-platform', region: 'Inner Mongolia' };
  const hold = (scope: Hold['scope'], changes: Partial<Hold> = {}): Hold => ({
    id: `H-${scope.level}`,
    kind: 'suspension',
    scope,
    from: '2026-03-01T00:00:00.000Z',
    until: null,
    reasonCode: 'review',
    reason: 'under review',
    reasonChinese: null,
    placedBy: 'user-approver',
    ...changes,
  });

  it('covers by item id, family, licensee, group head, category, region, or globally', () => {
    const covering = [
      hold({ level: 'global' }),
      hold({ level: 'item', item: 'item-h200' }),
      hold({ level: 'family', family: 'H200' }),
      hold({ level: 'organisation', organisation: 'org-a' }),
      hold({ level: 'organisation', organisation: 'org-group-head' }, { id: 'H-group' }),
      hold({ level: 'category', category: 'big-tech-platform' }),
      hold({ level: 'region', region: 'Inner Mongolia' }),
    ];
    expect(holdsCovering(covering, subject, DURING, 'suspension').map((each) => each.id)).toEqual(covering.map((each) => each.id));
  });

  it('ignores holds on other scopes, of the other kind, or not in force', () => {
    const others = [
      hold({ level: 'item', item: 'item-h20' }),
      hold({ level: 'family', family: 'H20' }),
      hold({ level: 'organisation', organisation: 'org-b' }),
      hold({ level: 'category', category: 'telecom-operator' }),
      hold({ level: 'region', region: 'Guizhou' }),
      hold({ level: 'global' }, { id: 'H-block', kind: 'block' }),
      hold({ level: 'global' }, { id: 'H-future', from: '2026-04-01T00:00:01.000Z' }),
      hold({ level: 'global' }, { id: 'H-ended', until: '2026-04-01T00:00:00.000Z' }),
    ];
    expect(holdsCovering(others, subject, DURING, 'suspension')).toEqual([]);
    expect(holdsCovering(others, { ...subject, region: null }, DURING, 'block').map((each) => each.id)).toEqual(['H-block']);
  });

  it('reads a bare date as the start of that day, UTC; a window is half-open', () => {
    const dated = hold({ level: 'global' }, { from: '2026-04-01', until: '2026-04-02' });
    expect(holdsCovering([dated], subject, new Date('2026-03-31T23:59:59.999Z'), 'suspension')).toEqual([]);
    expect(holdsCovering([dated], subject, new Date('2026-04-01T00:00:00.000Z'), 'suspension')).toHaveLength(1);
    expect(holdsCovering([dated], subject, new Date('2026-04-02T00:00:00.000Z'), 'suspension')).toEqual([]);
  });

  it('a region hold does not cover a licence without a facility', () => {
    expect(holdsCovering([hold({ level: 'region', region: 'Inner Mongolia' })], { ...subject, region: null }, DURING, 'suspension')).toEqual([]);
  });
});

describe('token buckets for the public check', () => {
  it('allows a burst, then one per refill interval, and says how long to wait', () => {
    const buckets = new TokenBuckets({ capacity: 3, refillPerSecond: 0.5, clientsMax: 10 });
    const start = 1_000_000;
    expect([1, 2, 3].map(() => buckets.take('10.0.0.1', start).ok)).toEqual([true, true, true]);
    expect(buckets.take('10.0.0.1', start)).toEqual({ ok: false, retryAfterSeconds: 2 });
    // Another client has its own bucket.
    expect(buckets.take('10.0.0.2', start).ok).toBe(true);
    expect(buckets.take('10.0.0.1', start + 1_000)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(buckets.take('10.0.0.1', start + 2_000).ok).toBe(true);
    expect(buckets.take('10.0.0.1', start + 2_000).ok).toBe(false);
  });

  it('never goes negative when the clock moves back, and keeps at most clientsMax buckets', () => {
    const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 1, clientsMax: 2 });
    expect(buckets.take('a', 10_000).ok).toBe(true);
    expect(buckets.take('a', 5_000).ok).toBe(false);
    buckets.take('b', 10_000);
    buckets.take('c', 10_000);
    expect(buckets.size).toBe(2);
  });

  it('property: over any sequence of requests, no client gets more than capacity + elapsed × rate', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 5_000 })), { maxLength: 200 }), (steps) => {
        const buckets = new TokenBuckets({ capacity: 5, refillPerSecond: 2, clientsMax: 10 });
        let now = 0;
        const granted = { a: 0, b: 0 };
        for (const [client, advanceMs] of steps) {
          now += advanceMs;
          if (buckets.take(client, now).ok) granted[client] += 1;
        }
        const ceiling = 5 + (now / 1_000) * 2;
        return granted.a <= ceiling && granted.b <= ceiling;
      }),
    );
  });
});
