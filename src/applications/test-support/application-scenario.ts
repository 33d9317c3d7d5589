/**
 * A small world for application tests: the 2026 policy, an H200 and a domestic part, a platform
 * (allowed), a telecom operator (under review: two approvers), a small firm (under the policy's
 * block until July), each with a facility and a fleet, and people in every role.
 */
import { readFileSync } from 'node:fs';
import { demoPolicyPath } from '../../demo/seed-demo.js';
import { publishPolicy } from '../../policy/publish-policy.js';
import type { Actor } from '../../platform/actor.js';
import type { AppContext } from '../../platform/context.js';
import { createFacility, createItem, createOrganisation, declareFleet } from '../../registry/index.js';
import { testActors } from '../../platform/test-support/test-database.js';

export interface Party {
  organisationId: string;
  facilityId: string;
  applicant: Actor;
}

export interface ApplicationScenario {
  h200: string;
  ascend: string;
  platform: Party;
  telecom: Party;
  smallFirm: Party;
  reviewer: Actor;
  secondReviewer: Actor;
  approver: Actor;
  secondApprover: Actor;
  policyHash: string;
}

export async function buildApplicationScenario(context: AppContext): Promise<ApplicationScenario> {
  const admin = testActors.policyAdmin;
  const published = await publishPolicy(context, admin, readFileSync(demoPolicyPath(), 'utf8'));
  const h200 = await createItem(context, admin, { name: 'NVIDIA H200 SXM 141 GB', vendor: 'NVIDIA', classificationCode: '3A090.a', family: 'H200', origin: 'foreign', tpp: 15_832, memoryGb: 141, memoryBandwidthGbPerSecond: 4_800 });
  const ascend = await createItem(context, admin, { name: 'Huawei Ascend 910C', vendor: 'Huawei', classificationCode: 'domestic', family: 'Ascend 910C', origin: 'domestic', tpp: 12_800, memoryGb: 128, memoryBandwidthGbPerSecond: 3_200 });
  const party = async (legalName: string, category: 'big-tech-platform' | 'telecom-operator' | 'small-firm', ascendUnits: number, committed: number): Promise<Party> => {
    const organisation = await createOrganisation(context, admin, { legalName, category });
    const facility = await createFacility(context, admin, { organisationId: organisation.id, name: `${legalName} DC`, region: 'Hebei', latitude: 40, longitude: 115 });
    await declareFleet(context, admin, {
      organisationId: organisation.id,
      asOf: '2025-12-31',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      domesticUnitsCommitted: committed,
      holdings: [{ itemId: ascend.id, installedUnits: ascendUnits }],
    });
    return { organisationId: organisation.id, facilityId: facility.id, applicant: { id: `applicant-of-${legalName}`, role: 'applicant', organisationId: organisation.id } };
  };
  return {
    h200: h200.id,
    ascend: ascend.id,
    platform: await party('Platform Co', 'big-tech-platform', 100_000, 100_000),
    telecom: await party('Telecom Co', 'telecom-operator', 50_000, 40_000),
    smallFirm: await party('Small Firm Co', 'small-firm', 2_000, 1_000),
    reviewer: { id: 'reviewer-li', role: 'reviewer', organisationId: null },
    secondReviewer: { id: 'reviewer-wu', role: 'reviewer', organisationId: null },
    approver: { id: 'approver-zhang', role: 'approver', organisationId: null },
    secondApprover: { id: 'approver-chen', role: 'approver', organisationId: null },
    policyHash: published.version.hash,
  };
}

export function draftFor(scenario: ApplicationScenario, party: Party, quantity: number) {
  return {
    itemId: scenario.h200,
    facilityId: party.facilityId,
    quantity,
    endUse: 'ai-training',
    justification: 'training frontier language models',
    domesticJustification: 'domestic accelerators lack the memory bandwidth for this workload',
    deliveryFrom: '2026-04-01',
    deliveryUntil: '2026-09-30',
  };
}
