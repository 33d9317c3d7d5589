/**
 * Use case: a licence's history in the quota ledger, oldest first: its issue, every reservation
 * against it and what became of it (shipped, cancelled, lapsed), customs clearance, delivery, and
 * the return of what it did not use when it expired or was revoked; each with its time, units,
 * TPP, the vendor whose reservation it belongs to, the purchase order and the customs declaration.
 *
 * Whoever may read the licence may read its history (a licence the caller may not read is not
 * found), except that a vendor sees only its own reservations' movements beside the licence's
 * own (issue, return): another vendor's purchase orders are that vendor's business, as reading a
 * reservation by id already says (shipment.ts).
 *
 * The ledger records which organisation a reservation is for, not which person moved it; the
 * audit log names the person (one entry per ledger batch, for auditors).
 */
import { findMovement, readLicenceMovements, type LedgerMovement } from '../ledger/index.js';
import { getLicence } from '../licensing/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../platform/http/paging.js';
import { kindOf, type LicenceMovement } from './licence-movement.js';
import { vendorOfReference } from './shipment.js';

const STEP_PREFIXES = ['ship:', 'clear:', 'deliver:', 'cancel:'] as const;

export async function listLicenceMovements(context: AppContext, actor: Actor, licenceId: string, request: { limit: number; cursor?: string | undefined }): Promise<Page<LicenceMovement>> {
  authorise(actor, 'shipment.read');
  const afterSequence = sequenceOf(request.cursor);
  await getLicence(context, actor, licenceId);
  const rows = await readLicenceMovements(context.database.db, licenceId, { afterSequence, limit: request.limit + 1 });
  const hasMore = rows.length > request.limit;
  const page = hasMore ? rows.slice(0, request.limit) : rows;

  // Which vendor and purchase order each reservation is for: from the reservation's own row when
  // it is on the page, else read once (clearance and delivery carry neither).
  const reservations = new Map<string, { vendorOrganisationId: string | null; purchaseOrderReference: string | null }>();
  for (const row of page) if (row.flags.pending) reservations.set(row.movementId, { vendorOrganisationId: vendorOfReference(row.reference), purchaseOrderReference: row.purchaseOrderReference });
  const movements: LicenceMovement[] = [];
  for (const row of page) {
    const reservationId = reservationIdOf(row);
    if (reservationId !== null && !reservations.has(reservationId)) {
      const stored = (await findMovement(context.database.db, reservationId))?.transfer;
      reservations.set(reservationId, { vendorOrganisationId: vendorOfReference(stored?.reference ?? null), purchaseOrderReference: stored?.purchaseOrderReference ?? null });
    }
    const reservation = reservationId === null ? undefined : reservations.get(reservationId);
    const vendorOrganisationId = reservation?.vendorOrganisationId ?? null;
    if (actor.role === 'vendor' && reservationId !== null && vendorOrganisationId !== actor.organisationId) continue;
    const kind = kindOf(row);
    movements.push({
      sequence: row.sequence,
      movementId: row.movementId,
      kind,
      at: new Date(row.timestamp).toISOString(),
      units: Number(row.units),
      tpp: row.tpp === null ? null : Number(row.tpp),
      reservationId,
      vendorOrganisationId,
      purchaseOrderReference: reservation?.purchaseOrderReference ?? null,
      declarationReference: kind === 'clearance' ? row.reference : null,
    });
  }
  const last = page.at(-1);
  return { items: movements, nextCursor: hasMore && last !== undefined ? encodeCursor(String(last.sequence)) : null };
}

/** The reservation a movement belongs to: itself, the pending movement it resolves, or the one its id names. */
function reservationIdOf(row: LedgerMovement): string | null {
  if (row.code === 'shipment') return row.flags.pending ? row.movementId : row.pendingMovementId;
  for (const prefix of STEP_PREFIXES) if (row.movementId.startsWith(prefix)) return row.movementId.slice(prefix.length);
  return null;
}

function sequenceOf(cursor: string | undefined): number {
  const decoded = decodeCursor(cursor);
  if (decoded === undefined) return 0;
  const sequence = Number(decoded);
  if (!/^[1-9][0-9]{0,15}$/.test(decoded) || !Number.isSafeInteger(sequence)) throw new DomainError('validation_failed', 'the cursor is not one this server issued', { field: 'cursor' });
  return sequence;
}
