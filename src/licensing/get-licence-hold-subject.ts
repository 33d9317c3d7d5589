/**
 * What a hold is judged against for a licence: its item and the item's family, the licensee, the
 * organisations above the licensee in its group (nearest first, up to the head), the licensee's
 * category and the region of the facility the units go to. Issuing a licence reads the same facts
 * (issue-licence.ts, through the same store functions), so a hold that would refuse the licence
 * refuses a reservation under it in the same way.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../platform/database-tables.js';
import type { HoldSubject } from './hold-coverage.js';
import type { Licence } from './licence.js';
import { findFacilityFacts, findGroupAncestorIds, findItemFacts, findOrganisationFacts } from './licensing.store.js';

/**
 * The hold subject of an issued licence; undefined only when its item or licensee is gone, which
 * the registry never allows (records are not deleted), so callers treat it as a bug.
 */
export async function getLicenceHoldSubject(db: Kysely<Database>, licence: Pick<Licence, 'itemId' | 'organisationId' | 'facilityId'>): Promise<HoldSubject | undefined> {
  const item = await findItemFacts(db, licence.itemId);
  const licensee = (await findOrganisationFacts(db, [licence.organisationId])).get(licence.organisationId);
  if (item === undefined || licensee === undefined) return undefined;
  // A licence issued without a facility has no region: region holds cannot cover it, as at issuance.
  const facility = licence.facilityId === null ? undefined : await findFacilityFacts(db, licence.facilityId);
  return {
    itemId: item.id,
    family: item.family,
    organisationId: licensee.id,
    groupOrganisationIds: await findGroupAncestorIds(db, licensee.id),
    category: licensee.category,
    region: facility?.region ?? null,
  };
}
