/**
 * Queries of the durable ledger. The engine decides; this file only reads the rows a batch needs
 * and writes exactly what the engine returned (its new transfers and changed accounts), inside
 * the caller's transaction.
 *
 * Written per dialect, because the portable query builder is many times slower here and because
 * amounts are int8: on SQLite the statements are prepared once on the raw better-sqlite3 handle
 * and read integers as bigint (`safeIntegers`); on PostgreSQL every int8 is read as text and
 * written from text (the pool maps int8 to number and refuses anything past 2^53, which TPP
 * totals pass), and a batch is written with one statement per table over `unnest` arrays.
 *
 * A movement's units transfer and its TPP twin share one row (migration 0013, movement-rows.ts):
 * every read here gives back transfers, each row's twin rebuilt beside its units transfer, so
 * callers never see the difference; rows written before 0013 (one per transfer) read as before.
 */
import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { rawSqliteOf } from '../platform/dialect.js';
import type { Database } from '../platform/database-tables.js';
import { isAccountCode, isDimension, normaliseAccountFlags, type Account } from './account.js';
import { isTransferCode, transferFlagBits, transferFlagsFromBits, type Transfer } from './transfer.js';
import type { PendingStatus } from './ledger-engine.js';
import { movementRowsOf, twinFromRow, unitsIdOfTwin, type MovementRow } from './movement-rows.js';
import { assert } from '../platform/assert.js';

/** Ids per IN list on SQLite and per array on PostgreSQL: bounds a statement's size. */
const IDS_PER_STATEMENT = 500;
/** Ids per array when PostgreSQL looks transfers up by id: a whole batch's (and their twins' rows) in one statement. */
const LOOKUP_IDS_PER_STATEMENT = 16_384;

const ACCOUNT_COLUMNS = 'id, code, owner_id, dimension, flags, debits_pending, debits_posted, credits_pending, credits_posted, timestamp';
const ACCOUNT_COLUMNS_AS_TEXT =
  'id, code, owner_id, dimension, flags, debits_pending::text as debits_pending, debits_posted::text as debits_posted, credits_pending::text as credits_pending, credits_posted::text as credits_posted, timestamp::text as timestamp';
const TRANSFER_COLUMNS =
  'id, debit_account_id, credit_account_id, amount, pending_id, dimension, code, flags, timeout_seconds, expires_at, licence_id, purchase_order_reference, reference, timestamp';
// Careful: ORDER BY on these aliases would sort the text; order by the table's columns instead.
const TRANSFER_COLUMNS_AS_TEXT =
  'sequence::text as sequence, id, debit_account_id, credit_account_id, amount::text as amount, pending_id, dimension, code, flags, timeout_seconds::text as timeout_seconds, expires_at::text as expires_at, licence_id, purchase_order_reference, reference, timestamp::text as timestamp, pending_status, twin_amount::text as twin_amount, twin_flags, twin_pending_status';
/** A row as SQLite reads it: its place, the transfer, its status and its twin's three columns. */
const ROW_COLUMNS = `sequence, ${TRANSFER_COLUMNS}, pending_status, twin_amount, twin_flags, twin_pending_status`;
/** The columns an insert fills: the transfer, its status and its twin's. */
const INSERT_COLUMNS = `${TRANSFER_COLUMNS}, pending_status, twin_amount, twin_flags, twin_pending_status`;
/**
 * Rows whose twin is pending while their units transfer is not: only when one transfer of a pair
 * was resolved without the other (the engine allows it, the flows never do it). The same text as
 * the partial index of migration 0013, so that both databases use the index.
 */
const OPEN_TWIN_ONLY = "twin_pending_status = 'pending' and (pending_status is null or pending_status <> 'pending')";

type Int8 = bigint | number | string;

interface AccountRow {
  id: string;
  code: string;
  owner_id: string;
  dimension: string;
  flags: Int8;
  debits_pending: Int8;
  debits_posted: Int8;
  credits_pending: Int8;
  credits_posted: Int8;
  timestamp: Int8;
}

interface TransferRow {
  sequence: Int8;
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: Int8;
  pending_id: string | null;
  dimension: string;
  code: string;
  flags: Int8;
  timeout_seconds: Int8;
  expires_at: Int8 | null;
  licence_id: string | null;
  purchase_order_reference: string | null;
  reference: string | null;
  timestamp: Int8;
  pending_status: string | null;
  twin_amount: Int8 | null;
  twin_flags: Int8 | null;
  twin_pending_status: string | null;
}

/** A transfer as stored: the engine's record, its place in the log and, if pending, its status. */
export interface StoredTransfer {
  readonly sequence: number;
  readonly transfer: Transfer;
  readonly pendingStatus: PendingStatus | null;
}

function accountFlagBits(account: Account): number {
  return (account.flags.debitsMustNotExceedCredits ? 1 : 0) | (account.flags.creditsMustNotExceedDebits ? 2 : 0);
}

function toAccount(row: AccountRow): Account {
  const flags = Number(row.flags);
  assert(isAccountCode(row.code) && isDimension(row.dimension), `ledger account ${row.id} has a known code and dimension`);
  return {
    id: row.id,
    code: row.code,
    ownerId: row.owner_id,
    dimension: row.dimension,
    flags: normaliseAccountFlags({ debitsMustNotExceedCredits: (flags & 1) !== 0, creditsMustNotExceedDebits: (flags & 2) !== 0 }),
    debitsPending: BigInt(row.debits_pending),
    debitsPosted: BigInt(row.debits_posted),
    creditsPending: BigInt(row.credits_pending),
    creditsPosted: BigInt(row.credits_posted),
    timestamp: Number(row.timestamp),
  };
}

/** The transfers a row holds: its transfer and, for a movement's row, the twin after it. */
function storedTransfersOf(row: TransferRow): StoredTransfer[] {
  assert(isTransferCode(row.code) && isDimension(row.dimension), `ledger transfer ${row.id} has a known code and dimension`);
  const sequence = Number(row.sequence);
  const transfer: Transfer = {
    id: row.id,
    debitAccountId: row.debit_account_id,
    creditAccountId: row.credit_account_id,
    amount: BigInt(row.amount),
    pendingId: row.pending_id,
    dimension: row.dimension,
    code: row.code,
    flags: transferFlagsFromBits(Number(row.flags)),
    timeoutSeconds: Number(row.timeout_seconds),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    licenceId: row.licence_id,
    purchaseOrderReference: row.purchase_order_reference,
    reference: row.reference,
    timestamp: Number(row.timestamp),
  };
  const stored: StoredTransfer = { sequence, pendingStatus: row.pending_status as PendingStatus | null, transfer };
  if (row.twin_amount === null) return [stored];
  assert(row.twin_flags !== null, `ledger row ${row.id} has its twin's flags`);
  const twin = twinFromRow(transfer, { amount: BigInt(row.twin_amount), flagBits: Number(row.twin_flags) });
  return [stored, { sequence, pendingStatus: row.twin_pending_status as PendingStatus | null, transfer: twin }];
}

/** Every transfer the rows hold, in row order (a twin right after its units transfer). */
function storedTransfersOfRows(rows: readonly TransferRow[]): StoredTransfer[] {
  const transfers: StoredTransfer[] = [];
  for (const row of rows) for (const stored of storedTransfersOf(row)) transfers.push(stored);
  return transfers;
}

/** The ids to look up rows by: each id, and for a twin's id also the units row it may be stored in. */
function rowIdsFor(transferIds: ReadonlySet<string>): string[] {
  const rowIds = new Set(transferIds);
  for (const id of transferIds) {
    const unitsId = unitsIdOfTwin(id);
    if (unitsId !== null) rowIds.add(unitsId);
  }
  return [...rowIds];
}

/** The open (pending) transfers the rows hold, by `order`: a row's other transfer may be resolved. */
function openTransfersOfRows(rows: readonly TransferRow[], order: 'expiry' | 'sequence'): StoredTransfer[] {
  const open = storedTransfersOfRows(rows).filter((stored) => stored.pendingStatus === 'pending');
  if (order === 'sequence') return open.sort((a, b) => a.sequence - b.sequence);
  return open.sort((a, b) => a.transfer.expiresAt! - b.transfer.expiresAt! || a.sequence - b.sequence);
}

/** A row's parameters: INSERT_COLUMNS (TRANSFER_COLUMNS, pending_status and the twin's three). */
const TRANSFER_ROW_PARAMETERS = 18;
const TRANSFER_ROW_PLACEHOLDERS = `(${Array.from({ length: TRANSFER_ROW_PARAMETERS }, () => '?').join(',')})`;
/**
 * Rows per multi-row INSERT on SQLite. One statement call per 32 rows instead of one per row: each
 * call crosses from JavaScript into the native module and returns a result object, which measured
 * here at about a fifth of the CPU time of inserting a row. 32 × 18 = 576 parameters, far below
 * SQLite's limit of 32,766. The rows are inserted in the order of the VALUES list, so the sequence
 * numbers still follow commit order.
 */
const TRANSFER_ROWS_PER_INSERT = 32;

/** Prepared statements per SQLite handle, made once: preparing costs more than running them. */
interface SqliteStatements {
  takeWriteLock: SQLite.Statement;
  accountById: SQLite.Statement;
  transferById: SQLite.Statement;
  transfersByIdChunk: SQLite.Statement;
  transfersByPendingId: SQLite.Statement;
  lapsed: SQLite.Statement;
  lapsedTwins: SQLite.Statement;
  insertTransfer: SQLite.Statement;
  insertTransfers: SQLite.Statement;
  insertAccount: SQLite.Statement;
  updateAccount: SQLite.Statement;
  updatePendingStatus: SQLite.Statement;
  updateTwinPendingStatus: SQLite.Statement;
}

const statementsByHandle = new WeakMap<SQLite.Database, SqliteStatements>();

function sqliteStatements(sqlite: SQLite.Database): SqliteStatements {
  let statements = statementsByHandle.get(sqlite);
  if (statements === undefined) {
    statements = {
      // Any write statement starts SQLite's write transaction, even one that changes nothing.
      // Taking it first means a second process waits (busy timeout) instead of failing later
      // when a read-then-write transaction tries to upgrade.
      takeWriteLock: sqlite.prepare('update ledger_accounts set flags = flags where id = ?'),
      accountById: sqlite.prepare(`select ${ACCOUNT_COLUMNS} from ledger_accounts where id = ?`).safeIntegers(true),
      transferById: sqlite.prepare(`select ${ROW_COLUMNS} from ledger_transfers where id = ?`).safeIntegers(true),
      transfersByIdChunk: sqlite
        .prepare(`select ${ROW_COLUMNS} from ledger_transfers where id in (${Array.from({ length: IDS_PER_STATEMENT }, () => '?').join(',')})`)
        .safeIntegers(true),
      transfersByPendingId: sqlite.prepare(`select ${ROW_COLUMNS} from ledger_transfers where pending_id = ?`).safeIntegers(true),
      lapsed: sqlite
        .prepare(`select ${ROW_COLUMNS} from ledger_transfers where pending_status = 'pending' and expires_at <= ? order by expires_at limit ?`)
        .safeIntegers(true),
      lapsedTwins: sqlite.prepare(`select ${ROW_COLUMNS} from ledger_transfers where ${OPEN_TWIN_ONLY} and expires_at <= ? order by expires_at limit ?`).safeIntegers(true),
      insertTransfer: sqlite.prepare(`insert into ledger_transfers (${INSERT_COLUMNS}) values ${TRANSFER_ROW_PLACEHOLDERS}`),
      insertTransfers: sqlite.prepare(`insert into ledger_transfers (${INSERT_COLUMNS}) values ${Array.from({ length: TRANSFER_ROWS_PER_INSERT }, () => TRANSFER_ROW_PLACEHOLDERS).join(',')}`),
      insertAccount: sqlite.prepare(`insert into ledger_accounts (${ACCOUNT_COLUMNS}) values (?,?,?,?,?,?,?,?,?,?) on conflict (id) do nothing`),
      updateAccount: sqlite.prepare('update ledger_accounts set debits_pending = ?, debits_posted = ?, credits_pending = ?, credits_posted = ? where id = ?'),
      updatePendingStatus: sqlite.prepare('update ledger_transfers set pending_status = ? where id = ?'),
      updateTwinPendingStatus: sqlite.prepare('update ledger_transfers set twin_pending_status = ? where id = ? and twin_amount is not null'),
    };
    statementsByHandle.set(sqlite, statements);
  }
  return statements;
}

function chunks<T>(values: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += IDS_PER_STATEMENT) result.push(values.slice(start, start + IDS_PER_STATEMENT));
  return result;
}

/**
 * Starts the batch as a writer. On SQLite, any write statement takes the database's write lock,
 * even one that changes nothing; taking it first makes a second process wait (busy timeout)
 * instead of failing when a transaction that has read tries to upgrade. On PostgreSQL nothing:
 * the account rows are locked one by one.
 */
export function beginLedgerWrite(trx: Kysely<Database>): void {
  const sqlite = rawSqliteOf(trx);
  if (sqlite !== null) sqliteStatements(sqlite).takeWriteLock.run('');
}

/**
 * Locks the accounts a batch touches and reads them afresh, in id order (a consistent order, so
 * that two batches locking overlapping sets cannot deadlock). On PostgreSQL `SELECT … FOR
 * UPDATE`: another process's batch on the same accounts waits until this transaction ends, so
 * two processes never both spend the same balance. On SQLite the first write takes the
 * database's single write lock, which serialises every writer of every process.
 */
export async function lockAccounts(trx: Kysely<Database>, accountIds: readonly string[]): Promise<Account[]> {
  const ids = [...new Set(accountIds)].sort();
  const sqlite = rawSqliteOf(trx);
  if (sqlite !== null) {
    const statements = sqliteStatements(sqlite);
    statements.takeWriteLock.run(ids[0] ?? '');
    const accounts: Account[] = [];
    for (const id of ids) {
      const row = statements.accountById.get(id) as AccountRow | undefined;
      if (row !== undefined) accounts.push(toAccount(row));
    }
    return accounts;
  }
  const accounts: Account[] = [];
  for (const chunk of chunks(ids)) {
    const result = await sql<AccountRow>`select ${sql.raw(ACCOUNT_COLUMNS_AS_TEXT)} from ledger_accounts where id = any(${chunk}::text[]) order by id for update`.execute(trx);
    for (const row of result.rows) accounts.push(toAccount(row));
  }
  return accounts;
}

/** Accounts by id, without locking (reads, verification, balances). */
export async function findAccounts(db: Kysely<Database>, accountIds: readonly string[]): Promise<Account[]> {
  const ids = [...new Set(accountIds)];
  const sqlite = rawSqliteOf(db);
  if (sqlite !== null) {
    const statement = sqliteStatements(sqlite).accountById;
    const accounts: Account[] = [];
    for (const id of ids) {
      const row = statement.get(id) as AccountRow | undefined;
      if (row !== undefined) accounts.push(toAccount(row));
    }
    return accounts;
  }
  const accounts: Account[] = [];
  for (const chunk of chunks(ids)) {
    const result = await sql<AccountRow>`select ${sql.raw(ACCOUNT_COLUMNS_AS_TEXT)} from ledger_accounts where id = any(${chunk}::text[])`.execute(db);
    for (const row of result.rows) accounts.push(toAccount(row));
  }
  return accounts;
}

/**
 * The stored transfers with these ids (those that exist). A twin's id is looked up both as a row
 * of its own and in the row of its units transfer.
 */
export async function findTransfersByIds(db: Kysely<Database>, transferIds: readonly string[]): Promise<StoredTransfer[]> {
  const wanted = new Set(transferIds);
  const ids = rowIdsFor(wanted);
  const rows: TransferRow[] = [];
  const sqlite = rawSqliteOf(db);
  if (sqlite !== null) {
    // Full chunks through one statement with IDS_PER_STATEMENT placeholders (one call instead of
    // hundreds: a batch's `exists` check looks up every id it holds); the rest one by one.
    const statements = sqliteStatements(sqlite);
    let start = 0;
    for (; start + IDS_PER_STATEMENT <= ids.length; start += IDS_PER_STATEMENT) {
      for (const row of statements.transfersByIdChunk.all(...ids.slice(start, start + IDS_PER_STATEMENT)) as TransferRow[]) rows.push(row);
    }
    for (; start < ids.length; start++) {
      const row = statements.transferById.get(ids[start]) as TransferRow | undefined;
      if (row !== undefined) rows.push(row);
    }
  } else {
    // One statement, the ids as one array literal: a batch judged again reads all its 8,190 ids
    // here, and chunks of IDS_PER_STATEMENT through pg's own array encoding cost a round trip and
    // an encoding pass each.
    for (let start = 0; start < ids.length; start += LOOKUP_IDS_PER_STATEMENT) {
      const chunk = ids.slice(start, start + LOOKUP_IDS_PER_STATEMENT);
      const result = await sql<TransferRow>`select ${sql.raw(TRANSFER_COLUMNS_AS_TEXT)} from ledger_transfers where id = any(${arrayLiteral(chunk)}::text[])`.execute(db);
      for (const row of result.rows) rows.push(row);
    }
  }
  return storedTransfersOfRows(rows).filter((stored) => wanted.has(stored.transfer.id));
}

/** The posts, voids and expiry records that resolved the given pending transfers. */
export async function findResolutions(db: Kysely<Database>, pendingIds: readonly string[]): Promise<StoredTransfer[]> {
  const wanted = new Set(pendingIds);
  // A twin's resolution is stored in the row of the units transfer that resolved its units twin.
  const ids = rowIdsFor(wanted);
  const rows: TransferRow[] = [];
  const sqlite = rawSqliteOf(db);
  if (sqlite !== null) {
    const statement = sqliteStatements(sqlite).transfersByPendingId;
    for (const id of ids) for (const row of statement.all(id) as TransferRow[]) rows.push(row);
  } else {
    for (const chunk of chunks(ids)) {
      const result = await sql<TransferRow>`select ${sql.raw(TRANSFER_COLUMNS_AS_TEXT)} from ledger_transfers where pending_id = any(${chunk}::text[])`.execute(db);
      for (const row of result.rows) rows.push(row);
    }
  }
  return storedTransfersOfRows(rows).filter((stored) => stored.transfer.pendingId !== null && wanted.has(stored.transfer.pendingId));
}

/**
 * Open pending transfers whose timeout has passed by `now`, oldest first: those of at most `limit`
 * rows, and of at most `limit` rows whose twin alone is still open.
 */
export async function findLapsedPendingTransfers(db: Kysely<Database>, now: number, limit: number): Promise<StoredTransfer[]> {
  const sqlite = rawSqliteOf(db);
  if (sqlite !== null) {
    const statements = sqliteStatements(sqlite);
    return openTransfersOfRows([...(statements.lapsed.all(now, limit) as TransferRow[]), ...(statements.lapsedTwins.all(now, limit) as TransferRow[])], 'expiry');
  }
  const result = await sql<TransferRow>`(select ${sql.raw(TRANSFER_COLUMNS_AS_TEXT)} from ledger_transfers
      where pending_status = 'pending' and expires_at <= ${now} order by ledger_transfers.expires_at limit ${limit})
    union all (select ${sql.raw(TRANSFER_COLUMNS_AS_TEXT)} from ledger_transfers
      where ${sql.raw(OPEN_TWIN_ONLY)} and expires_at <= ${now} order by ledger_transfers.expires_at limit ${limit})`.execute(db);
  return openTransfersOfRows(result.rows, 'expiry');
}

/** Open reservations (pending transfers) recorded under a licence, in commit order. */
export async function findOpenPendingTransfersOfLicence(db: Kysely<Database>, licenceId: string): Promise<StoredTransfer[]> {
  const sqlite = rawSqliteOf(db);
  if (sqlite !== null) {
    const statement = sqlite.prepare(
      `select ${ROW_COLUMNS} from ledger_transfers where pending_status = 'pending' and licence_id = ?
       union all select ${ROW_COLUMNS} from ledger_transfers where ${OPEN_TWIN_ONLY} and licence_id = ?`,
    );
    return openTransfersOfRows(statement.safeIntegers(true).all(licenceId, licenceId) as TransferRow[], 'sequence');
  }
  const result = await sql<TransferRow>`select ${sql.raw(TRANSFER_COLUMNS_AS_TEXT)} from ledger_transfers where pending_status = 'pending' and licence_id = ${licenceId}
    union all select ${sql.raw(TRANSFER_COLUMNS_AS_TEXT)} from ledger_transfers where ${sql.raw(OPEN_TWIN_ONLY)} and licence_id = ${licenceId}`.execute(db);
  return openTransfersOfRows(result.rows, 'sequence');
}

/**
 * Open reservations of a licence whose timeout has passed by `now` but that no batch has expired
 * yet (found through the licence's open-reservation index, then filtered by time), in commit order.
 */
export async function findLapsedPendingTransfersOfLicence(db: Kysely<Database>, licenceId: string, now: number): Promise<StoredTransfer[]> {
  const sqlite = rawSqliteOf(db);
  if (sqlite !== null) {
    const statement = sqlite.prepare(
      `select ${ROW_COLUMNS} from ledger_transfers where pending_status = 'pending' and licence_id = ? and expires_at <= ?
       union all select ${ROW_COLUMNS} from ledger_transfers where ${OPEN_TWIN_ONLY} and licence_id = ? and expires_at <= ?`,
    );
    return openTransfersOfRows(statement.safeIntegers(true).all(licenceId, now, licenceId, now) as TransferRow[], 'sequence');
  }
  const result = await sql<TransferRow>`select ${sql.raw(TRANSFER_COLUMNS_AS_TEXT)} from ledger_transfers
      where pending_status = 'pending' and licence_id = ${licenceId} and expires_at <= ${now}
    union all select ${sql.raw(TRANSFER_COLUMNS_AS_TEXT)} from ledger_transfers
      where ${sql.raw(OPEN_TWIN_ONLY)} and licence_id = ${licenceId} and expires_at <= ${now}`.execute(db);
  return openTransfersOfRows(result.rows, 'sequence');
}

/** Inserts new accounts; an account that already exists is left as it is. */
export async function insertAccounts(trx: Kysely<Database>, accounts: readonly Account[]): Promise<void> {
  if (accounts.length === 0) return;
  const sqlite = rawSqliteOf(trx);
  if (sqlite !== null) {
    const statement = sqliteStatements(sqlite).insertAccount;
    for (const account of accounts) {
      statement.run(account.id, account.code, account.ownerId, account.dimension, accountFlagBits(account), account.debitsPending, account.debitsPosted, account.creditsPending, account.creditsPosted, account.timestamp);
    }
    return;
  }
  for (const chunk of chunks(accounts)) {
    await sql`insert into ledger_accounts (${sql.raw(ACCOUNT_COLUMNS)})
      select * from unnest(${chunk.map((a) => a.id)}::text[], ${chunk.map((a) => a.code)}::text[], ${chunk.map((a) => a.ownerId)}::text[],
        ${chunk.map((a) => a.dimension)}::text[], ${chunk.map(accountFlagBits)}::int4[], ${chunk.map((a) => a.debitsPending.toString())}::int8[],
        ${chunk.map((a) => a.debitsPosted.toString())}::int8[], ${chunk.map((a) => a.creditsPending.toString())}::int8[],
        ${chunk.map((a) => a.creditsPosted.toString())}::int8[], ${chunk.map((a) => String(a.timestamp))}::int8[])
      on conflict (id) do nothing`.execute(trx);
  }
}

/** Rows per PostgreSQL statement when writing a batch. */
const ROWS_PER_STATEMENT = 10_000;

/**
 * Writes one committed batch: inserts its new transfers in commit order (a movement's units
 * transfer and its twin as one row), marks the pending transfers they resolved, and writes the
 * changed accounts' totals. `prepared`, from prepareTransferRows for these very transfers, saves
 * building the PostgreSQL insert's parameters here.
 */
export async function writeBatch(trx: Kysely<Database>, newTransfers: readonly Transfer[], changedAccounts: readonly Account[], prepared?: PreparedTransferRows): Promise<void> {
  const resolved: [string, PendingStatus][] = [];
  for (const transfer of newTransfers) {
    if (transfer.pendingId === null) continue;
    resolved.push([transfer.pendingId, transfer.flags.postPendingTransfer ? 'posted' : transfer.flags.expiry ? 'expired' : 'voided']);
  }
  // A resolved twin's status is in its own row (written before 0013, or unpaired) or in its units
  // transfer's row: set whichever holds it (the other statement changes nothing).
  const resolvedTwins: [string, PendingStatus][] = [];
  for (const [pendingId, status] of resolved) {
    const unitsId = unitsIdOfTwin(pendingId);
    if (unitsId !== null) resolvedTwins.push([unitsId, status]);
  }
  const sqlite = rawSqliteOf(trx);
  if (sqlite !== null) {
    const rows = movementRowsOf(newTransfers);
    const statements = sqliteStatements(sqlite);
    const parameters = new Array<unknown>(TRANSFER_ROWS_PER_INSERT * TRANSFER_ROW_PARAMETERS);
    let index = 0;
    const fullRows = rows.length - (rows.length % TRANSFER_ROWS_PER_INSERT);
    for (; index < fullRows; index += TRANSFER_ROWS_PER_INSERT) {
      for (let row = 0; row < TRANSFER_ROWS_PER_INSERT; row++) setRowParameters(parameters, row * TRANSFER_ROW_PARAMETERS, rows[index + row]!);
      statements.insertTransfers.run(parameters);
    }
    const single = new Array<unknown>(TRANSFER_ROW_PARAMETERS);
    for (; index < rows.length; index++) {
      setRowParameters(single, 0, rows[index]!);
      statements.insertTransfer.run(single);
    }
    for (const [id, status] of resolved) statements.updatePendingStatus.run(status, id);
    for (const [unitsId, status] of resolvedTwins) statements.updateTwinPendingStatus.run(status, unitsId);
    for (const a of changedAccounts) statements.updateAccount.run(a.debitsPending, a.debitsPosted, a.creditsPending, a.creditsPosted, a.id);
    return;
  }
  const rows = prepared?.newTransfers === newTransfers ? prepared : prepareTransferRows(newTransfers);
  for (const arrays of rows.insertArrays) {
    // unnest keeps the arrays' order and the identity column numbers rows as they are inserted.
    await sql`insert into ledger_transfers (${sql.raw(INSERT_COLUMNS)})
      select * from unnest(${arrays[0]}::text[], ${arrays[1]}::text[], ${arrays[2]}::text[], ${arrays[3]}::int8[], ${arrays[4]}::text[], ${arrays[5]}::text[],
        ${arrays[6]}::text[], ${arrays[7]}::int4[], ${arrays[8]}::int8[], ${arrays[9]}::int8[], ${arrays[10]}::text[], ${arrays[11]}::text[], ${arrays[12]}::text[],
        ${arrays[13]}::int8[], ${arrays[14]}::text[], ${arrays[15]}::int8[], ${arrays[16]}::int4[], ${arrays[17]}::text[])`.execute(trx);
  }
  for (let start = 0; start < resolved.length; start += ROWS_PER_STATEMENT) {
    const chunk = resolved.slice(start, start + ROWS_PER_STATEMENT);
    await sql`update ledger_transfers t set pending_status = u.status
      from unnest(${arrayLiteral(chunk.map((entry) => entry[0]))}::text[], ${arrayLiteral(chunk.map((entry) => entry[1]))}::text[]) as u(id, status) where t.id = u.id`.execute(trx);
  }
  for (let start = 0; start < resolvedTwins.length; start += ROWS_PER_STATEMENT) {
    const chunk = resolvedTwins.slice(start, start + ROWS_PER_STATEMENT);
    await sql`update ledger_transfers t set twin_pending_status = u.status
      from unnest(${arrayLiteral(chunk.map((entry) => entry[0]))}::text[], ${arrayLiteral(chunk.map((entry) => entry[1]))}::text[]) as u(id, status)
      where t.id = u.id and t.twin_amount is not null`.execute(trx);
  }
  for (let start = 0; start < changedAccounts.length; start += ROWS_PER_STATEMENT) {
    const chunk = changedAccounts.slice(start, start + ROWS_PER_STATEMENT);
    await sql`update ledger_accounts a set debits_pending = u.dp, debits_posted = u.dq, credits_pending = u.cp, credits_posted = u.cq
      from unnest(${arrayLiteral(chunk.map((x) => x.id))}::text[], ${arrayLiteral(chunk.map((x) => x.debitsPending))}::int8[], ${arrayLiteral(chunk.map((x) => x.debitsPosted))}::int8[],
        ${arrayLiteral(chunk.map((x) => x.creditsPending))}::int8[], ${arrayLiteral(chunk.map((x) => x.creditsPosted))}::int8[]) as u(id, dp, dq, cp, cq)
      where a.id = u.id`.execute(trx);
  }
}

/**
 * A batch's transfer rows made ready for PostgreSQL's insert ahead of its transaction: per
 * statement, the 18 columns' array literals (see arrayLiteral). The writer builds them for the
 * batch it judges ahead, while the server is still inserting the batch before (ledger.writer.ts).
 */
export interface PreparedTransferRows {
  readonly newTransfers: readonly Transfer[];
  readonly insertArrays: readonly string[][];
}

export function prepareTransferRows(newTransfers: readonly Transfer[]): PreparedTransferRows {
  return { newTransfers, insertArrays: postgresInsertArraysOf(movementRowsOf(newTransfers)) };
}

/**
 * The insert's parameters, ROWS_PER_STATEMENT rows a statement: each column's array sent as one
 * literal built here (see arrayLiteral): pg's own array encoding took most of a batch's time.
 */
function postgresInsertArraysOf(rows: readonly MovementRow[]): string[][] {
  const statements: string[][] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const transfers = chunk.map((row) => row.transfer);
    const twins = chunk.map((row) => row.twin);
    statements.push([
      arrayLiteral(transfers.map((t) => t.id)),
      arrayLiteral(transfers.map((t) => t.debitAccountId)),
      arrayLiteral(transfers.map((t) => t.creditAccountId)),
      arrayLiteral(transfers.map((t) => t.amount)),
      arrayLiteral(transfers.map((t) => t.pendingId)),
      arrayLiteral(transfers.map((t) => t.dimension)),
      arrayLiteral(transfers.map((t) => t.code)),
      arrayLiteral(transfers.map((t) => transferFlagBits(t.flags))),
      arrayLiteral(transfers.map((t) => t.timeoutSeconds)),
      arrayLiteral(transfers.map((t) => t.expiresAt)),
      arrayLiteral(transfers.map((t) => t.licenceId)),
      arrayLiteral(transfers.map((t) => t.purchaseOrderReference)),
      arrayLiteral(transfers.map((t) => t.reference)),
      arrayLiteral(transfers.map((t) => t.timestamp)),
      arrayLiteral(transfers.map((t) => (t.flags.pending ? 'pending' : null))),
      arrayLiteral(twins.map((t) => (t === null ? null : t.amount))),
      arrayLiteral(twins.map((t) => (t === null ? null : transferFlagBits(t.flags)))),
      arrayLiteral(twins.map((t) => (t?.flags.pending === true ? 'pending' : null))),
    ]);
  }
  return statements;
}

const ARRAY_ELEMENT_SPECIAL = /["\\]/;
const ARRAY_ELEMENT_SPECIALS = /["\\]/g;

/**
 * A PostgreSQL array literal (`{"a","b",NULL,7}`), sent as one text parameter and cast in SQL
 * (`::text[]`, `::int8[]`). Every string is quoted, so that commas, braces, spaces and the word
 * NULL inside a value stay text; within quotes only `"` and `\` need a backslash. Integers
 * (numbers or bigints) are written as digits. It does what pg does for a JavaScript array, but pg's
 * general encoder (two regular-expression replaces and a type check per element) took about 130 ms
 * for a batch's 15 arrays of 8,190 values here, and this about 20 ms.
 */
function arrayLiteral(values: readonly (string | bigint | number | null)[]): string {
  let literal = '{';
  for (let index = 0; index < values.length; index++) {
    if (index > 0) literal += ',';
    const value = values[index]!;
    if (value === null) literal += 'NULL';
    else if (typeof value === 'string') literal += `"${ARRAY_ELEMENT_SPECIAL.test(value) ? value.replace(ARRAY_ELEMENT_SPECIALS, '\\$&') : value}"`;
    else {
      assert(typeof value === 'bigint' || Number.isSafeInteger(value), 'array literal integers are whole');
      literal += String(value);
    }
  }
  return `${literal}}`;
}

/** One row's parameters, in the order of INSERT_COLUMNS, at `offset`. */
function setRowParameters(parameters: unknown[], offset: number, row: MovementRow): void {
  const t = row.transfer;
  parameters[offset] = t.id;
  parameters[offset + 1] = t.debitAccountId;
  parameters[offset + 2] = t.creditAccountId;
  parameters[offset + 3] = t.amount;
  parameters[offset + 4] = t.pendingId;
  parameters[offset + 5] = t.dimension;
  parameters[offset + 6] = t.code;
  parameters[offset + 7] = transferFlagBits(t.flags);
  parameters[offset + 8] = t.timeoutSeconds;
  parameters[offset + 9] = t.expiresAt;
  parameters[offset + 10] = t.licenceId;
  parameters[offset + 11] = t.purchaseOrderReference;
  parameters[offset + 12] = t.reference;
  parameters[offset + 13] = t.timestamp;
  parameters[offset + 14] = t.flags.pending ? 'pending' : null;
  const twin = row.twin;
  parameters[offset + 15] = twin === null ? null : twin.amount;
  parameters[offset + 16] = twin === null ? null : transferFlagBits(twin.flags);
  parameters[offset + 17] = twin === null ? null : twin.flags.pending ? 'pending' : null;
}

/** Every account, in id order (verification). */
export async function readAllAccounts(db: Kysely<Database>): Promise<Account[]> {
  const sqlite = rawSqliteOf(db);
  if (sqlite !== null) return (sqlite.prepare(`select ${ACCOUNT_COLUMNS} from ledger_accounts order by id`).safeIntegers(true).all() as AccountRow[]).map(toAccount);
  const result = await sql<AccountRow>`select ${sql.raw(ACCOUNT_COLUMNS_AS_TEXT)} from ledger_accounts order by id`.execute(db);
  return result.rows.map(toAccount);
}

/** The transfer log in commit order, `limit` rows at a time (verification reads all of it); a row's transfers share its sequence. */
export async function readTransfersAfter(db: Kysely<Database>, afterSequence: number, limit: number): Promise<StoredTransfer[]> {
  const sqlite = rawSqliteOf(db);
  if (sqlite !== null) {
    const rows = sqlite.prepare(`select ${ROW_COLUMNS} from ledger_transfers where sequence > ? order by sequence limit ?`).safeIntegers(true).all(afterSequence, limit) as TransferRow[];
    return storedTransfersOfRows(rows);
  }
  const result = await sql<TransferRow>`select ${sql.raw(TRANSFER_COLUMNS_AS_TEXT)} from ledger_transfers where sequence > ${afterSequence} order by ledger_transfers.sequence limit ${limit}`.execute(db);
  return storedTransfersOfRows(result.rows);
}
