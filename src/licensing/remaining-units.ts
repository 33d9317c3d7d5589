/**
 * How many units a licence still covers. Pure, and the one place that answers it, so that the
 * public verification, the licence views and the ledger agree.
 *
 * The answer is the licence account's available balance in the quota ledger: granted − shipped −
 * returned − reserved (src/ledger, `licenceBalance(...).units.available`), which the caller reads
 * with `readLicenceBalance`. A licence without ledger accounts (none is issued without them now;
 * only rows written before the ledger existed) reports its quantity. It says nothing about whether
 * the licence may be used: a suspended, revoked or expired licence still reports its undrawn
 * units, and callers show its state beside them.
 */
import type { Licence } from './licence.js';

export function remainingUnits(licence: Pick<Licence, 'quantity'>, ledgerAvailableUnits: bigint | null = null): number {
  return ledgerAvailableUnits === null ? licence.quantity : Number(ledgerAvailableUnits);
}
