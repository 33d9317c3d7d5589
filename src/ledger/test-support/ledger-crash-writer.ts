/**
 * A child process for the crash test: writes reservations through the group-commit writer as
 * fast as it can and appends to a file the id of every reservation whose commit was acknowledged, until the
 * parent kills it with SIGKILL mid-batch. The database comes from GATEHOUSE_DB or DATABASE_URL.
 */
import { openSync, writeSync } from 'node:fs';
import { openDatabase } from '../../platform/database.js';
import { systemClock } from '../../platform/clock.js';
import { reserveTransfers } from '../ledger-flows.js';
import { LedgerWriter } from '../ledger.writer.js';

const LICENCE = process.argv[2] ?? 'crash-licence';
/** Acknowledged reservation ids go to this file, one a line, written synchronously after each commit. */
const acknowledgements = openSync(process.argv[3] ?? '/dev/null', 'a');
const CONCURRENT_REQUESTS = 400;
const ROUNDS_MAX = 100_000;

const databaseUrl = process.env.DATABASE_URL?.trim();
const database = await openDatabase(databaseUrl ? { databaseUrl, migrate: false } : { sqlitePath: process.env.GATEHOUSE_DB ?? '', migrate: false });
const writer = new LedgerWriter(database.db, systemClock);
const actor = { id: 'vendor-crash', role: 'vendor', organisationId: 'vendor-org' } as const;

for (let round = 0; round < ROUNDS_MAX; round++) {
  await Promise.all(
    Array.from({ length: CONCURRENT_REQUESTS }, async (_, index) => {
      const reservationId = `c${round}-${index}`;
      const results = await writer.submit({
        actor,
        transfers: reserveTransfers({ reservationId, licenceId: LICENCE, units: 1n, tppPerUnit: 15_832n, timeoutSeconds: 86_400, purchaseOrderReference: reservationId }),
      });
      if (results[0] === 'ok') writeSync(acknowledgements, `${reservationId}\n`);
    }),
  );
}
