/**
 * Use case: verify the stored ledger from its rows alone (`gatehouse ledger verify`).
 *
 * 1. Every account's totals equal what its transfers add up to, replayed in commit order; no
 *    account with a limit breaks it; debits equal credits per dimension (`verifyLedger`).
 * 2. Every licence's balance equals what was issued to it less what was shipped, returned to the
 *    pool and is reserved, each summed from the transfer log by what the movement is.
 * Returns the first discrepancy. Reads everything into memory: fine up to a few million
 * transfers; a streaming replay is the next step past that.
 */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import type { Dimension } from './account.js';
import { verifyLedger } from './ledger-verification.js';
import { readAllAccounts, readTransfersAfter } from './ledger.store.js';
import type { Transfer } from './transfer.js';

const PAGE_ROWS = 50_000;

export type StoredLedgerVerification =
  | { ok: true; accountCount: number; transferCount: number; licenceCount: number }
  | { ok: false; kind: string; detail: string };

export async function verifyStoredLedger(context: AppContext, actor: Actor): Promise<StoredLedgerVerification> {
  authorise(actor, 'audit.read');
  const db = context.database.db;
  const accounts = await readAllAccounts(db);
  const transfers: Transfer[] = [];
  const pendingStatus = new Map<string, string | null>();
  for (let after = 0; ; ) {
    const page = await readTransfersAfter(db, after, PAGE_ROWS);
    if (page.length === 0) break;
    for (const stored of page) {
      transfers.push(stored.transfer);
      if (stored.transfer.flags.pending) pendingStatus.set(stored.transfer.id, stored.pendingStatus);
    }
    after = page.at(-1)!.sequence;
  }
  const verification = verifyLedger(accounts, transfers);
  if (!verification.ok) return { ok: false, kind: verification.discrepancy.kind, detail: verification.discrepancy.detail };

  // The stored pending status must agree with the log (it is kept for the indexes).
  const resolvedBy = new Map<string, string>();
  for (const transfer of transfers) {
    if (transfer.pendingId !== null) resolvedBy.set(transfer.pendingId, transfer.flags.postPendingTransfer ? 'posted' : transfer.flags.expiry ? 'expired' : 'voided');
  }
  for (const [id, status] of pendingStatus) {
    const expected = resolvedBy.get(id) ?? 'pending';
    if (status !== expected) return { ok: false, kind: 'pending_status_mismatch', detail: `pending transfer ${id} is stored as ${status ?? 'null'}, the log says ${expected}` };
  }

  // Per licence and dimension: issued − shipped − returned − reserved, from the log by code.
  const figures = new Map<string, { issued: bigint; shipped: bigint; returned: bigint; reserved: bigint }>();
  const figuresOf = (licenceAccountId: string) => {
    let entry = figures.get(licenceAccountId);
    if (entry === undefined) figures.set(licenceAccountId, (entry = { issued: 0n, shipped: 0n, returned: 0n, reserved: 0n }));
    return entry;
  };
  const byId = new Map(transfers.map((transfer) => [transfer.id, transfer]));
  for (const transfer of transfers) {
    if (transfer.code === 'licence-issuance') figuresOf(transfer.creditAccountId).issued += transfer.amount;
    else if (transfer.code === 'unused-return') figuresOf(transfer.debitAccountId).returned += transfer.amount;
    else if (transfer.code === 'shipment') {
      if (transfer.flags.pending) figuresOf(transfer.debitAccountId).reserved += transfer.amount;
      else if (transfer.pendingId !== null) {
        const pending = byId.get(transfer.pendingId)!;
        // A post ships its amount; any resolution releases the whole reservation.
        figuresOf(transfer.debitAccountId).reserved -= pending.amount;
        if (transfer.flags.postPendingTransfer) figuresOf(transfer.debitAccountId).shipped += transfer.amount;
      }
    }
  }
  let licenceCount = 0;
  for (const account of accounts) {
    if (account.code !== 'licence') continue;
    licenceCount++;
    const entry = figures.get(account.id) ?? { issued: 0n, shipped: 0n, returned: 0n, reserved: 0n };
    const balance = account.creditsPosted - account.debitsPosted - account.debitsPending;
    const expected = entry.issued - entry.shipped - entry.returned - entry.reserved;
    if (balance !== expected) {
      return {
        ok: false,
        kind: 'licence_balance_mismatch',
        detail: `licence account ${account.id} (${account.dimension satisfies Dimension}) holds ${balance}, but issued ${entry.issued} − shipped ${entry.shipped} − returned ${entry.returned} − reserved ${entry.reserved} = ${expected}`,
      };
    }
  }
  return { ok: true, accountCount: accounts.length, transferCount: transfers.length, licenceCount: licenceCount / 2 };
}
