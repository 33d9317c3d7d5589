/**
 * Use cases that read licences. Every role may read licences, each seeing only its share
 * (`isLicenceVisibleTo`): an applicant its organisation's, a vendor those it may sell against,
 * customs officers and the regulator all of them. A licence outside the reader's share is
 * reported as not found, so that its existence does not leak.
 */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../platform/http/paging.js';
import { isLicenceVisibleTo, type Licence, type LicenceState } from './licence.js';
import { findLicence, listLicences as listLicenceRows, type LicenceListFilter } from './licensing.store.js';

export interface LicenceListRequest {
  limit: number;
  cursor?: string | undefined;
  state?: LicenceState | undefined;
  itemId?: string | undefined;
  organisationId?: string | undefined;
}

export async function getLicence(context: AppContext, actor: Actor, id: string): Promise<Licence> {
  authorise(actor, 'licence.read');
  const licence = await findLicence(context.database.db, id);
  if (licence === undefined || !isLicenceVisibleTo(licence, actor)) throw licenceNotFound(id);
  return licence;
}

export async function listLicences(context: AppContext, actor: Actor, request: LicenceListRequest): Promise<Page<Licence>> {
  authorise(actor, 'licence.read');
  const filter: LicenceListFilter = { limit: request.limit + 1 };
  const afterId = decodeCursor(request.cursor);
  if (afterId !== undefined) filter.afterId = afterId;
  if (request.state !== undefined) filter.state = request.state;
  if (request.itemId !== undefined) filter.itemId = request.itemId;
  if (request.organisationId !== undefined) filter.organisationId = request.organisationId;
  if (actor.role === 'applicant') {
    // An applicant lists its own organisation's licences, whatever it asks for.
    if (request.organisationId !== undefined && request.organisationId !== actor.organisationId) {
      throw new DomainError('forbidden', 'you may list only your own organisation’s licences', { field: 'organisationId' });
    }
    filter.organisationId = actor.organisationId ?? '(none)';
  } else if (actor.role === 'vendor') {
    filter.permittingVendorId = actor.organisationId ?? '(none)';
  }
  const rows = await listLicenceRows(context.database.db, filter);
  // The query applies the same rule; checking each row again costs nothing and keeps one definition authoritative.
  return toPage(
    rows.filter((licence) => isLicenceVisibleTo(licence, actor)),
    request.limit,
  );
}

export function licenceNotFound(id: string): DomainError {
  return new DomainError('licence_not_found', `no licence ${id}`, { field: 'id' });
}
