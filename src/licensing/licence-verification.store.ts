/**
 * The one query behind the public licence check: the licence, its item's name, its licensee's
 * legal name and the units its ledger account still has available, in a single statement.
 *
 * Why its own query: the check is the busiest public route (customs scan every consignment), and
 * reading the licence (with its permitted vendors, which the check never shows), then all eight
 * ledger accounts of the licence, cost ten statements per check. This one reads the rows the
 * answer needs and nothing else: the licence by its unique number, two rows by primary key, and
 * the licence's units account through the ledger's (owner_id, code) index.
 *
 * On SQLite it runs a statement prepared once per database, directly on the better-sqlite3 handle,
 * unless a transaction is open on that (single) connection: a read there would see the open
 * transaction's uncommitted changes (a ledger batch in progress), so it then goes through Kysely,
 * which waits for the transaction to end. What it finds is kept in memory until anything in the
 * database changes or the licence's next open reservation lapses, whichever comes first
 * (platform/change-stamped-cache.ts): a repeated check then costs two tiny statements instead of
 * this join. PostgreSQL goes through Kysely: one round trip, no cache.
 */
import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/database-tables.js';
import { ChangeStampedCache, changeStampOf } from '../platform/change-stamped-cache.js';
import { rawSqliteOf } from '../platform/dialect.js';
import type { LicenceState } from './licence.js';

export interface LicenceVerificationFacts {
  number: string;
  state: LicenceState;
  validFrom: string;
  validUntil: string;
  quantity: number;
  itemName: string;
  licenseeLegalName: string;
  /**
   * The licence's units account: what was credited (granted), debited (shipped or returned) and is
   * held by pending reservations; null for a licence without ledger accounts (rows written before
   * the ledger existed).
   */
  unitsAccount: { creditsPosted: bigint; debitsPosted: bigint; debitsPending: bigint } | null;
  /**
   * Units still held pending by reservations that lapsed at or before the check but that the
   * ledger's sweep has not yet expired: available again, as the ledger will record within its
   * sweep interval (and as a licence's balance reports them).
   */
  lapsedPendingUnits: bigint;
}

interface FactsRow {
  number: string;
  state: string;
  valid_from: string;
  valid_until: string;
  quantity: number | string | bigint;
  item_name: string;
  licensee_legal_name: string;
  // Text on both dialects, so that no balance passes through a floating-point number.
  credits_posted: string | null;
  debits_posted: string | null;
  debits_pending: string | null;
  lapsed_pending: string | null;
  /** When the next of the licence's open reservations lapses (epoch milliseconds), if any. */
  next_lapse_at: string | null;
}

/**
 * The account code and dimension of a licence's units account (ledger/chart-of-accounts.ts:
 * `accountId('licence', licenceId, 'units')` names the same row; its owner is the licence's id).
 */
const LICENCE_ACCOUNT_CODE = 'licence';
const UNITS_DIMENSION = 'units';

// The same text on both dialects; only the placeholders differ. Parameters: the check's instant
// twice (epoch milliseconds, as the ledger stores expiry), then the licence number. The lapsed
// pending units, and when the next open reservation lapses, are range reads of the
// (licence_id, expires_at) index of open transfers (migration 0012).
const FACTS_SQL_HEAD = `select licences.number, licences.state, licences.valid_from, licences.valid_until, licences.quantity,
    items.name as item_name, organisations.legal_name as licensee_legal_name,
    cast(accounts.credits_posted as text) as credits_posted, cast(accounts.debits_posted as text) as debits_posted, cast(accounts.debits_pending as text) as debits_pending,
    (select cast(coalesce(sum(lapsed.amount), 0) as text) from ledger_transfers as lapsed
      where lapsed.pending_status = 'pending' and lapsed.licence_id = licences.id and lapsed.expires_at <= `;
const FACTS_SQL_MIDDLE = ` and lapsed.debit_account_id = accounts.id) as lapsed_pending,
    (select cast(min(next.expires_at) as text) from ledger_transfers as next
      where next.pending_status = 'pending' and next.licence_id = licences.id and next.expires_at > `;
const FACTS_SQL_TAIL = `) as next_lapse_at
  from licences
  inner join items on items.id = licences.item_id
  inner join organisations on organisations.id = licences.organisation_id
  left join ledger_accounts as accounts on accounts.owner_id = licences.id and accounts.code = '${LICENCE_ACCOUNT_CODE}' and accounts.dimension = '${UNITS_DIMENSION}'
  where licences.number = `;

const statements = new WeakMap<SQLite.Database, SQLite.Statement>();

/** Licences' facts kept between checks; a customs post checks the same few licences all day. */
export const VERIFICATION_FACTS_CACHED_MAX = 10_000;
const cache = new ChangeStampedCache<LicenceVerificationFacts>(VERIFICATION_FACTS_CACHED_MAX);

export async function findLicenceVerificationFacts(db: Kysely<Database>, number: string, now: Date): Promise<LicenceVerificationFacts | undefined> {
  const sqlite = rawSqliteOf(db);
  const nowMs = now.getTime();
  if (sqlite !== null && !sqlite.inTransaction) {
    // Kept while nothing in the database changes (platform/change-stamped-cache.ts) and until the
    // licence's next open reservation lapses: that changes the units available without a write.
    // Validity against the clock is judged by the caller on every check, kept or not.
    const stamp = changeStampOf(sqlite);
    const kept = cache.get(sqlite, number, stamp, nowMs);
    if (kept !== undefined) return kept;
    let statement = statements.get(sqlite);
    if (statement === undefined) {
      statement = sqlite.prepare(`${FACTS_SQL_HEAD}?${FACTS_SQL_MIDDLE}?${FACTS_SQL_TAIL}?`);
      statements.set(sqlite, statement);
    }
    const row = statement.get(nowMs, nowMs, number) as FactsRow | undefined;
    if (row === undefined) {
      cache.delete(sqlite, number);
      return undefined;
    }
    const facts = factsFromRow(row);
    cache.set(sqlite, number, facts, stamp, row.next_lapse_at === null ? Number.POSITIVE_INFINITY : Number(row.next_lapse_at));
    return facts;
  }
  const result = await sql<FactsRow>`${sql.raw(FACTS_SQL_HEAD)}${nowMs}${sql.raw(FACTS_SQL_MIDDLE)}${nowMs}${sql.raw(FACTS_SQL_TAIL)}${number}`.execute(db);
  const row = result.rows[0];
  return row && factsFromRow(row);
}

function factsFromRow(row: FactsRow): LicenceVerificationFacts {
  const hasAccount = row.credits_posted !== null && row.debits_posted !== null && row.debits_pending !== null;
  return {
    number: row.number,
    state: row.state as LicenceState,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    quantity: Number(row.quantity),
    itemName: row.item_name,
    licenseeLegalName: row.licensee_legal_name,
    unitsAccount: hasAccount ? { creditsPosted: BigInt(row.credits_posted!), debitsPosted: BigInt(row.debits_posted!), debitsPending: BigInt(row.debits_pending!) } : null,
    lapsedPendingUnits: BigInt(row.lapsed_pending ?? '0'),
  };
}
