/**
 * The HTTP API under load: the real server (buildApp + listen on 127.0.0.1, an ephemeral port) over
 * a temporary SQLite demo database (WAL, synchronous=FULL), in a child process so that the load
 * generator and the server do not share one event loop. autocannon, 10 connections, fixed duration:
 *
 *   - read:  GET /api/v1/items/{id} with a bearer token (authentication looks the token up on every
 *            request). The customs licence-verification route is not written yet; the item read
 *            stands in for it: one authenticated lookup by id, one row, JSON out.
 *   - write: POST /api/v1/facilities with a bearer token: authorised, validated, one transaction
 *            that inserts the facility and its hash-chained audit entry, committed durably.
 *   - baseline: GET /healthz, no authentication and no database: Fastify's ceiling on this machine.
 *
 * For each: saturation (as fast as 10 connections go) and p99 latency at a fixed offered rate
 * (autocannon's overallRate; 5,000 req/s for reads, 2,000 req/s for writes), corrected for
 * coordinated omission as autocannon does by default. Targets (DESIGN.md): reads p99 ≤ 5 ms at
 * 5,000 req/s and ≥ 15,000 req/s saturated; writes p99 ≤ 15 ms at 2,000 req/s and ≥ 8,000 req/s.
 *
 *   npm run bench:api                     (BENCH_API_SECONDS=10 per run by default)
 */
import SQLite from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { seedDemo } from '../src/demo/seed-demo.js';
import { demoToken } from '../src/demo/demo-data.js';
import { operatorActor } from '../src/platform/actor.js';
import { systemClock } from '../src/platform/clock.js';
import { openDatabase } from '../src/platform/database.js';
import { printSummary, result, round3, type BenchResult } from './bench-report.js';

const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
const CONNECTIONS = 10;
const READ_RATE = 5_000;
const WRITE_RATE = 2_000;

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
  itemId: string;
  organisationId: string;
}

/** Child process: seed a demo database, serve it, report the port and the ids to use. */
async function serve(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'gatehouse-bench-api-'));
  const database = await openDatabase({ sqlitePath: join(directory, 'bench.db') });
  const context = { database, clock: systemClock };
  await seedDemo(context, operatorActor('bench'));
  const item = await database.db.selectFrom('items').select('id').orderBy('name').executeTakeFirstOrThrow();
  const organisation = await database.db.selectFrom('organisations').select('id').orderBy('legal_name').executeTakeFirstOrThrow();
  const app = await buildApp(context, { logLevel: 'silent', bodyLimitBytes: 1_048_576 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const ready: ServerReady = { port: address.port, itemId: item.id, organisationId: organisation.id };
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
  const child = fork(fileURLToPath(import.meta.url), ['serve'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
 * synchronous=FULL, as the server commits. A write route that commits once per request cannot go
 * faster than this, whatever the HTTP layer does; printed beside the write figures.
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

async function main(): Promise<void> {
  const commitCeiling = durableCommitsPerSecond();
  process.stderr.write(`one durable SQLite commit at a time: ${Math.round(commitCeiling)} commits/s on this disk\n`);
  const { child, ready } = await startServer();
  const base = `http://127.0.0.1:${ready.port}`;
  try {
    const health: CannonRequest = { method: 'GET', path: '/healthz' };
    const read: CannonRequest = { method: 'GET', path: `/api/v1/items/${ready.itemId}`, headers: { authorization: `Bearer ${demoToken('reviewer')}` } };
    let facilityNumber = 0;
    const write: CannonRequest = {
      method: 'POST',
      path: '/api/v1/facilities',
      headers: { authorization: `Bearer ${demoToken('policy-admin')}`, 'content-type': 'application/json' },
      // A new name each time: the same name twice would be refused as a duplicate.
      setupRequest: (request) => {
        facilityNumber += 1;
        return { ...request, body: JSON.stringify({ organisationId: ready.organisationId, name: `Bench DC ${process.pid}-${facilityNumber}`, region: 'Hebei', latitude: 41, longitude: 114 }) };
      },
    };
    // A short warm-up so that JIT and SQLite's page cache are in their steady state.
    await autocannon({ url: base, connections: CONNECTIONS, duration: 2, requests: [read] });

    const runs = {
      healthSaturated: await load(base, health),
      healthAtReadRate: await load(base, health, READ_RATE),
      healthAtWriteRate: await load(base, health, WRITE_RATE),
      readSaturated: await load(base, read),
      readAtRate: await load(base, read, READ_RATE),
      writeSaturated: await load(base, write),
      writeAtRate: await load(base, write, WRITE_RATE),
    };
    for (const [name, run] of Object.entries(runs)) describe(name, run);
    const failed = Object.entries(runs).filter(([, run]) => run.failures > 0);
    if (failed.length > 0) throw new Error(`requests failed in ${failed.map(([name]) => name).join(', ')}: the figures would not mean what they say`);

    const extra = (run: Run, target: string, offered?: number): Record<string, unknown> => ({
      target,
      ...(offered === undefined ? {} : { offeredRate: offered, achievedRate: round3(run.requestsPerSecond) }),
    });
    const results: BenchResult[] = [
      result('read GET /api/v1/items/{id} saturation (stand-in for licence verification)', runs.readSaturated.requestsPerSecond, 'req/s', runs.healthSaturated.requestsPerSecond, extra(runs.readSaturated, '>= 15000')),
      result(`read p99 at ${READ_RATE} req/s`, runs.readAtRate.p99Ms, 'ms', runs.healthAtReadRate.p99Ms, extra(runs.readAtRate, '<= 5', READ_RATE)),
      result('write POST /api/v1/facilities saturation', runs.writeSaturated.requestsPerSecond, 'req/s', runs.healthSaturated.requestsPerSecond, {
        ...extra(runs.writeSaturated, '>= 8000'),
        durableCommitsPerSecond: round3(commitCeiling),
      }),
      result(`write p99 at ${WRITE_RATE} req/s`, runs.writeAtRate.p99Ms, 'ms', runs.healthAtWriteRate.p99Ms, extra(runs.writeAtRate, '<= 15', WRITE_RATE)),
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
