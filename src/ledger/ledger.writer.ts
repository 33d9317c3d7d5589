/**
 * The durable ledger: applies transfers to the stored accounts through the pure engine, and the
 * single writer per process that batches them (group commit).
 *
 * One batch is one database transaction:
 *   1. take the write lock (SQLite) and find the pending transfers the batch posts or voids and
 *      the reservations that have lapsed, to know every account the batch touches;
 *   2. lock those accounts in id order and read them afresh (PostgreSQL `SELECT … FOR UPDATE`),
 *      then read the transfers the batch names (its own ids, for `exists`; the pending transfers
 *      and their resolutions, for their status): once the accounts are locked nobody else can
 *      change any of it, so two processes never both spend the same balance;
 *   3. rebuild a small engine state from those rows, expire the lapsed reservations, and run
 *      each request through `createTransfers` on its own (so one request's linked chain never
 *      runs into the next request's);
 *   4. append one audit entry naming every transfer of the batch and, per request, who asked,
 *      then write exactly the engine's new transfers and changed accounts.
 * A crash anywhere before the commit leaves nothing; after it, everything.
 */
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import type { Clock } from '../platform/clock.js';
import { isUniqueViolation } from '../platform/context.js';
import type { Database } from '../platform/database-tables.js';
import { rawSqliteOf } from '../platform/dialect.js';
import { newId } from '../platform/ids.js';
import type { Account, AccountInput, AccountResult } from './account.js';
import { accountId, licenceAccounts, licenceBalance, type LicenceBalance } from './chart-of-accounts.js';
import {
  ACCOUNT_BATCH_MAX,
  EXPIRY_BATCH_MAX,
  TRANSFER_BATCH_MAX,
  createAccounts,
  createTransfers,
  expirePendingTransfers,
  getAccount,
  restoreLedgerState,
  type LedgerState,
} from './ledger-engine.js';
import {
  beginLedgerWrite,
  findAccounts,
  findLapsedPendingTransfers,
  findLapsedPendingTransfersOfLicence,
  findResolutions,
  findTransfersByIds,
  insertAccounts,
  lockAccounts,
  prepareTransferRows,
  writeBatch,
  type PreparedTransferRows,
  type StoredTransfer,
} from './ledger.store.js';
import { movementIdOfPair } from './movement-rows.js';
import type { Transfer, TransferInput, TransferResult } from './transfer.js';

/** One caller's transfers: applied together (as the engine applies a batch), judged on their own. */
export interface LedgerRequest {
  readonly actor: Actor;
  readonly transfers: readonly TransferInput[];
  /**
   * Runs inside the batch's transaction once the engine has judged the request, e.g. to record a
   * shipment row beside its reservation, so that both commit or neither does. If it throws, the
   * batch is rolled back and every request in it is retried alone, so that only this one fails.
   */
  readonly onApplied?: (trx: Kysely<Database>, results: readonly TransferResult[]) => Promise<void>;
}

/** The actor named in a batch's audit entry when several callers share the batch. */
export const LEDGER_WRITER_ACTOR: Actor = { id: 'system:ledger-writer', role: 'operator', organisationId: null };

/** Transfers in one batch across all its requests: TigerBeetle's batch size. */
export const WRITER_BATCH_TRANSFERS_MAX = TRANSFER_BATCH_MAX;

/**
 * Applies requests in the caller's transaction and returns each request's results, in order.
 * Used by the writer for its batches, and directly by a use case that already holds a
 * transaction (issuing a licence moves quota in the same transaction as the licence row).
 */
export async function applyLedgerRequests(trx: Kysely<Database>, requests: readonly LedgerRequest[], now: Date): Promise<TransferResult[][]> {
  return (await applyBatch(trx, requests, now, { isLookingUpEveryId: true })).results;
}

/**
 * Applies a batch judged ahead (judgeAhead) in the caller's transaction, as the writer does: its
 * judgement if the locks find the balances it assumed, otherwise the batch judged afresh. For
 * tests of that rule on every dialect (the writer itself judges ahead only on PostgreSQL).
 */
export async function applyJudgedAhead(trx: Kysely<Database>, judged: JudgedAhead): Promise<BatchOutcome> {
  return applyBatch(trx, judged.requests, judged.now, { isLookingUpEveryId: true, ahead: judged });
}

export interface BatchOutcome {
  readonly results: TransferResult[][];
  /** Reservations (pending transfers) the batch expired because their timeout had passed. */
  readonly expiredCount: number;
  /** Whether the judgement made ahead was the one written (see applyBatch). */
  readonly isJudgedAheadUsed: boolean;
}

/**
 * One batch: every request judged on its own, after the lapsed reservations are expired. With no
 * requests it is an expiry sweep: it expires what has lapsed (at most EXPIRY_BATCH_MAX) and
 * writes nothing else.
 *
 * `isLookingUpEveryId` false is the writer's first, optimistic attempt: it does not read the
 * batch's own transfer ids before judging (8,190 index lookups a batch, most of the read time),
 * because a new id almost never exists. What keeps it exact: a transfer the engine accepts but
 * whose id is stored already breaks the unique index on insert, and the writer judges the batch
 * again with every id read (`commit`); a TPP twin stored in its units transfer's row
 * (movement-rows.ts) has its id in a unique index of its own (migration 0013), which does the same.
 * A transfer the engine refuses is looked up before anything is written, and if any of them exists
 * the batch is judged again here with every id read, so a retry still answers `exists` rather than
 * a refusal. Callers inside their own transaction (which a failed insert would abort on
 * PostgreSQL) always read every id.
 *
 * `onRowsSent`, which the writer gives on PostgreSQL, runs once the batch's rows are on their way
 * to the server, while it inserts them (see LedgerWriter.heldAnswers and LedgerWriter.ahead).
 *
 * `ahead` is this very batch judged before its transaction began (judgeAhead). Its judgement is
 * used only if what it assumed is what this transaction finds under the locks: no pending transfer
 * to read, no lapsed reservation, and every account it touches holding the balances it started
 * from. The engine is deterministic, so the judgement is then exactly the one step 3 would make.
 */
async function applyBatch(trx: Kysely<Database>, requests: readonly LedgerRequest[], now: Date, options: BatchOptions): Promise<BatchOutcome> {
  const { isLookingUpEveryId, onRowsSent, ahead } = options;
  assert(ahead === undefined || (ahead.requests === requests && ahead.now === now), 'a batch judged ahead is written as it was judged');
  const nowMs = now.getTime();
  beginLedgerWrite(trx);

  // 1. What the batch touches. Pending transfers never change their accounts, so reading them
  //    before the locks is safe; their status is read again below, under the locks.
  const inputIds: string[] = [];
  const pendingIds: string[] = [];
  const accountIds: string[] = [];
  for (const request of requests) {
    assert(request.transfers.length <= TRANSFER_BATCH_MAX, `a ledger request holds at most ${TRANSFER_BATCH_MAX} transfers`);
    for (const input of request.transfers) {
      inputIds.push(input.id);
      if (input.pendingId !== undefined) pendingIds.push(input.pendingId);
      if (input.debitAccountId !== undefined) accountIds.push(input.debitAccountId);
      if (input.creditAccountId !== undefined) accountIds.push(input.creditAccountId);
    }
  }
  const named = pendingIds.length === 0 ? [] : await findTransfersByIds(trx, pendingIds);
  const lapsed = await findLapsedPendingTransfers(trx, nowMs, EXPIRY_BATCH_MAX);
  for (const { transfer } of [...named, ...lapsed]) accountIds.push(transfer.debitAccountId, transfer.creditAccountId);

  // 2. Lock, then read everything the engine needs to judge the batch.
  const accounts = await lockAccounts(trx, accountIds);
  const loaded = new Map<string, StoredTransfer>();
  const lapsedIds = lapsed.map((entry) => entry.transfer.id);
  await loadTransfers(trx, loaded, isLookingUpEveryId ? [...inputIds, ...pendingIds, ...lapsedIds] : [...pendingIds, ...lapsedIds]);

  // 3. Judge, unless the batch was judged ahead on what the locks found.
  let judged: Judgement;
  let prepared: JudgedAhead | null = null;
  if (ahead !== undefined && loaded.size === 0 && isSameBalances(ahead.base, accounts)) {
    judged = ahead.judgement;
    prepared = ahead;
  } else {
    judged = judge(accounts, loaded, requests, nowMs);
  }
  if (!isLookingUpEveryId) {
    const refusedIds: string[] = [];
    requests.forEach((request, index) => {
      const results = judged.results[index]!;
      for (let position = 0; position < results.length; position++) if (results[position] !== 'ok') refusedIds.push(request.transfers[position]!.id);
    });
    if (refusedIds.length > 0 && (await findTransfersByIds(trx, refusedIds)).length > 0) {
      await loadTransfers(trx, loaded, inputIds);
      judged = judge(accounts, loaded, requests, nowMs);
      prepared = null;
    }
  }
  const { state, results, newTransfers, changedAccountIds, expiredCount } = judged;
  for (let index = 0; index < requests.length; index++) {
    const onApplied = requests[index]!.onApplied;
    if (onApplied !== undefined) await onApplied(trx, results[index]!);
  }
  if (newTransfers.length === 0) return { results, expiredCount: 0, isJudgedAheadUsed: prepared !== null };

  // 4. Audit (which also serialises the sequence numbers), then the rows.
  const actors = new Set(requests.map((request) => request.actor.id));
  const actor = actors.size === 1 ? requests[0]!.actor : LEDGER_WRITER_ACTOR;
  await recordAuditEvent(trx, actor, now, {
    eventType: 'ledger.transfers-committed',
    subjectType: 'ledger-batch',
    subjectId: newId(now),
    before: null,
    after: prepared?.auditAfter ?? batchAuditAfter(requests, judged),
  });
  const changedAccounts: Account[] = [];
  for (const id of changedAccountIds) {
    const account = getAccount(state, id);
    assert(account !== undefined, 'a changed account is in the state');
    changedAccounts.push(account);
  }
  const written = writeBatch(trx, newTransfers, changedAccounts, prepared?.rows);
  if (onRowsSent !== undefined) {
    // Awaited below; until then a failure must not count as an unhandled rejection.
    written.catch(() => undefined);
    // One turn of the event loop sends the rows; the caller's work then runs while the server
    // inserts them.
    await new Promise((resolve) => setImmediate(resolve));
    const accountsAfter = new Map<string, Account>();
    for (const account of accounts) accountsAfter.set(account.id, { ...getAccount(state, account.id)! });
    await onRowsSent(accountsAfter);
  }
  await written;
  return { results, expiredCount, isJudgedAheadUsed: prepared !== null };
}

interface BatchOptions {
  /** False only for the writer's first, optimistic attempt (see applyBatch). */
  readonly isLookingUpEveryId: boolean;
  /** The writer on PostgreSQL: given the accounts as this batch leaves them, once its rows are sent. */
  readonly onRowsSent?: ((accountsAfter: ReadonlyMap<string, Account>) => Promise<void>) | undefined;
  readonly ahead?: JudgedAhead | undefined;
}

/** What one batch's audit entry says (see requestsByActor). */
function batchAuditAfter(requests: readonly LedgerRequest[], judged: Judgement): Record<string, unknown> {
  return {
    transferCount: judged.newTransfers.length,
    expiredPendingIds: judged.newTransfers.slice(0, judged.expiredCount).map((transfer) => transfer.pendingId),
    requestsByActor: requestsByActor(requests, judged.results),
  };
}

/**
 * A batch judged before its transaction, on the balances the writer's previous batch leaves
 * (`base`), with its audit entry's content and its rows made ready: applyBatch uses all of it
 * when the locks find those balances, and otherwise judges the batch again itself.
 */
export interface JudgedAhead {
  readonly requests: readonly LedgerRequest[];
  readonly now: Date;
  readonly base: ReadonlyMap<string, Account>;
  readonly judgement: Judgement;
  readonly auditAfter: Record<string, unknown>;
  readonly rows: PreparedTransferRows;
}

/**
 * Judges `requests` at `now` on the accounts in `accountsAfter`, or null when that cannot stand
 * in for the judgement under the locks: a request that posts or voids a pending transfer (whose
 * status only the database knows), or one that touches an account `accountsAfter` lacks. Pure.
 */
export function judgeAhead(requests: readonly LedgerRequest[], accountsAfter: ReadonlyMap<string, Account>, now: Date): JudgedAhead | null {
  const base = new Map<string, Account>();
  for (const request of requests) {
    for (const input of request.transfers) {
      if (input.pendingId !== undefined) return null;
      for (const id of [input.debitAccountId, input.creditAccountId]) {
        if (id === undefined || base.has(id)) continue;
        const account = accountsAfter.get(id);
        if (account === undefined) return null;
        base.set(id, account);
      }
    }
  }
  const judgement = judge([...base.values()], new Map(), requests, now.getTime());
  return { requests, now, base, judgement, auditAfter: batchAuditAfter(requests, judgement), rows: prepareTransferRows(judgement.newTransfers) };
}

/**
 * Whether the accounts read under the locks are exactly `base`, balance for balance. An account's
 * other fields never change once it exists, and a batch writes only balances.
 */
function isSameBalances(base: ReadonlyMap<string, Account>, accounts: readonly Account[]): boolean {
  if (accounts.length !== base.size) return false;
  for (const account of accounts) {
    const assumed = base.get(account.id);
    if (
      assumed === undefined ||
      assumed.debitsPending !== account.debitsPending ||
      assumed.debitsPosted !== account.debitsPosted ||
      assumed.creditsPending !== account.creditsPending ||
      assumed.creditsPosted !== account.creditsPosted
    ) {
      return false;
    }
  }
  return true;
}

/**
 * The batch's requests for its audit entry: per actor (in order of first appearance), what each of
 * its requests committed, in batch order. A request that committed exactly one movement (its
 * "<movement>:units" and "<movement>:tpp" transfers, as every flow does) is named by the movement's
 * id; any other request by the list of ids it committed (empty if it committed nothing). The same
 * as one { actorId, transferIds } per request without repeating the actor thousands of times, and
 * each movement named once rather than by its two ids: a batch of 4,095 reservations by one vendor
 * is an entry of about 40 kB instead of about 135 kB, which the audit insert encodes, hashes,
 * compresses and writes in every batch.
 */
function requestsByActor(requests: readonly LedgerRequest[], results: readonly (readonly TransferResult[])[]): { actorId: string; requests: (string | string[])[] }[] {
  const byActor = new Map<string, (string | string[])[]>();
  for (let index = 0; index < requests.length; index++) {
    const request = requests[index]!;
    let actorRequests = byActor.get(request.actor.id);
    if (actorRequests === undefined) {
      actorRequests = [];
      byActor.set(request.actor.id, actorRequests);
    }
    // `ok` is the engine's answer for a transfer it created, and only for that.
    const requestResults = results[index]!;
    const ids: string[] = [];
    for (let position = 0; position < request.transfers.length; position++) if (requestResults[position] === 'ok') ids.push(request.transfers[position]!.id);
    actorRequests.push(movementIdOfPair(ids) ?? ids);
  }
  return [...byActor].map(([actorId, actorRequests]) => ({ actorId, requests: actorRequests }));
}

/** Reads transfers into `loaded`, with the resolutions of those that are resolved pending transfers. */
async function loadTransfers(trx: Kysely<Database>, loaded: Map<string, StoredTransfer>, ids: readonly string[]): Promise<void> {
  const missing = ids.filter((id) => !loaded.has(id));
  if (missing.length === 0) return;
  const found = await findTransfersByIds(trx, missing);
  for (const stored of found) loaded.set(stored.transfer.id, stored);
  const resolvedPendingIds = found.filter((stored) => stored.pendingStatus !== null && stored.pendingStatus !== 'pending').map((stored) => stored.transfer.id);
  if (resolvedPendingIds.length > 0) for (const stored of await findResolutions(trx, resolvedPendingIds)) loaded.set(stored.transfer.id, stored);
}

interface Judgement {
  readonly state: LedgerState;
  readonly results: TransferResult[][];
  /** The expiry records first (expiredCount of them), then every request's new transfers in order. */
  readonly newTransfers: Transfer[];
  readonly changedAccountIds: Set<string>;
  readonly expiredCount: number;
}

/** Rebuilds the engine's state from the rows read (copies: `accounts` stay as read), expires, judges. */
function judge(accounts: readonly Account[], loaded: ReadonlyMap<string, StoredTransfer>, requests: readonly LedgerRequest[], nowMs: number): Judgement {
  const state = restoreLedgerState(accounts, [...loaded.values()].map((stored) => stored.transfer));
  const newTransfers: Transfer[] = [];
  const changedAccountIds = new Set<string>();
  const expiry = expirePendingTransfers(state, nowMs);
  for (const transfer of expiry.newTransfers) newTransfers.push(transfer);
  for (const id of expiry.changedAccountIds) changedAccountIds.add(id);
  const results: TransferResult[][] = [];
  for (const request of requests) {
    const outcome = createTransfers(state, request.transfers, nowMs);
    results.push(outcome.results);
    for (const transfer of outcome.newTransfers) newTransfers.push(transfer);
    for (const id of outcome.changedAccountIds) changedAccountIds.add(id);
  }
  return { state, results, newTransfers, changedAccountIds, expiredCount: expiry.newTransfers.length };
}

/**
 * Creates accounts that do not exist yet, in the caller's transaction; an identical account that
 * exists answers `exists`. Audited when anything was created.
 */
export async function ensureLedgerAccounts(trx: Kysely<Database>, actor: Actor, now: Date, inputs: readonly AccountInput[]): Promise<AccountResult[]> {
  assert(inputs.length <= ACCOUNT_BATCH_MAX, `at most ${ACCOUNT_BATCH_MAX} accounts at once`);
  beginLedgerWrite(trx);
  const existing = await findAccounts(
    trx,
    inputs.map((input) => input.id),
  );
  const state = restoreLedgerState(existing, []);
  const outcome = createAccounts(state, inputs, now.getTime());
  if (outcome.newAccounts.length > 0) {
    await insertAccounts(trx, outcome.newAccounts);
    await recordAuditEvent(trx, actor, now, {
      eventType: 'ledger.accounts-created',
      subjectType: 'ledger-accounts',
      subjectId: outcome.newAccounts[0]!.id,
      before: null,
      after: { accountIds: outcome.newAccounts.map((account) => account.id) },
    });
  }
  return outcome.results;
}

/**
 * A licence's balance in both dimensions, or null when the licence has no ledger accounts.
 *
 * With `now` (epoch milliseconds), a reservation whose timeout has passed counts as lapsed even if
 * no batch has expired it yet: its units are reported available again, as the next batch (or the
 * periodic sweep) will make them. Without it, the balance is the stored totals exactly (what a
 * batch or verification compares against).
 */
export async function readLicenceBalance(db: Kysely<Database>, licenceId: string, now?: number): Promise<LicenceBalance | null> {
  const accounts = await findAccounts(
    db,
    licenceAccounts(licenceId).map((input) => input.id),
  );
  if (accounts.length === 0) return null;
  const byId = new Map(accounts.map((account) => [account.id, account]));
  if (!byId.has(accountId('licence', licenceId, 'units'))) return null;
  if (now !== undefined) {
    for (const { transfer } of await findLapsedPendingTransfersOfLicence(db, licenceId, now)) {
      // What the engine's expiry will do: release the pending amount on both sides.
      const debit = byId.get(transfer.debitAccountId);
      if (debit !== undefined) byId.set(debit.id, { ...debit, debitsPending: debit.debitsPending - transfer.amount });
      const credit = byId.get(transfer.creditAccountId);
      if (credit !== undefined) byId.set(credit.id, { ...credit, creditsPending: credit.creditsPending - transfer.amount });
    }
  }
  return licenceBalance((id) => byId.get(id), licenceId);
}

/** A request, or (request null) an expiry sweep that rides with the next batch. */
type Queued =
  | { readonly request: LedgerRequest; readonly resolve: (results: TransferResult[]) => void; readonly reject: (error: unknown) => void }
  | { readonly request: null; readonly resolve: (expiredCount: number) => void; readonly reject: (error: unknown) => void };

/** Sweep rounds per `sweep()` call: EXPIRY_BATCH_MAX each, so up to about 8 million reservations. */
const SWEEP_ROUNDS_MAX = 1_000;

/**
 * The single writer of one process. Requests queue while a batch is being written and go into
 * the next batch together (group commit): one transaction, one fsync, one lock round for many
 * callers. Each request gets its own results. Batches never run concurrently within a process;
 * across processes the account locks above keep them correct.
 */
export class LedgerWriter {
  private readonly queue: Queued[] = [];
  private running: Promise<void> | null = null;
  private isClosed = false;
  /**
   * PostgreSQL only: the answers of the last committed batch, held until the next batch's rows are
   * on their way to the server (or that batch ends, or no batch follows). Answering a batch's
   * callers is JavaScript the process otherwise does between two transactions while the server
   * waits (about a quarter of a batch's time in bench:ledger); held, it runs while the server
   * inserts the next batch. Only what committed is ever answered: the hold delays an answer, it
   * never gives one early. On SQLite the rows are written synchronously, so there is nothing to
   * overlap and every batch is answered as it commits.
   */
  private heldAnswers: (() => void) | null = null;
  private readonly isHoldingAnswers: boolean;
  /**
   * PostgreSQL only: the next batch, taken off the queue and judged (judgeAhead) while the server
   * inserts the batch before it, on the balances that batch leaves. Judging, building the audit
   * entry and the rows' parameters is otherwise JavaScript between the locks and the insert, while
   * the server waits (about a third of a batch in bench:ledger). applyBatch uses the judgement only
   * if the locks find those balances, so it is exact whatever another process or a failed batch
   * did meanwhile; otherwise the batch is judged again, as if nothing had been judged ahead.
   */
  private ahead: { readonly batch: readonly Queued[]; readonly judged: JudgedAhead } | null = null;
  private readonly counts = { batches: 0, judgedAhead: 0, judgedAheadUsed: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly batchTransfersMax: number = WRITER_BATCH_TRANSFERS_MAX,
  ) {
    assert(batchTransfersMax >= 1 && batchTransfersMax <= WRITER_BATCH_TRANSFERS_MAX, 'writer batch size within 1..8190');
    this.isHoldingAnswers = rawSqliteOf(db) === null;
  }

  /** Applies one request's transfers; resolves with one result per transfer once committed. */
  submit(request: LedgerRequest): Promise<TransferResult[]> {
    assert(!this.isClosed, 'the ledger writer is closed');
    assert(request.transfers.length >= 1 && request.transfers.length <= this.batchTransfersMax, `a request holds 1 to ${this.batchTransfersMax} transfers`);
    return new Promise<TransferResult[]>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.start();
    });
  }

  /**
   * Expires the reservations whose timeout has passed, without waiting for other traffic: an
   * empty batch (or the next batch, if requests are queued) runs the engine's expiry and writes
   * the expiry records, one transaction per EXPIRY_BATCH_MAX. Resolves with how many expired.
   * After close() it expires nothing.
   */
  async sweep(): Promise<number> {
    let total = 0;
    for (let round = 0; round < SWEEP_ROUNDS_MAX && !this.isClosed; round++) {
      const expired = await new Promise<number>((resolve, reject) => {
        this.queue.push({ request: null, resolve, reject });
        this.start();
      });
      total += expired;
      if (expired < EXPIRY_BATCH_MAX) break;
    }
    return total;
  }

  private start(): void {
    if (this.running !== null) return;
    // The batch starts on the next turn of the event loop (setImmediate), not at once: the first
    // request to submit would otherwise start a transaction within its own callback, before the
    // other requests that arrived meanwhile are even read. On SQLite every statement and the
    // commit's fsync are synchronous, so such a batch held one request: measured by bench:api,
    // 1,235 batches for 1,235 reservations at 10 connections, against about 5 requests a batch
    // and 3.6 times the throughput with the wait. It costs one turn of the loop (microseconds).
    // A request may arrive after drain() saw an empty queue but before this callback ran: it
    // found the writer still running and did not start it, so look again here.
    this.running = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain()).finally(() => {
      this.running = null;
      if (this.queue.length > 0) this.start();
    });
  }

  /** Waits for every queued request, then refuses new ones. */
  async close(): Promise<void> {
    this.isClosed = true;
    while (this.running !== null) await this.running;
  }

  private async drain(): Promise<void> {
    // Bounded by the queue: every turn takes at least one request off it (or the batch taken
    // off it ahead).
    while (this.queue.length > 0 || this.ahead !== null) {
      const ahead = this.ahead;
      this.ahead = null;
      if (ahead !== null) await this.writeBatch(ahead.batch, ahead.judged);
      else await this.writeBatch(this.queue.splice(0, this.nextBatchLength()));
    }
    this.releaseAnswers();
  }

  /**
   * How many queued entries the next batch takes: as many as fit in batchTransfersMax, at least
   * one. Counted first and then taken off in one splice: shift() per request moves the whole queue
   * each time, quadratic in the 8,190 requests a batch can hold.
   */
  private nextBatchLength(): number {
    let count = 0;
    let transferCount = 0;
    while (count < this.queue.length && transferCount + (this.queue[count]!.request?.transfers.length ?? 0) <= this.batchTransfersMax) {
      transferCount += this.queue[count]!.request?.transfers.length ?? 0;
      count++;
    }
    return Math.max(count, 1);
  }

  /**
   * Runs once a batch's rows are on their way to the server (PostgreSQL): answers the batch before
   * it (heldAnswers), lets those callers submit again, then judges the next batch ahead if it can
   * be (requests only, nothing judged ahead already).
   */
  private async afterRowsSent(accountsAfter: ReadonlyMap<string, Account>): Promise<void> {
    this.releaseAnswers();
    if (this.ahead !== null) return;
    await new Promise((resolve) => setImmediate(resolve));
    if (this.ahead !== null || this.queue.length === 0) return;
    const length = this.nextBatchLength();
    const requests: LedgerRequest[] = [];
    for (let index = 0; index < length; index++) {
      const request = this.queue[index]!.request;
      // An expiry sweep reads the lapsed reservations, which only the transaction can.
      if (request === null) return;
      requests.push(request);
    }
    let judged: JudgedAhead | null;
    try {
      judged = judgeAhead(requests, accountsAfter, this.clock.now());
    } catch {
      // Whatever failed here fails again when the batch is judged in its own transaction, where
      // a failing batch is handled (each request retried alone); this batch is not its place.
      return;
    }
    if (judged === null) return;
    this.ahead = { batch: this.queue.splice(0, length), judged };
    this.counts.judgedAhead++;
  }

  /**
   * Batches committed by this writer; of those, how many were judged ahead, and how many of these
   * were written with that judgement (the rest were judged again under the locks).
   */
  statistics(): { readonly batches: number; readonly judgedAhead: number; readonly judgedAheadUsed: number } {
    return { ...this.counts };
  }

  /** Answers the callers of the batch whose answers were held, if any. */
  private releaseAnswers(): void {
    const answers = this.heldAnswers;
    this.heldAnswers = null;
    answers?.();
  }

  private async writeBatch(batch: readonly Queued[], ahead?: JudgedAhead): Promise<void> {
    try {
      let requests: readonly LedgerRequest[];
      if (ahead !== undefined) {
        requests = ahead.requests;
      } else {
        const taken: LedgerRequest[] = [];
        for (const entry of batch) if (entry.request !== null) taken.push(entry.request);
        requests = taken;
      }
      let outcome: BatchOutcome;
      try {
        outcome = await this.commit(requests, ahead);
        this.counts.batches++;
        if (outcome.isJudgedAheadUsed) this.counts.judgedAheadUsed++;
      } finally {
        // The batch before this one has been answered by now, whatever became of this one.
        this.releaseAnswers();
      }
      const answer = () => {
        let index = 0;
        // Every sweep in the batch is answered with the batch's expiries: they ran once, for all.
        for (const entry of batch) {
          if (entry.request === null) entry.resolve(outcome.expiredCount);
          else entry.resolve(outcome.results[index++]!);
        }
      };
      if (this.isHoldingAnswers && (this.queue.length > 0 || this.ahead !== null)) this.heldAnswers = answer;
      else answer();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One request's hook (or a race on PostgreSQL) failed the whole batch: retry each alone so
      // that the others still commit and only the culprit fails.
      for (const entry of batch) await this.writeBatch([entry]);
    }
  }

  private async commit(requests: readonly LedgerRequest[], ahead: JudgedAhead | undefined): Promise<BatchOutcome> {
    // A transfer id inserted by another process between our read and our insert (same id,
    // different accounts, so our locks did not wait for it) breaks the unique index: judge again.
    const onRowsSent = this.isHoldingAnswers ? (accountsAfter: ReadonlyMap<string, Account>) => this.afterRowsSent(accountsAfter) : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        // The first attempt is optimistic about the batch's own ids (see applyBatch); a retry reads
        // them all, and judges the batch itself. A batch judged ahead is written at the time it
        // was judged.
        const attemptAhead = attempt === 1 ? ahead : undefined;
        const now = attemptAhead?.now ?? this.clock.now();
        return await this.db.transaction().execute((trx) => applyBatch(trx, requests, now, { isLookingUpEveryId: attempt > 1, onRowsSent, ahead: attemptAhead }));
      } catch (error) {
        if (attempt >= 3 || !isUniqueViolation(error)) throw error;
      }
    }
  }
}


const writersByDatabase = new WeakMap<Kysely<Database>, LedgerWriter>();

/**
 * The one writer of this process for a database: every use case that moves units outside an
 * existing transaction submits through it, so that concurrent requests share batches.
 */
export function ledgerWriterFor(db: Kysely<Database>, clock: Clock): LedgerWriter {
  let writer = writersByDatabase.get(db);
  if (writer === undefined) {
    writer = new LedgerWriter(db, clock);
    writersByDatabase.set(db, writer);
  }
  return writer;
}

/** A movement as stored: its units transfer (the TPP twin follows it) and, if pending, its status. */
export async function findMovement(db: Kysely<Database>, movementId: string): Promise<StoredTransfer | undefined> {
  const [stored] = await findTransfersByIds(db, [`${movementId}:units`]);
  return stored;
}
