/**
 * A world for round tests: the applications scenario (the 2026 policy, an H200, a platform, a
 * telecom operator under review, a small firm under the block until July) plus two cloud
 * providers, and a helper that takes an application to "recommended" (approved in principle).
 */
import { createApplication, recommendApplication, submitApplication, takeApplication, type Application } from '../../applications/index.js';
import { buildApplicationScenario, draftFor, type ApplicationScenario, type Party } from '../../applications/test-support/application-scenario.js';
import type { Actor } from '../../platform/actor.js';
import type { AppContext } from '../../platform/context.js';
import { testActors } from '../../platform/test-support/test-database.js';
import { createFacility, createOrganisation, declareFleet } from '../../registry/index.js';

export interface RoundScenario extends ApplicationScenario {
  cloudA: Party;
  cloudB: Party;
}

/** Each cloud provider holds 50,000 domestic units: its adoption cap admits up to 40,424 H200. */
export async function buildRoundScenario(context: AppContext): Promise<RoundScenario> {
  const world = await buildApplicationScenario(context);
  const admin = testActors.policyAdmin;
  const cloud = async (legalName: string): Promise<Party> => {
    const organisation = await createOrganisation(context, admin, { legalName, category: 'cloud-provider' });
    const facility = await createFacility(context, admin, { organisationId: organisation.id, name: `${legalName} DC`, region: 'Jiangsu', latitude: 31, longitude: 120 });
    await declareFleet(context, admin, {
      organisationId: organisation.id,
      asOf: '2025-12-31',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      domesticUnitsCommitted: 50_000,
      holdings: [{ itemId: world.ascend, installedUnits: 50_000 }],
    });
    return { organisationId: organisation.id, facilityId: facility.id, applicant: { id: `applicant-of-${legalName}`, role: 'applicant', organisationId: organisation.id } };
  };
  return { ...world, cloudA: await cloud('Cloud A Co'), cloudB: await cloud('Cloud B Co') };
}

/** Drafts, submits, takes and recommends for approval: the application is approved in principle. */
export async function recommended(context: AppContext, world: ApplicationScenario, party: Party, quantity: number, reviewer: Actor = world.reviewer): Promise<Application> {
  const draft = await createApplication(context, party.applicant, draftFor(world, party, quantity));
  const submitted = await submitApplication(context, party.applicant, draft.id, draft.version);
  const taken = await takeApplication(context, reviewer, submitted.id, submitted.version);
  return recommendApplication(context, reviewer, taken.id, taken.version, { decision: 'approve', quantity, reasonCode: 'meets-policy', note: 'within every limit' });
}
