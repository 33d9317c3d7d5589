/**
 * Builders for each step of the quota flow: pure functions that return the transfers a use case
 * submits to createTransfers. Every movement is a pair, units and TPP, linked so that the two
 * succeed or fail together; a step that needs several movements links them all into one chain.
 * docs/ledger.md draws the flow and names the accounts.
 *
 * Transfer ids are derived from a movement id the caller chooses (e.g. a UUIDv7 stored with the
 * shipment): "<movement id>:units" and "<movement id>:tpp". A retry of the same step with the
 * same movement id is therefore harmless: the ledger answers `exists`.
 */
import type { AccountCode, Dimension } from './account.js';
import { accountId, type LicenceBalance } from './chart-of-accounts.js';
import type { TransferCode, TransferFlagsInput, TransferInput } from './transfer.js';

export interface DimensionAmounts {
  readonly units: bigint;
  readonly tpp: bigint;
}

/** The id of one dimension's transfer within a movement. */
export function transferIdFor(movementId: string, dimension: Dimension): string {
  return `${movementId}:${dimension}`;
}

/** TPP moved with a number of units of one item: units × the item's TPP per unit, exactly. */
export function amountsFor(units: bigint, tppPerUnit: bigint): DimensionAmounts {
  return { units, tpp: units * tppPerUnit };
}

export interface References {
  readonly licenceId?: string;
  readonly purchaseOrderReference?: string;
  readonly reference?: string;
}

export interface AccountReference {
  readonly code: AccountCode;
  readonly ownerId: string;
}

export interface MovementSpec {
  readonly movementId: string;
  readonly debit: AccountReference;
  readonly credit: AccountReference;
  readonly amounts: DimensionAmounts;
  readonly code: TransferCode;
  readonly isPending?: boolean;
  readonly timeoutSeconds?: number;
  readonly references?: References;
}

/**
 * One movement in both dimensions: the units transfer, linked to the TPP transfer that follows
 * it. The TPP transfer is not linked, so the pair is a chain of its own; use `linkedChain` to join
 * several movements into one.
 */
export function movementTransfers(spec: MovementSpec): TransferInput[] {
  // Built by assignment rather than object spreads: every reservation goes through here on the
  // hot path, and each spread allocated an object of its own.
  const build = (dimension: Dimension, isLinked: boolean): TransferInput => {
    const transfer: { -readonly [Key in keyof TransferInput]: TransferInput[Key] } = {
      id: transferIdFor(spec.movementId, dimension),
      debitAccountId: accountId(spec.debit.code, spec.debit.ownerId, dimension),
      creditAccountId: accountId(spec.credit.code, spec.credit.ownerId, dimension),
      amount: spec.amounts[dimension],
      dimension,
      code: spec.code,
      flags: { linked: isLinked, pending: spec.isPending === true },
    };
    if (spec.timeoutSeconds !== undefined) transfer.timeoutSeconds = spec.timeoutSeconds;
    const references = spec.references;
    if (references !== undefined) {
      if (references.licenceId !== undefined) transfer.licenceId = references.licenceId;
      if (references.purchaseOrderReference !== undefined) transfer.purchaseOrderReference = references.purchaseOrderReference;
      if (references.reference !== undefined) transfer.reference = references.reference;
    }
    return transfer;
  };
  return [build('units', true), build('tpp', false)];
}

export interface ResolutionSpec {
  readonly movementId: string;
  /** The movement id the pending pair was created with. */
  readonly pendingMovementId: string;
  readonly kind: 'post' | 'void';
  /** A post of part of the reservation; omitted, the whole reservation is posted (or voided). */
  readonly amounts?: DimensionAmounts;
  readonly reference?: string;
}

/** Posts or voids a pending movement in both dimensions, as a linked pair. */
export function resolutionTransfers(spec: ResolutionSpec): TransferInput[] {
  const build = (dimension: Dimension, isLinked: boolean): TransferInput => {
    const flags: TransferFlagsInput =
      spec.kind === 'post' ? { linked: isLinked, postPendingTransfer: true } : { linked: isLinked, voidPendingTransfer: true };
    return {
      id: transferIdFor(spec.movementId, dimension),
      pendingId: transferIdFor(spec.pendingMovementId, dimension),
      flags,
      ...(spec.amounts === undefined ? {} : { amount: spec.amounts[dimension] }),
      ...(spec.reference === undefined ? {} : { reference: spec.reference }),
    };
  };
  return [build('units', true), build('tpp', false)];
}

/** Joins groups of transfers into one linked chain: every transfer linked except the very last. */
export function linkedChain(groups: readonly (readonly TransferInput[])[]): TransferInput[] {
  const transfers = groups.flat();
  return transfers.map((transfer, position) => ({ ...transfer, flags: { ...transfer.flags, linked: position < transfers.length - 1 } }));
}

/** A policy's national quota enters the ledger: quota-source → national-pool. */
export function issueQuotaTransfers(input: { movementId: string; scopeId: string; amounts: DimensionAmounts; reference?: string }): TransferInput[] {
  return movementTransfers({
    movementId: input.movementId,
    debit: { code: 'quota-source', ownerId: input.scopeId },
    credit: { code: 'national-pool', ownerId: input.scopeId },
    amounts: input.amounts,
    code: 'quota-issuance',
    ...(input.reference === undefined ? {} : { references: { reference: input.reference } }),
  });
}

/** A policy lowers the national quota: national-pool → quota-source (never more than issued). */
export function withdrawQuotaTransfers(input: { movementId: string; scopeId: string; amounts: DimensionAmounts; reference?: string }): TransferInput[] {
  return movementTransfers({
    movementId: input.movementId,
    debit: { code: 'national-pool', ownerId: input.scopeId },
    credit: { code: 'quota-source', ownerId: input.scopeId },
    amounts: input.amounts,
    code: 'quota-withdrawal',
    ...(input.reference === undefined ? {} : { references: { reference: input.reference } }),
  });
}

/** An allocation round receives its budget: national-pool → round-budget. */
export function fundRoundTransfers(input: { movementId: string; scopeId: string; roundId: string; amounts: DimensionAmounts }): TransferInput[] {
  return movementTransfers({
    movementId: input.movementId,
    debit: { code: 'national-pool', ownerId: input.scopeId },
    credit: { code: 'round-budget', ownerId: input.roundId },
    amounts: input.amounts,
    code: 'round-funding',
    references: { reference: input.roundId },
  });
}

/** A closed round gives back what it did not grant: round-budget → national-pool. */
export function closeRoundTransfers(input: { movementId: string; scopeId: string; roundId: string; amounts: DimensionAmounts }): TransferInput[] {
  return movementTransfers({
    movementId: input.movementId,
    debit: { code: 'round-budget', ownerId: input.roundId },
    credit: { code: 'national-pool', ownerId: input.scopeId },
    amounts: input.amounts,
    code: 'round-return',
    references: { reference: input.roundId },
  });
}

export type LicenceSource = { readonly kind: 'round'; readonly roundId: string } | { readonly kind: 'pool'; readonly scopeId: string };

/** A licence is issued: round-budget (or national-pool directly) → licence. */
export function issueLicenceTransfers(input: { movementId: string; licenceId: string; source: LicenceSource; units: bigint; tppPerUnit: bigint }): TransferInput[] {
  const debit: AccountReference =
    input.source.kind === 'round' ? { code: 'round-budget', ownerId: input.source.roundId } : { code: 'national-pool', ownerId: input.source.scopeId };
  return movementTransfers({
    movementId: input.movementId,
    debit,
    credit: { code: 'licence', ownerId: input.licenceId },
    amounts: amountsFor(input.units, input.tppPerUnit),
    code: 'licence-issuance',
    references: { licenceId: input.licenceId },
  });
}

/**
 * The seconds a reservation may wait, so that it lapses when the approval-to-purchase-order
 * window closes (`windowEndsAt`, epoch milliseconds), rounded up to a whole second; null when the
 * window has already closed and no reservation may be made.
 */
export function reservationTimeoutSeconds(windowEndsAt: number, now: number): number | null {
  const remainingMs = windowEndsAt - now;
  return remainingMs <= 0 ? null : Math.ceil(remainingMs / 1000);
}

/**
 * A vendor reserves units of a licence for a purchase order: a pending licence → shipped pair
 * that lapses after `timeoutSeconds` unless shipped or cancelled first. The reservation id is the
 * movement id that shipping and cancelling refer to.
 */
export function reserveTransfers(input: {
  reservationId: string;
  licenceId: string;
  units: bigint;
  tppPerUnit: bigint;
  timeoutSeconds: number;
  purchaseOrderReference: string;
}): TransferInput[] {
  return movementTransfers({
    movementId: input.reservationId,
    debit: { code: 'licence', ownerId: input.licenceId },
    credit: { code: 'shipped', ownerId: input.licenceId },
    amounts: amountsFor(input.units, input.tppPerUnit),
    code: 'shipment',
    isPending: true,
    timeoutSeconds: input.timeoutSeconds,
    references: { licenceId: input.licenceId, purchaseOrderReference: input.purchaseOrderReference },
  });
}

/**
 * The vendor ships against a reservation: posts it. With `units`, only that many are shipped and
 * the rest of the reservation returns to the licence; without, the whole reservation ships.
 */
export function shipTransfers(input: { movementId: string; reservationId: string; units?: bigint; tppPerUnit: bigint; reference?: string }): TransferInput[] {
  return resolutionTransfers({
    movementId: input.movementId,
    pendingMovementId: input.reservationId,
    kind: 'post',
    ...(input.units === undefined ? {} : { amounts: amountsFor(input.units, input.tppPerUnit) }),
    ...(input.reference === undefined ? {} : { reference: input.reference }),
  });
}

/** The vendor or the licensee cancels a reservation: voids it, and the licence has it back. */
export function cancelReservationTransfers(input: { movementId: string; reservationId: string; reference?: string }): TransferInput[] {
  return resolutionTransfers({
    movementId: input.movementId,
    pendingMovementId: input.reservationId,
    kind: 'void',
    ...(input.reference === undefined ? {} : { reference: input.reference }),
  });
}

/** Customs clears shipped units: shipped → cleared. `reference` is the customs declaration. */
export function clearTransfers(input: { movementId: string; licenceId: string; units: bigint; tppPerUnit: bigint; reference?: string }): TransferInput[] {
  return movementTransfers({
    movementId: input.movementId,
    debit: { code: 'shipped', ownerId: input.licenceId },
    credit: { code: 'cleared', ownerId: input.licenceId },
    amounts: amountsFor(input.units, input.tppPerUnit),
    code: 'customs-clearance',
    references: { licenceId: input.licenceId, ...(input.reference === undefined ? {} : { reference: input.reference }) },
  });
}

/** Cleared units reach the licensee's facility: cleared → delivered. */
export function deliverTransfers(input: { movementId: string; licenceId: string; units: bigint; tppPerUnit: bigint; reference?: string }): TransferInput[] {
  return movementTransfers({
    movementId: input.movementId,
    debit: { code: 'cleared', ownerId: input.licenceId },
    credit: { code: 'delivered', ownerId: input.licenceId },
    amounts: amountsFor(input.units, input.tppPerUnit),
    code: 'delivery',
    references: { licenceId: input.licenceId, ...(input.reference === undefined ? {} : { reference: input.reference }) },
  });
}

/**
 * A licence expires or is revoked: every open reservation is voided and everything the licence has
 * not shipped goes back to the national pool, all in one linked chain. `balance` is the licence's
 * balance as read before the call and `pendingReservationIds` its open reservations; the amount
 * returned is what the licence holds once those are voided (available + reserved).
 *
 * The chain doubles as an optimistic check: if a reservation was shipped, cancelled or lapsed
 * since the balance was read, its void fails (`pending_transfer_already_posted`, …), and if a new
 * reservation appeared, the return fails with `exceeds_credits`; either way nothing moves and the
 * caller reads again and rebuilds. Units already shipped stay where they are: they are physical.
 * Returns no transfers when there is nothing to void or return.
 */
export function returnUnusedTransfers(input: {
  movementId: string;
  licenceId: string;
  scopeId: string;
  balance: LicenceBalance;
  pendingReservationIds: readonly string[];
}): TransferInput[] {
  const groups: TransferInput[][] = input.pendingReservationIds.map((reservationId) =>
    resolutionTransfers({ movementId: `${input.movementId}:void:${reservationId}`, pendingMovementId: reservationId, kind: 'void' }),
  );
  const unused: DimensionAmounts = {
    units: input.balance.units.available + input.balance.units.reserved,
    tpp: input.balance.tpp.available + input.balance.tpp.reserved,
  };
  if (unused.units > 0n || unused.tpp > 0n) {
    groups.push(
      movementTransfers({
        movementId: input.movementId,
        debit: { code: 'licence', ownerId: input.licenceId },
        credit: { code: 'national-pool', ownerId: input.scopeId },
        amounts: unused,
        code: 'unused-return',
        references: { licenceId: input.licenceId },
      }),
    );
  }
  return groups.length === 0 ? [] : linkedChain(groups);
}
