/**
 * Killing the process during a batch loses no acknowledged transfer and leaves no partial one:
 * a child process writes reservations through the writer, the test kills it with SIGKILL while
 * batches are in flight, then reads the database back.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { openTestDatabase, testActors, testDialects, type TestDatabase } from '../platform/test-support/test-database.js';
import { licenceAccounts, quotaScopeAccounts } from './chart-of-accounts.js';
import { issueLicenceTransfers, issueQuotaTransfers, amountsFor } from './ledger-flows.js';
import { verifyLedger } from './ledger-verification.js';
import { readAllAccounts, readTransfersAfter } from './ledger.store.js';
import { applyLedgerRequests, ensureLedgerAccounts, readLicenceBalance } from './ledger.writer.js';

const CHILD = fileURLToPath(new URL('./test-support/ledger-crash-writer.ts', import.meta.url));
const LICENCE = 'crash-licence';
const ACKNOWLEDGED_BEFORE_KILL = 1_500;

describe.each(testDialects())('a writer killed mid-batch on %s', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase(dialect);
    const now = new ManualClock('2026-03-01T09:00:00.000Z').now();
    await database.db.transaction().execute(async (trx) => {
      await ensureLedgerAccounts(trx, testActors.operator, now, [...quotaScopeAccounts('2026/H200'), ...licenceAccounts(LICENCE)]);
      await applyLedgerRequests(trx, [{ actor: testActors.operator, transfers: issueQuotaTransfers({ movementId: 'quota', scopeId: '2026/H200', amounts: amountsFor(10_000_000n, 15_832n) }) }], now);
      await applyLedgerRequests(trx, [{ actor: testActors.operator, transfers: issueLicenceTransfers({ movementId: 'issue', licenceId: LICENCE, source: { kind: 'pool', scopeId: '2026/H200' }, units: 10_000_000n, tppPerUnit: 15_832n }) }], now);
    });
  });
  afterEach(async () => {
    await database.close();
  });

  it('keeps every acknowledged reservation and no half of any', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'gatehouse-crash-'));
    onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
    const acknowledgementFile = join(directory, 'acknowledged.txt');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, LICENCE, acknowledgementFile], { env: { ...process.env, ...database.environment }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    try {
      // Kill once enough commits were acknowledged, while the writer keeps batches in flight.
      const deadline = Date.now() + 90_000;
      while (acknowledgedIds(acknowledgementFile).length < ACKNOWLEDGED_BEFORE_KILL) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the writer did not get going: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      // Never leave a writer running behind a failed test: it would load the disk for the next.
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    const acknowledged = acknowledgedIds(acknowledgementFile);

    const accounts = await readAllAccounts(database.db);
    const transfers = (await readTransfersAfter(database.db, 0, 10_000_000)).map((stored) => stored.transfer);
    const ids = new Set(transfers.map((transfer) => transfer.id));
    for (const reservationId of acknowledged) {
      expect(ids.has(`${reservationId}:units`) && ids.has(`${reservationId}:tpp`)).toBe(true);
    }
    const reservations = transfers.filter((transfer) => transfer.code === 'shipment');
    expect(reservations.length % 2).toBe(0);
    for (const transfer of reservations) {
      const [movementId, dimension] = [transfer.id.slice(0, transfer.id.lastIndexOf(':')), transfer.id.slice(transfer.id.lastIndexOf(':') + 1)];
      expect(ids.has(`${movementId}:${dimension === 'units' ? 'tpp' : 'units'}`)).toBe(true);
    }
    const verification = verifyLedger(accounts, transfers);
    expect(verification.ok ? 'ok' : JSON.stringify(verification.discrepancy)).toBe('ok');
    expect((await readLicenceBalance(database.db, LICENCE))?.units.reserved).toBe(BigInt(reservations.length / 2));
    expect(reservations.length / 2).toBeGreaterThanOrEqual(acknowledged.length);
  }, 120_000);
});

function acknowledgedIds(path: string): string[] {
  if (!existsSync(path)) return [];
  // A line cut short by the kill is not an acknowledgement.
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.pop();
  return lines;
}
