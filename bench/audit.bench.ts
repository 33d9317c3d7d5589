/**
 * Hash-chained audit append and verify on SQLite (durable: WAL, synchronous=FULL).
 *   - batched append: recordAuditEvents with many events per transaction (how bulk work and the
 *     ledger's group commit write their entries);
 *   - verify: verifyAuditChain over the whole log;
 *   - baseline: one transaction per event that SELECTs the last hash, then INSERTs (the obvious way);
 *   - ceiling: the same rows, hashed beforehand, inserted by one prepared statement per row in the
 *     same batches: what the disk and SQLite allow before any audit logic runs.
 * Target: ≥ 200,000 events/s for append and for verify. Prints medians and one JSON summary line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordAuditEvents, verifyAuditChain } from '../src/audit/index.js';
import { hashAuditEntry } from '../src/audit/audit-event.js';
import { operatorActor } from '../src/platform/actor.js';
import { openDatabase, type DatabaseHandle } from '../src/platform/database.js';
import { newId } from '../src/platform/ids.js';
import { median, printSummary, result } from './bench-report.js';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 200_000);
const BATCH = 10_000;
const BASELINE_EVENTS = Number(process.env.BENCH_AUDIT_BASELINE_EVENTS ?? 2_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const actor = operatorActor('bench');

async function withDatabase<T>(work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const directory = mkdtempSync(join(tmpdir(), 'gatehouse-bench-audit-'));
  const database = await openDatabase({ sqlitePath: join(directory, 'bench.db') });
  try {
    return await work(database);
  } finally {
    await database.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

function events(count: number, offset: number) {
  return Array.from({ length: count }, (_, index) => ({
    eventType: 'item.updated' as const,
    subjectType: 'licence',
    subjectId: `licence-${(offset + index) % 997}`,
    before: { remaining: offset + index + 1 },
    after: { remaining: offset + index },
  }));
}

async function batchedRun(): Promise<{ appendPerSecond: number; verifyPerSecond: number }> {
  return withDatabase(async (database) => {
    const started = performance.now();
    for (let offset = 0; offset < EVENTS; offset += BATCH) {
      const batch = events(Math.min(BATCH, EVENTS - offset), offset);
      await database.db.transaction().execute((trx) => recordAuditEvents(trx, actor, new Date(), batch));
    }
    const appendSeconds = (performance.now() - started) / 1000;
    const verifyStarted = performance.now();
    const verification = await verifyAuditChain(database, actor);
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    if (!verification.ok || verification.entries !== EVENTS) throw new Error(`verification failed: ${JSON.stringify(verification)}`);
    return { appendPerSecond: EVENTS / appendSeconds, verifyPerSecond: EVENTS / verifySeconds };
  });
}

/** The obvious implementation: per event, a transaction that reads the tail, hashes, inserts. */
async function baselineRun(): Promise<number> {
  return withDatabase((database) => {
    const sqlite = database.sqlite!;
    const last = sqlite.prepare('select sequence, hash from audit_entries order by sequence desc limit 1');
    const insert = sqlite.prepare(
      'insert into audit_entries (sequence, id, occurred_at, actor_id, actor_role, event_type, subject_type, subject_id, before_json, after_json, previous_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?)',
    );
    const appendOne = sqlite.transaction((event: ReturnType<typeof events>[number]) => {
      const tail = last.get() as { sequence: number; hash: string } | undefined;
      const entry = {
        sequence: (tail?.sequence ?? 0) + 1,
        id: newId(),
        occurredAt: new Date().toISOString(),
        actorId: actor.id,
        actorRole: actor.role,
        eventType: event.eventType,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        beforeJson: JSON.stringify(event.before),
        afterJson: JSON.stringify(event.after),
        previousHash: tail?.hash ?? '0'.repeat(64),
      };
      insert.run(entry.sequence, entry.id, entry.occurredAt, entry.actorId, entry.actorRole, entry.eventType, entry.subjectType, entry.subjectId, entry.beforeJson, entry.afterJson, entry.previousHash, hashAuditEntry(entry));
    });
    const started = performance.now();
    for (const event of events(BASELINE_EVENTS, 0)) appendOne(event);
    return Promise.resolve(BASELINE_EVENTS / ((performance.now() - started) / 1000));
  });
}

/**
 * The storage's own ceiling, for reading the append figure: the same rows, already hashed, put
 * into the same table (same indexes, same batches, same durability) by one prepared statement,
 * with no hashing, no id generation and no JSON. An append can be no faster than this.
 */
async function bareInsertRun(): Promise<number> {
  const rows: unknown[][] = [];
  const occurredAt = new Date().toISOString();
  let previousHash = '0'.repeat(64);
  for (const [index, event] of events(EVENTS, 0).entries()) {
    const entry = { sequence: index + 1, id: newId(), occurredAt, actorId: actor.id, actorRole: actor.role, eventType: event.eventType, subjectType: event.subjectType, subjectId: event.subjectId, beforeJson: JSON.stringify(event.before), afterJson: JSON.stringify(event.after), previousHash };
    const hash = hashAuditEntry(entry);
    rows.push([entry.sequence, entry.id, entry.occurredAt, entry.actorId, entry.actorRole, entry.eventType, entry.subjectType, entry.subjectId, entry.beforeJson, entry.afterJson, entry.previousHash, hash]);
    previousHash = hash;
  }
  return withDatabase((database) => {
    const sqlite = database.sqlite!;
    const insert = sqlite.prepare(
      'insert into audit_entries (sequence, id, occurred_at, actor_id, actor_role, event_type, subject_type, subject_id, before_json, after_json, previous_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?)',
    );
    const insertBatch = sqlite.transaction((batch: unknown[][]) => {
      for (const row of batch) insert.run(row);
    });
    const started = performance.now();
    for (let offset = 0; offset < EVENTS; offset += BATCH) insertBatch(rows.slice(offset, offset + BATCH));
    return Promise.resolve(EVENTS / ((performance.now() - started) / 1000));
  });
}

const appends: number[] = [];
const ceilings: number[] = [];
const verifies: number[] = [];
const baselines: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  const measured = await batchedRun();
  appends.push(measured.appendPerSecond);
  verifies.push(measured.verifyPerSecond);
  baselines.push(await baselineRun());
  ceilings.push(await bareInsertRun());
  process.stderr.write(
    `run ${run + 1}/${RUNS}: append ${Math.round(measured.appendPerSecond)}/s, verify ${Math.round(measured.verifyPerSecond)}/s, baseline ${Math.round(baselines.at(-1)!)}/s, bare insert ${Math.round(ceilings.at(-1)!)}/s\n`,
  );
}
const baseline = median(baselines);
process.stdout.write(`audit on SQLite (synchronous=FULL), ${EVENTS} events in batches of ${BATCH}, median of ${RUNS} runs:\n`);
process.stdout.write(`  append  ${Math.round(median(appends))} events/s (target 200000)\n  verify  ${Math.round(median(verifies))} events/s (target 200000)\n  baseline (transaction per event, SELECT tail then INSERT) ${Math.round(baseline)} events/s\n  bare insert of pre-hashed rows, same table and batches (the storage's ceiling) ${Math.round(median(ceilings))} rows/s\n`);
printSummary('audit', [
  result('sqlite-append-batched', median(appends), 'events/s', baseline, { target: 200_000 }),
  result('sqlite-verify', median(verifies), 'events/s', baseline, { target: 200_000 }),
  result('sqlite-bare-insert-ceiling', median(ceilings), 'rows/s', baseline, { note: 'pre-hashed rows, no audit logic: the most any append can reach here' }),
]);
