/**
 * The HTTP API under load: the real server (buildApp + listen on 127.0.0.1, an ephemeral port) over
 * a temporary SQLite demo database (WAL, synchronous=FULL), in a child process so that the load
 * generator and the server do not share one event loop. autocannon, 10 connections, fixed duration:
 *
 *   - read:  GET /api/v1/licences/verify/{number}, the public licence check a customs officer or a
 *            vendor's clerk makes, for a licence of the seeded demo (ByteDance's H200 licence): the
 *            licence, its item, its licensee and its ledger balance. The route is rate-limited per
 *            client address (60, then 1 a second); the bench server raises that limit through the
 *            same setting an operator would (GATEHOUSE_VERIFY_RATE_LIMIT_*), since every request
 *            of the bench comes from 127.0.0.1.
 *   - write: POST /api/v1/reservations with the demo vendor's bearer token: a new purchase order
 *            each time (its own reference and reservation id, so that no request repeats another),
 *            one unit against a licence of 100,000,000 H20 units issued for the bench, so that the
 *            balance never runs out. Each reservation is a pending ledger pair submitted through
 *            the process's group-commit writer (src/ledger/ledger.writer.ts) and committed durably.
 *            No Idempotency-Key: the route does not need one, the reservation id is the retry key.
 *   - baseline: GET /healthz, no authentication and no database: Fastify's ceiling on this machine,
 *            measured in the same run, in the same rounds, so that a busy machine shows in both.
 *
 * For each: saturation (as fast as 10 connections go) and p99 latency at a fixed offered rate
 * (autocannon's overallRate; 5,000 req/s for reads, 2,000 req/s for writes), corrected for
 * coordinated omission as autocannon does by default. Every figure is the median of several
 * rounds (each round measures every case once, so slow spells of a shared machine spread over all
 * of them). Targets (DESIGN.md): reads p99 ≤ 5 ms at 5,000 req/s and ≥ 15,000 req/s saturated;
 * writes p99 ≤ 15 ms at 2,000 req/s and ≥ 8,000 req/s.
 *
 *   npm run bench:api        BENCH_API_SECONDS=10 per run, BENCH_API_ROUNDS=3 rounds by default;
 *                            BENCH_API_PROFILE=<dir> writes the server's CPU profile (--cpu-prof) there;
 *                            BENCH_API_LOG_LEVEL (default info, as in production; its log goes to stderr)
 */
import SQLite from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { seedDemo } from '../src/demo/seed-demo.js';
import { demoToken } from '../src/demo/demo-data.js';
import { issueLicence } from '../src/licensing/index.js';
import { getPolicyInForce } from '../src/policy/get-policy-versions.js';
import { operatorActor } from '../src/platform/actor.js';
import { systemClock } from '../src/platform/clock.js';
import { inTransaction } from '../src/platform/context.js';
import { openDatabase } from '../src/platform/database.js';
import { median, printSummary, result, round3, type BenchResult } from './bench-report.js';

const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_API_ROUNDS ?? 3);
const PROFILE_DIRECTORY = process.env.BENCH_API_PROFILE;
const CONNECTIONS = 10;
const READ_RATE = 5_000;
const WRITE_RATE = 2_000;
/** Enough that a bench of any length never runs the licence out: one unit per reservation. */
const BENCH_LICENCE_UNITS = 100_000_000;

/** The part of autocannon's result this bench reads (the package ships no types). */
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}
interface CannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: CannonRequest) => CannonRequest;
}
type Cannon = (options: { url: string; connections: number; duration: number; overallRate?: number; requests?: CannonRequest[]; headers?: Record<string, string> }) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

interface ServerReady {
  port: number;
  /** A licence number of the seeded demo, for the public check. */
  verifiedNumber: string;
  /** The bench's own licence, for reservations. */
  reservedLicenceId: string;
}

/** Child process: seed a demo database, issue the bench's licence, serve, report the port and ids. */
async function serve(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'gatehouse-bench-api-'));
  const database = await openDatabase({ sqlitePath: join(directory, 'bench.db') });
  const context = { database, clock: systemClock };
  const operator = operatorActor('bench');
  await seedDemo(context, operator);
  const db = database.db;
  const organisationId = async (legalNamePrefix: string) =>
    (await db.selectFrom('organisations').select('id').where('legal_name', 'like', `${legalNamePrefix}%`).orderBy('legal_name').executeTakeFirstOrThrow()).id;
  const bytedance = await organisationId('Beijing ByteDance');
  const vendor = await organisationId('NVIDIA Singapore');
  // ByteDance's H200 licence, approved on 1 October in the demo's story.
  const verified = await db.selectFrom('licences').select('number').where('organisation_id', '=', bytedance).orderBy('number').executeTakeFirstOrThrow();
  // A licence issued now, as a decision issues one, so that its purchase-order window is open.
  // H20 has no national quota in the demo policy, so the ledger tops its pool up by exactly this.
  const h20 = await db.selectFrom('items').select('id').where('family', '=', 'H20').executeTakeFirstOrThrow();
  const facility = await db.selectFrom('facilities').select('id').where('organisation_id', '=', bytedance).orderBy('name').executeTakeFirstOrThrow();
  const approver = { id: 'bench-approver', role: 'approver', organisationId: null } as const;
  const inForce = await getPolicyInForce(context, approver);
  const licence = await inTransaction(context, (trx) =>
    issueLicence(
      trx,
      approver,
      context.clock.now(),
      {
        applicationId: null,
        organisationId: bytedance,
        itemId: h20.id,
        facilityId: facility.id,
        quantity: BENCH_LICENCE_UNITS,
        policyHash: inForce.version.hash,
        terms: { validityDays: 180, purchaseOrderWindowDays: 30, attestationIntervalDays: 90, conditions: ['bench licence'] },
        permittedVendorIds: [vendor],
      },
      inForce.holds,
    ),
  );
  const app = await buildApp(context, {
    // The production default (LOG_LEVEL=info): a logger per request, but no line per request.
    logLevel: process.env.BENCH_API_LOG_LEVEL ?? 'info',
    bodyLimitBytes: 1_048_576,
    // Every request of the bench comes from 127.0.0.1; the production limit would refuse all but 60.
    verifyRateLimit: { burst: 1_000_000_000, perSecond: 1_000_000_000 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const ready: ServerReady = { port: address.port, verifiedNumber: verified.number, reservedLicenceId: licence.id };
  process.send?.(ready);
  process.on('message', (message) => {
    if (message !== 'stop') return;
    void app.close().then(async () => {
      await database.close();
      rmSync(directory, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

function startServer(): Promise<{ child: ChildProcess; ready: ServerReady }> {
  const profile = PROFILE_DIRECTORY === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', resolve(PROFILE_DIRECTORY)];
  // The server's log lines go to stderr, so that the summary stays the last line on stdout.
  const child = fork(fileURLToPath(import.meta.url), ['serve'], { execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 2, 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, ready: message as ServerReady }));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

interface Run {
  requestsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  failures: number;
}

async function load(url: string, request: CannonRequest, overallRate?: number): Promise<Run> {
  const outcome = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests: [request], ...(overallRate === undefined ? {} : { overallRate }) });
  return { requestsPerSecond: outcome.requests.average, p99Ms: outcome.latency.p99, p50Ms: outcome.latency.p50, failures: outcome.non2xx + outcome.errors + outcome.timeouts };
}

function describe(name: string, run: Run): void {
  process.stderr.write(`${name.padEnd(44)} ${Math.round(run.requestsPerSecond).toString().padStart(7)} req/s   p50 ${run.p50Ms} ms   p99 ${run.p99Ms} ms${run.failures > 0 ? `   FAILURES ${run.failures}` : ''}\n`);
}

/**
 * What one durable commit costs on this disk: one-row transactions on SQLite with WAL and
 * synchronous=FULL, as the server commits. A route that committed once per request could not go
 * faster than this; reservations share commits through the ledger's group-commit writer, so they
 * may, by as many requests as a batch holds. Printed beside the write figures.
 */
function durableCommitsPerSecond(): number {
  const directory = mkdtempSync(join(tmpdir(), 'gatehouse-bench-fsync-'));
  try {
    const sqlite = new SQLite(join(directory, 'commit.db'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.exec('create table t (id integer primary key, v text)');
    const insert = sqlite.prepare('insert into t (v) values (?)');
    const commit = sqlite.transaction(() => insert.run('x'));
    const count = 300;
    const started = performance.now();
    for (let index = 0; index < count; index += 1) commit();
    const seconds = (performance.now() - started) / 1000;
    sqlite.close();
    return count / seconds;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

type CaseName = 'healthSaturated' | 'healthAtReadRate' | 'healthAtWriteRate' | 'readSaturated' | 'readAtRate' | 'writeSaturated' | 'writeAtRate';

/** The median of each figure over the rounds, and every round's figures for the record. */
function medianRun(runs: readonly Run[]): Run {
  return {
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
  };
}

async function main(): Promise<void> {
  const commitCeiling = durableCommitsPerSecond();
  process.stderr.write(`one durable SQLite commit at a time: ${Math.round(commitCeiling)} commits/s on this disk\n`);
  const { child, ready } = await startServer();
  const base = `http://127.0.0.1:${ready.port}`;
  try {
    const health: CannonRequest = { method: 'GET', path: '/healthz' };
    const read: CannonRequest = { method: 'GET', path: `/api/v1/licences/verify/${ready.verifiedNumber}` };
    let purchaseOrder = 0;
    const write: CannonRequest = {
      method: 'POST',
      path: '/api/v1/reservations',
      headers: { authorization: `Bearer ${demoToken('vendor-nvidia')}`, 'content-type': 'application/json' },
      // A new purchase order each time, with its own reservation id: no request repeats another.
      setupRequest: (request) => {
        purchaseOrder += 1;
        const reference = `BENCH-${process.pid}-${purchaseOrder}`;
        return { ...request, body: JSON.stringify({ licenceId: ready.reservedLicenceId, purchaseOrderReference: `PO-${reference}`, quantity: 1, reservationId: `R-${reference}` }) };
      },
    };
    // A short warm-up so that JIT and SQLite's page cache are in their steady state.
    await autocannon({ url: base, connections: CONNECTIONS, duration: 2, requests: [read] });
    await autocannon({ url: base, connections: CONNECTIONS, duration: 2, requests: [write] });

    // Each case runs right after its baseline, so that both see the machine in the same state.
    const cases: Record<CaseName, () => Promise<Run>> = {
      healthSaturated: () => load(base, health),
      readSaturated: () => load(base, read),
      writeSaturated: () => load(base, write),
      healthAtReadRate: () => load(base, health, READ_RATE),
      readAtRate: () => load(base, read, READ_RATE),
      healthAtWriteRate: () => load(base, health, WRITE_RATE),
      writeAtRate: () => load(base, write, WRITE_RATE),
    };
    const rounds: Record<CaseName, Run[]> = { healthSaturated: [], healthAtReadRate: [], healthAtWriteRate: [], readSaturated: [], readAtRate: [], writeSaturated: [], writeAtRate: [] };
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const [name, run] of Object.entries(cases) as [CaseName, () => Promise<Run>][]) {
        const outcome = await run();
        rounds[name].push(outcome);
        describe(`round ${round} ${name}`, outcome);
      }
    }
    const runs = Object.fromEntries(Object.entries(rounds).map(([name, each]) => [name, medianRun(each)])) as Record<CaseName, Run>;
    process.stderr.write(`medians of ${ROUNDS} rounds of ${SECONDS} s:\n`);
    for (const [name, run] of Object.entries(runs)) describe(name, run);
    const failed = Object.entries(runs).filter(([, run]) => run.failures > 0);
    if (failed.length > 0) throw new Error(`requests failed in ${failed.map(([name]) => name).join(', ')}: the figures would not mean what they say`);

    // Each round's case beside the same round's /healthz: on a shared machine a busy spell slows
    // both, so the median of these per-round ratios says more than a ratio of medians.
    const baselineOf: Record<CaseName, CaseName> = {
      healthSaturated: 'healthSaturated',
      healthAtReadRate: 'healthAtReadRate',
      healthAtWriteRate: 'healthAtWriteRate',
      readSaturated: 'healthSaturated',
      readAtRate: 'healthAtReadRate',
      writeSaturated: 'healthSaturated',
      writeAtRate: 'healthAtWriteRate',
    };
    const extra = (name: CaseName, target: string, offered?: number): Record<string, unknown> => {
      const measure = (run: Run) => (offered === undefined ? run.requestsPerSecond : run.p99Ms);
      const ratios = rounds[name].map((run, index) => {
        const baseline = measure(rounds[baselineOf[name]][index]!);
        return baseline === 0 ? null : round3(measure(run) / baseline);
      });
      const known = ratios.filter((ratio): ratio is number => ratio !== null);
      return {
        target,
        rounds: rounds[name].map((run, index) => ({ requestsPerSecond: round3(run.requestsPerSecond), p99Ms: run.p99Ms, baseline: measure(rounds[baselineOf[name]][index]!) })),
        ratioPerRoundMedian: known.length === 0 ? null : round3(median(known)),
        ...(offered === undefined ? {} : { offeredRate: offered, achievedRate: round3(runs[name].requestsPerSecond) }),
      };
    };
    const results: BenchResult[] = [
      result('read GET /api/v1/licences/verify/{number} saturation', runs.readSaturated.requestsPerSecond, 'req/s', runs.healthSaturated.requestsPerSecond, extra('readSaturated', '>= 15000')),
      result(`read GET /api/v1/licences/verify/{number} p99 at ${READ_RATE} req/s`, runs.readAtRate.p99Ms, 'ms', runs.healthAtReadRate.p99Ms, extra('readAtRate', '<= 5', READ_RATE)),
      result('write POST /api/v1/reservations saturation', runs.writeSaturated.requestsPerSecond, 'req/s', runs.healthSaturated.requestsPerSecond, {
        ...extra('writeSaturated', '>= 8000'),
        durableCommitsPerSecond: round3(commitCeiling),
      }),
      result(`write POST /api/v1/reservations p99 at ${WRITE_RATE} req/s`, runs.writeAtRate.p99Ms, 'ms', runs.healthAtWriteRate.p99Ms, extra('writeAtRate', '<= 15', WRITE_RATE)),
    ];
    printSummary('api', results);
  } finally {
    child.send('stop');
  }
}

if (process.argv[2] === 'serve') {
  await serve();
} else {
  await main();
}
