import { describe, expect, it } from 'vitest';
import type { Application, ControlledItem, FleetDeclaration, Hold, Licence, Organisation, Policy } from '../../shared/api/types';
import { adoptionByOrganisation, approvalsByCategory, approvalsByOrganisation, funnel, funnelRows, holdsInForce, queueAge, quotaUse } from './dashboard-figures';

const item = (id: string, family: string, origin: 'foreign' | 'domestic', tpp: number): ControlledItem => ({ id, name: id, vendor: 'v', classificationCode: 'c', family, origin, tpp, memoryGb: 1, memoryBandwidthGbPerSecond: 1, unitsPerPackage: 1, version: 1, createdAt: '', updatedAt: '' });
const items = new Map([item('h200', 'H200', 'foreign', 15_832), item('h200-nvl', 'H200', 'foreign', 16_000), item('mi325x', 'MI325X', 'foreign', 20_800), item('ascend', 'Ascend', 'domestic', 12_800)].map((entry) => [entry.id, entry]));

const policy: Policy = {
  id: 'p',
  title: 'p',
  effectiveFrom: '2026-01-01',
  period: { start: '2026-01-01', end: '2026-12-31' },
  nationalQuotas: [
    { appliesTo: { family: 'H200' }, units: 700_000, tpp: 11_082_400_000 },
    { appliesTo: { item: 'mi325x' }, units: null, tpp: 1_040_000_000 },
  ],
  defaultAccess: 'review',
  categories: {},
  groupCaps: [],
  adoptionCap: { measure: 'tpp', foreignShareMaxBasisPoints: 5_000 },
  domesticPairing: null,
  technicalEnvelopes: [],
  endUses: { allowed: [], denied: [], domesticJustificationRequired: false },
  licenceTerms: { validityDays: 180, purchaseOrderWindowDays: 30, attestationIntervalDays: 90, conditions: [] },
  holds: [],
};

let serial = 0;
const licence = (patch: Partial<Licence>): Licence => {
  serial += 1;
  return {
    id: `l${serial}`,
    number: `GH-${serial}`,
    applicationId: null,
    organisationId: 'o1',
    itemId: 'h200',
    facilityId: null,
    quantity: 1,
    validFrom: '2026-03-01T00:00:00.000Z',
    validUntil: '2026-09-01T00:00:00.000Z',
    conditions: [],
    permittedVendorIds: [],
    state: 'active',
    stateReason: null,
    policyHash: 'p',
    purchaseOrderWindowDays: 30,
    attestationIntervalDays: 90,
    version: 1,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...patch,
  };
};

const application = (patch: Partial<Application>): Application => {
  serial += 1;
  return {
    id: `a${serial}`,
    organisationId: 'o1',
    itemId: 'h200',
    facilityId: 'f',
    quantity: 10,
    endUse: 'ai-training',
    justification: 'j',
    domesticJustification: null,
    deliveryFrom: '2026-01-01',
    deliveryUntil: '2026-12-31',
    state: 'submitted',
    createdBy: 'u',
    submittedAt: '2026-03-01T00:00:00.000Z',
    policyHash: null,
    evaluation: null,
    needsSecondApprover: false,
    reviewerId: null,
    recommendation: null,
    firstApproval: null,
    decision: null,
    informationRequest: null,
    grantedQuantity: null,
    licenceId: null,
    version: 1,
    createdAt: '',
    updatedAt: '',
    ...patch,
  };
};

describe('quota used and remaining', () => {
  it('counts licences of the period by family or item, in units and TPP, whatever their state now', () => {
    const licences = [
      licence({ quantity: 100 }),
      licence({ quantity: 50, itemId: 'h200-nvl', state: 'revoked' }),
      licence({ quantity: 7, itemId: 'mi325x', state: 'expired' }),
      // Outside the period (issued the day before it, and the day after it): not counted.
      licence({ quantity: 1_000, createdAt: '2025-12-31T23:59:59.999Z' }),
      licence({ quantity: 1_000, createdAt: '2027-01-01T00:00:00.000Z' }),
      // The last instant of the period's last day is in it.
      licence({ quantity: 3, createdAt: '2026-12-31T23:59:59.999Z' }),
    ];
    expect(quotaUse(policy, licences, items)).toEqual([
      { subject: 'H200', quotaUnits: 700_000, quotaTpp: 11_082_400_000, usedUnits: 153, usedTpp: 103 * 15_832 + 50 * 16_000, licenceCount: 3 },
      { subject: 'mi325x', quotaUnits: null, quotaTpp: 1_040_000_000, usedUnits: 7, usedTpp: 7 * 20_800, licenceCount: 1 },
    ]);
  });
});

describe('approvals', () => {
  const organisations = new Map<string, Organisation>([
    ['o1', { id: 'o1', legalName: 'One', chineseName: null, pinyinName: null, aliases: [], category: 'big-tech-platform', parentId: null, status: 'active', version: 1, createdAt: '', updatedAt: '' }],
    ['o2', { id: 'o2', legalName: 'Two', chineseName: null, pinyinName: null, aliases: [], category: 'telecom-operator', parentId: null, status: 'active', version: 1, createdAt: '', updatedAt: '' }],
  ]);
  const applications = [
    application({ state: 'approved', grantedQuantity: 100 }),
    application({ state: 'partially-approved', grantedQuantity: 40 }),
    application({ organisationId: 'o2', state: 'approved', grantedQuantity: 500 }),
    application({ organisationId: 'o2', state: 'denied', grantedQuantity: 0 }),
    application({ organisationId: 'o2', state: 'awaiting-second-approval' }),
  ];

  it('sums the units granted by decisions, by organisation and by category, largest first', () => {
    expect(approvalsByOrganisation(applications)).toEqual([
      { key: 'o2', applications: 1, units: 500 },
      { key: 'o1', applications: 2, units: 140 },
    ]);
    expect(approvalsByCategory(applications, organisations)).toEqual([
      { key: 'telecom-operator', applications: 1, units: 500 },
      { key: 'big-tech-platform', applications: 2, units: 140 },
    ]);
  });
});

describe('adoption percentage', () => {
  const declaration = (patch: Partial<FleetDeclaration>): FleetDeclaration => ({ id: 'd', organisationId: 'o1', asOf: '2025-12-31', periodStart: '2026-01-01', periodEnd: '2026-12-31', domesticUnitsCommitted: 0, holdings: [], version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '', ...patch });

  it('starts from the latest declaration and adds the foreign licences issued after its date, in TPP', () => {
    const declarations = [
      declaration({ asOf: '2024-12-31', holdings: [{ itemId: 'h200', installedUnits: 1 }] }),
      declaration({ holdings: [{ itemId: 'ascend', installedUnits: 100 }, { itemId: 'h200', installedUnits: 50 }] }),
    ];
    const licences = [
      // On the declaration's date: deemed included in it.
      licence({ quantity: 999, createdAt: '2025-12-31T12:00:00.000Z' }),
      licence({ quantity: 10, createdAt: '2026-02-01T00:00:00.000Z' }),
      licence({ organisationId: 'o9', quantity: 10_000, createdAt: '2026-02-01T00:00:00.000Z' }),
    ];
    const [adoption] = adoptionByOrganisation(policy, declarations, licences, items);
    const foreign = 60 * 15_832;
    const domestic = 100 * 12_800;
    expect(adoption).toEqual({ organisationId: 'o1', asOf: '2025-12-31', foreignCompute: foreign, domesticCompute: domestic, licensedAfterDeclaration: 10 * 15_832, foreignShare: foreign / (foreign + domestic), cap: 0.5, isOverCap: false });
  });

  it('counts units instead of TPP when the policy says so, and flags a share over the cap', () => {
    const [adoption] = adoptionByOrganisation({ ...policy, adoptionCap: { measure: 'units', foreignShareMaxBasisPoints: 5_000 } }, [declaration({ holdings: [{ itemId: 'ascend', installedUnits: 40 }, { itemId: 'h200', installedUnits: 60 }] })], [], items);
    expect([adoption?.foreignShare, adoption?.isOverCap]).toEqual([0.6, true]);
  });

  it('has no share for a fleet of nothing', () => {
    expect(adoptionByOrganisation(policy, [declaration({})], [], items)[0]?.foreignShare).toBeNull();
  });
});

describe('the way to delivery, holds and the queue', () => {
  const now = new Date('2026-06-01T00:00:00.000Z');

  it('counts approvals, licences and ended licences', () => {
    const result = funnel(
      [application({ state: 'approved', grantedQuantity: 30 }), application({ state: 'denied', grantedQuantity: 0 })],
      [licence({ quantity: 10, createdAt: '2026-05-20T00:00:00.000Z' }), licence({ quantity: 20, createdAt: '2026-03-01T00:00:00.000Z' }), licence({ quantity: 5, state: 'revoked' })],
    );
    expect(result).toEqual({ approvals: { count: 1, units: 30 }, licences: { count: 3, units: 35 }, ended: { count: 1, units: 5 } });
  });

  it('orders the server’s funnel into stages and outcomes', () => {
    const figure = (count: number) => ({ count, units: count * 10 });
    const rows = funnelRows({
      asOf: now.toISOString(),
      approvals: figure(9),
      licences: figure(8),
      reservations: figure(7),
      shipments: figure(6),
      clearances: figure(5),
      deliveries: figure(4),
      openReservations: figure(3),
      cancelledReservations: figure(2),
      expiredReservations: figure(1),
      lapsedApprovals: figure(11),
    });
    expect(rows.stages.map((row) => [row.key, row.count, row.units])).toEqual([
      ['approvals', 9, 90],
      ['licences', 8, 80],
      ['reservations', 7, 70],
      ['shipments', 6, 60],
      ['clearances', 5, 50],
      ['deliveries', 4, 40],
    ]);
    expect(rows.outcomes.map((row) => [row.key, row.count])).toEqual([
      ['openReservations', 3],
      ['cancelledReservations', 2],
      ['expiredReservations', 1],
      ['lapsedApprovals', 11],
    ]);
  });

  it('keeps the holds whose half-open window covers now', () => {
    const hold = (id: string, from: string, until: string | null): Hold => ({ id, kind: 'suspension', scope: { level: 'global' }, from, until, reasonCode: 'r', reason: 'r', reasonChinese: null, placedBy: 'x' });
    const holds = [hold('ended', '2026-01-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z'), hold('open', '2026-05-01T00:00:00.000Z', null), hold('starts-now', '2026-06-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'), hold('later', '2026-06-02T00:00:00.000Z', null)];
    expect(holdsInForce(holds, now).map((entry) => entry.id)).toEqual(['open', 'starts-now']);
  });

  it('ages the applications waiting for the regulator, not those waiting for their applicant', () => {
    const day = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    const applications = [
      application({ submittedAt: day(3) }),
      application({ state: 'under-review', submittedAt: day(10) }),
      application({ state: 'recommended', submittedAt: day(20) }),
      application({ state: 'awaiting-second-approval', submittedAt: day(90) }),
      application({ state: 'information-requested', submittedAt: day(400) }),
      application({ state: 'approved', submittedAt: day(400) }),
      application({ state: 'draft', submittedAt: null }),
    ];
    expect(queueAge(applications, now)).toEqual({ buckets: [1, 1, 1, 0, 1], waiting: 4, oldestDays: 90, medianDays: 15 });
    expect(queueAge([], now)).toEqual({ buckets: [0, 0, 0, 0, 0], waiting: 0, oldestDays: null, medianDays: null });
  });
});
