/**
 * Drawdowns per second on one hot licence, durable, through the group-commit ledger writer, and
 * beside it, in the same run and on the same database, the baseline: one transaction per drawdown
 * (SELECT … FOR UPDATE, then UPDATE; on SQLite a plain SELECT in an immediate transaction).
 *
 * A drawdown is what the API does for a vendor's reservation: a linked pair of pending transfers
 * (units and TPP) from the licence to its shipped account, written as one row of the log (the TPP
 * twin shares its units transfer's row, migration 0013), plus the account rows, one audit entry
 * per batch, committed with SQLite `synchronous=FULL` or PostgreSQL's default `fsync`. On
 * PostgreSQL the writer judges each next batch while the server inserts the one before (see
 * docs/ledger.md, "The writer"); the summary says how many batches were written that way. The
 * baseline writes only the one account row per drawdown (no log, no audit), so it flatters the
 * baseline.
 *
 * Each run also measures the log's own ceiling (storageCeiling): the same rows written with nothing
 * else, to show how far any writer on this log could go on this machine.
 *
 *   npm run bench:ledger                       SQLite, and PostgreSQL if a server answers at
 *                                              GATEHOUSE_TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/gatehouse_test
 *   GATEHOUSE_BENCH_DRAWDOWNS=200000           drawdowns per writer run (default 100,000)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { operatorActor } from '../src/platform/actor.js';
import { systemClock } from '../src/platform/clock.js';
import { openDatabase, type DatabaseHandle } from '../src/platform/database.js';
import { amountsFor, issueLicenceTransfers, issueQuotaTransfers, licenceAccounts, quotaScopeAccounts, reserveTransfers } from '../src/ledger/index.js';
import { createAccounts, createLedgerState, createTransfers } from '../src/ledger/ledger-engine.js';
import { writeBatch } from '../src/ledger/ledger.store.js';
import { applyLedgerRequests, ensureLedgerAccounts, LedgerWriter, WRITER_BATCH_TRANSFERS_MAX } from '../src/ledger/ledger.writer.js';
import type { Transfer } from '../src/ledger/transfer.js';
import { median, printSummary, result, type BenchResult } from './bench-report.js';

const DRAWDOWNS = Number(process.env.GATEHOUSE_BENCH_DRAWDOWNS ?? 100_000);
/** Requests in flight at once: two full batches, so one is queued while the other is written. */
const IN_FLIGHT = 8_190;
const RUNS = 3;
const TPP = 15_832n;
const POSTGRES_URL = process.env.GATEHOUSE_TEST_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/gatehouse_test';
const actor = operatorActor('bench');

async function seed(database: DatabaseHandle, licenceId: string): Promise<void> {
  const now = new Date();
  await database.db.transaction().execute(async (trx) => {
    await ensureLedgerAccounts(trx, actor, now, [...quotaScopeAccounts(`scope-${licenceId}`), ...licenceAccounts(licenceId)]);
    await applyLedgerRequests(trx, [{ actor, transfers: issueQuotaTransfers({ movementId: `quota-${licenceId}`, scopeId: `scope-${licenceId}`, amounts: amountsFor(1_000_000_000n, TPP) }) }], now);
    await applyLedgerRequests(
      trx,
      [{ actor, transfers: issueLicenceTransfers({ movementId: `issue-${licenceId}`, licenceId, source: { kind: 'pool', scopeId: `scope-${licenceId}` }, units: 1_000_000_000n, tppPerUnit: TPP }) }],
      now,
    );
  });
}

interface WriterRun {
  readonly rate: number;
  /** LedgerWriter.statistics() after the run: batches, and how many were written as judged ahead. */
  readonly batches: number;
  readonly judgedAheadUsed: number;
}

/** The batched writer: DRAWDOWNS reservations of one unit, at most IN_FLIGHT outstanding. */
async function writerRun(database: DatabaseHandle, licenceId: string, run: number): Promise<WriterRun> {
  const writer = new LedgerWriter(database.db, systemClock);
  let next = 0;
  let failures = 0;
  const started = performance.now();
  async function client(): Promise<void> {
    while (next < DRAWDOWNS) {
      const index = next++;
      const reservationId = `r${run}-${index}`;
      const results = await writer.submit({
        actor,
        transfers: reserveTransfers({ reservationId, licenceId, units: 1n, tppPerUnit: TPP, timeoutSeconds: 86_400, purchaseOrderReference: reservationId }),
      });
      if (results[0] !== 'ok') failures++;
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, client));
  const seconds = (performance.now() - started) / 1000;
  await writer.close();
  if (failures > 0) throw new Error(`${failures} drawdowns refused`);
  const { batches, judgedAheadUsed } = writer.statistics();
  return { rate: DRAWDOWNS / seconds, batches, judgedAheadUsed };
}

/**
 * The log's own ceiling on this machine: the rows of DRAWDOWNS reservations, judged by the engine
 * before the clock starts, written through the store's batch insert (`writeBatch`) in durable
 * transactions of one full batch each, and nothing else: no reads, locks, judging, audit entry or
 * callers. No writer on this log and this machine can go faster; the writer's figure over this one
 * says how much of a batch's time is spent elsewhere.
 */
async function storageCeiling(database: DatabaseHandle, run: number): Promise<number> {
  const licenceId = `ceiling-${run}`;
  const now = Date.now();
  const state = createLedgerState();
  createAccounts(state, [...quotaScopeAccounts(`scope-${licenceId}`), ...licenceAccounts(licenceId)], now);
  createTransfers(state, issueQuotaTransfers({ movementId: `quota-${licenceId}`, scopeId: `scope-${licenceId}`, amounts: amountsFor(1_000_000_000n, TPP) }), now);
  createTransfers(state, issueLicenceTransfers({ movementId: `issue-${licenceId}`, licenceId, source: { kind: 'pool', scopeId: `scope-${licenceId}` }, units: 1_000_000_000n, tppPerUnit: TPP }), now);
  const drawdownsPerBatch = WRITER_BATCH_TRANSFERS_MAX / 2;
  const batches: Transfer[][] = [];
  for (let start = 0; start < DRAWDOWNS; start += drawdownsPerBatch) {
    const inputs = [];
    for (let index = start; index < Math.min(start + drawdownsPerBatch, DRAWDOWNS); index++) {
      const reservationId = `${licenceId}-${index}`;
      inputs.push(...reserveTransfers({ reservationId, licenceId, units: 1n, tppPerUnit: TPP, timeoutSeconds: 86_400, purchaseOrderReference: reservationId }));
    }
    const outcome = createTransfers(state, inputs, now);
    if (outcome.newTransfers.length !== inputs.length) throw new Error('the ceiling run judged a reservation refused');
    batches.push(outcome.newTransfers);
  }
  const started = performance.now();
  for (const batch of batches) await database.db.transaction().execute((trx) => writeBatch(trx, batch, []));
  return DRAWDOWNS / ((performance.now() - started) / 1000);
}

/** Baseline on SQLite: BEGIN IMMEDIATE; SELECT the balance; UPDATE it; COMMIT — per drawdown. */
function sqliteBaseline(database: DatabaseHandle, licenceId: string, seconds: number): number {
  const sqlite = database.sqlite!;
  const select = sqlite.prepare('select credits_posted - debits_posted - debits_pending as available from ledger_accounts where id = ?').safeIntegers(true);
  const update = sqlite.prepare('update ledger_accounts set debits_pending = debits_pending + 1 where id = ?');
  const drawdown = sqlite.transaction((id: string) => {
    const row = select.get(id) as { available: bigint };
    if (row.available < 1n) throw new Error('exhausted');
    update.run(id);
  });
  const id = `licence/${licenceId}/units`;
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    drawdown.immediate(id);
    count++;
  }
  return count / ((performance.now() - started) / 1000);
}

/** Baseline on PostgreSQL: an interactive transaction per drawdown through `pg`. */
async function postgresBaseline(database: DatabaseHandle, licenceId: string, seconds: number): Promise<number> {
  const client = await database.pool!.connect();
  const id = `licence/${licenceId}/units`;
  let count = 0;
  const started = performance.now();
  try {
    while (performance.now() - started < seconds * 1000) {
      await client.query('begin');
      const found = await client.query<{ available: string }>('select (credits_posted - debits_posted - debits_pending)::text as available from ledger_accounts where id = $1 for update', [id]);
      if (BigInt(found.rows[0]!.available) < 1n) throw new Error('exhausted');
      await client.query('update ledger_accounts set debits_pending = debits_pending + 1 where id = $1', [id]);
      await client.query('commit');
      count++;
    }
  } finally {
    client.release();
  }
  return count / ((performance.now() - started) / 1000);
}

async function measure(name: string, database: DatabaseHandle, baseline: (licenceId: string) => Promise<number> | number): Promise<BenchResult> {
  await seed(database, 'hot');
  await seed(database, 'baseline');
  const writerRates: number[] = [];
  const baselineRates: number[] = [];
  const ceilingRates: number[] = [];
  let batches = 0;
  let judgedAheadUsed = 0;
  for (let run = 0; run < RUNS; run++) {
    const writer = await writerRun(database, 'hot', run);
    writerRates.push(writer.rate);
    batches += writer.batches;
    judgedAheadUsed += writer.judgedAheadUsed;
    baselineRates.push(await baseline('baseline'));
    ceilingRates.push(await storageCeiling(database, run));
    process.stderr.write(
      `${name} run ${run + 1}: writer ${Math.round(writer.rate)} drawdowns/s (${writer.batches} batches, ${writer.judgedAheadUsed} written as judged ahead), baseline ${Math.round(baselineRates.at(-1)!)} drawdowns/s, the log's rows alone ${Math.round(ceilingRates.at(-1)!)} drawdowns/s\n`,
    );
  }
  const value = median(writerRates);
  const base = median(baselineRates);
  const ceiling = median(ceilingRates);
  process.stdout.write(
    `${name}: ${Math.round(value)} drawdowns/s batched, ${Math.round(base)} drawdowns/s one transaction each, ratio ${(value / base).toFixed(1)}; the log's rows alone ${Math.round(ceiling)} drawdowns/s (the writer at ${Math.round((100 * value) / ceiling)} % of it)\n`,
  );
  return result(name, value, 'drawdowns/s', base, { drawdownsPerRun: DRAWDOWNS, runs: RUNS, transfersPerDrawdown: 2, logRowsPerDrawdown: 1, batches, batchesWrittenAsJudgedAhead: judgedAheadUsed, logRowsAloneDrawdownsPerSecond: Math.round(ceiling) });
}

const results: BenchResult[] = [];
const directory = mkdtempSync(join(tmpdir(), 'gatehouse-ledger-bench-'));
const sqliteDatabase = await openDatabase({ sqlitePath: join(directory, 'ledger.db') });
try {
  results.push(await measure('sqlite hot licence, group-commit writer, durable (synchronous=FULL)', sqliteDatabase, (licenceId) => sqliteBaseline(sqliteDatabase, licenceId, 2)));
} finally {
  await sqliteDatabase.close();
  rmSync(directory, { recursive: true, force: true });
}

const schema = `bench_ledger_${randomBytes(4).toString('hex')}`;
let postgres: DatabaseHandle | null = null;
try {
  postgres = await openDatabase({ databaseUrl: POSTGRES_URL, postgresSchema: schema, poolSize: 4 });
} catch (error) {
  process.stdout.write(`postgres: skipped, no server at ${POSTGRES_URL} (${error instanceof Error ? error.message : String(error)})\n`);
}
if (postgres !== null) {
  const database = postgres;
  try {
    results.push(await measure('postgres hot licence, group-commit writer, durable (fsync on)', database, (licenceId) => postgresBaseline(database, licenceId, 2)));
  } finally {
    await sql`drop schema ${sql.id(schema)} cascade`.execute(database.db);
    await database.close();
  }
}
printSummary('ledger', results);
