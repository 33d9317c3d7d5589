/**
 * Use case: does a purchase order fit the licences an organisation holds? For an organisation,
 * an item, a quantity and a delivery date: the licences (that the asking vendor may sell against)
 * which are active and valid on the delivery date, how many units each has available in the
 * ledger, and whether together they cover the quantity.
 */
import { readLicenceBalance } from '../ledger/index.js';
import { listLicences } from '../licensing/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';

const LICENCES_MAX = 100;

export interface CoverageRequest {
  organisationId: string;
  itemId: string;
  quantity: number;
  /** YYYY-MM-DD. */
  deliveryDate: string;
}

export interface Coverage {
  isCovered: boolean;
  quantity: number;
  availableUnits: number;
  licences: { licenceId: string; number: string; availableUnits: number; validUntil: string }[];
}

export async function checkCoverage(context: AppContext, actor: Actor, request: CoverageRequest): Promise<Coverage> {
  authorise(actor, 'coverage.check');
  if (!Number.isSafeInteger(request.quantity) || request.quantity < 1) throw new DomainError('validation_failed', 'quantity must be a whole number of at least 1', { field: 'quantity' });
  const delivery = Date.parse(`${request.deliveryDate}T00:00:00.000Z`);
  if (Number.isNaN(delivery)) throw new DomainError('validation_failed', 'deliveryDate must be a date (YYYY-MM-DD)', { field: 'deliveryDate' });
  const page = await listLicences(context, actor, { limit: LICENCES_MAX, organisationId: request.organisationId, itemId: request.itemId, state: 'active' });
  const licences: Coverage['licences'] = [];
  for (const licence of page.items) {
    if (Date.parse(licence.validFrom) > delivery || Date.parse(licence.validUntil) <= delivery) continue;
    // A reservation past its timeout no longer holds units, even before a batch expires it.
    const balance = await readLicenceBalance(context.database.db, licence.id, context.clock.now().getTime());
    const availableUnits = balance === null ? 0 : Number(balance.units.available);
    licences.push({ licenceId: licence.id, number: licence.number, availableUnits, validUntil: licence.validUntil });
  }
  const availableUnits = licences.reduce((sum, licence) => sum + licence.availableUnits, 0);
  return { isCovered: availableUnits >= request.quantity, quantity: request.quantity, availableUnits, licences };
}
