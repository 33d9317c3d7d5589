/**
 * How many units a licence still covers. Pure, and the one place that answers it, so that the
 * public verification, the licence views and the ledger agree.
 *
 * For now the answer is the quantity granted: nothing draws a licence down yet. When the quota
 * ledger records reservations and shipments against licences, this becomes the licence account's
 * balance (granted − shipped − reserved) and every caller follows. It says nothing about whether
 * the licence may be used: a suspended, revoked or expired licence still reports its undrawn units,
 * and callers show its state beside them.
 */
import type { Licence } from './licence.js';

export function remainingUnits(licence: Pick<Licence, 'quantity'>): number {
  return licence.quantity;
}
