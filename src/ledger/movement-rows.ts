/**
 * How the log stores a movement: a units transfer and its TPP twin in one row (migration 0013).
 * Pure: which transfers pair, and the twin rebuilt from its row. ledger.store.ts does the I/O.
 *
 * A twin is exactly what ledger-flows.ts builds beside every units transfer: the id
 * "<movement>:tpp" beside "<movement>:units", the same accounts but for the dimension at the end
 * of their ids ("…/units" → "…/tpp"), for a post or void the twin of the same pending transfer, and
 * the same code, timeout, expiry, references and time. Only its amount, its flags (a pair's units
 * transfer is linked to its twin; the twin's own `linked` continues the chain) and its pending
 * status are its own, and the row keeps those three. Anything else is written as a row of its own,
 * as before; the store reads both shapes.
 */
import { transferFlagsFromBits, type Transfer } from './transfer.js';

const UNITS_ID_SUFFIX = ':units';
const TPP_ID_SUFFIX = ':tpp';
const UNITS_ACCOUNT_SUFFIX = '/units';
const TPP_ACCOUNT_SUFFIX = '/tpp';

/** "<movement>:units" → "<movement>:tpp"; null for an id that is not a units transfer's. */
export function twinIdOf(unitsId: string): string | null {
  return unitsId.endsWith(UNITS_ID_SUFFIX) ? unitsId.slice(0, -UNITS_ID_SUFFIX.length) + TPP_ID_SUFFIX : null;
}

/** "<movement>:tpp" → "<movement>:units": the row a twin may be stored in; null for other ids. */
export function unitsIdOfTwin(tppId: string): string | null {
  return tppId.endsWith(TPP_ID_SUFFIX) ? tppId.slice(0, -TPP_ID_SUFFIX.length) + UNITS_ID_SUFFIX : null;
}

/**
 * The movement whose pair `ids` is ("<movement>:units" then "<movement>:tpp"), or null: how the
 * ledger's audit entry names a request that committed exactly one movement (ledger.writer.ts).
 */
export function movementIdOfPair(ids: readonly string[]): string | null {
  if (ids.length !== 2) return null;
  const [units, tpp] = ids as [string, string];
  return units.endsWith(UNITS_ID_SUFFIX) && tpp === twinIdOf(units) ? units.slice(0, -UNITS_ID_SUFFIX.length) : null;
}

function twinAccountIdOf(unitsAccountId: string): string | null {
  return unitsAccountId.endsWith(UNITS_ACCOUNT_SUFFIX) ? unitsAccountId.slice(0, -UNITS_ACCOUNT_SUFFIX.length) + TPP_ACCOUNT_SUFFIX : null;
}

/** Whether `tpp` is the twin of `units` and may be stored in its row. */
export function isTwinOf(units: Transfer, tpp: Transfer): boolean {
  return (
    units.dimension === 'units' &&
    tpp.dimension === 'tpp' &&
    tpp.id === twinIdOf(units.id) &&
    tpp.debitAccountId === twinAccountIdOf(units.debitAccountId) &&
    tpp.creditAccountId === twinAccountIdOf(units.creditAccountId) &&
    tpp.pendingId === (units.pendingId === null ? null : twinIdOf(units.pendingId)) &&
    tpp.flags.pending === units.flags.pending &&
    tpp.code === units.code &&
    tpp.timeoutSeconds === units.timeoutSeconds &&
    tpp.expiresAt === units.expiresAt &&
    tpp.licenceId === units.licenceId &&
    tpp.purchaseOrderReference === units.purchaseOrderReference &&
    tpp.reference === units.reference &&
    tpp.timestamp === units.timestamp
  );
}

/** A row of the log: one transfer, or a units transfer with its twin. */
export interface MovementRow {
  readonly transfer: Transfer;
  readonly twin: Transfer | null;
}

/** New transfers, in commit order, as rows: each units transfer followed by its twin shares a row. */
export function movementRowsOf(transfers: readonly Transfer[]): MovementRow[] {
  const rows: MovementRow[] = [];
  for (let index = 0; index < transfers.length; index++) {
    const transfer = transfers[index]!;
    const next = transfers[index + 1];
    if (next !== undefined && isTwinOf(transfer, next)) {
      rows.push({ transfer, twin: next });
      index++;
    } else {
      rows.push({ transfer, twin: null });
    }
  }
  return rows;
}

/** What a row keeps of a twin: its amount and its flags as bits (`transferFlagBits`). */
export interface StoredTwin {
  readonly amount: bigint;
  readonly flagBits: number;
}

/** The twin stored in the row of `units`, whole again. */
export function twinFromRow(units: Transfer, stored: StoredTwin): Transfer {
  const id = twinIdOf(units.id);
  const debitAccountId = twinAccountIdOf(units.debitAccountId);
  const creditAccountId = twinAccountIdOf(units.creditAccountId);
  const pendingId = units.pendingId === null ? null : twinIdOf(units.pendingId);
  if (id === null || debitAccountId === null || creditAccountId === null || (units.pendingId !== null && pendingId === null)) {
    throw new Error(`ledger row ${units.id} holds a twin but is not a units transfer of a movement`);
  }
  return {
    id,
    debitAccountId,
    creditAccountId,
    amount: stored.amount,
    pendingId,
    dimension: 'tpp',
    code: units.code,
    flags: transferFlagsFromBits(stored.flagBits),
    timeoutSeconds: units.timeoutSeconds,
    expiresAt: units.expiresAt,
    licenceId: units.licenceId,
    purchaseOrderReference: units.purchaseOrderReference,
    reference: units.reference,
    timestamp: units.timestamp,
  };
}
