/**
 * Measures the pure engine in process: ordinary transfers between one hot pair of accounts
 * (a funded licence account and a shipped account), in batches of TRANSFER_BATCH_MAX, inputs
 * built before the clock starts. Run: npx tsx src/ledger/ledger-engine.measure.ts [transfers]
 * Prints the median of five runs. This is the ceiling a durable writer works under, not the
 * durable figure (bench/ledger.bench.ts is where the store's benchmark belongs).
 */
import { createAccounts, createLedgerState, createTransfers, TRANSFER_BATCH_MAX } from './ledger-engine.js';
import type { TransferInput } from './transfer.js';

const transferCount = Number(process.argv[2] ?? 1_000_000);
const runCount = 5;

function buildBatches(runIndex: number): TransferInput[][] {
  const batches: TransferInput[][] = [];
  let batch: TransferInput[] = [];
  for (let index = 0; index < transferCount; index++) {
    batch.push({
      id: `run${runIndex}-${index}`,
      debitAccountId: 'licence',
      creditAccountId: 'shipped',
      amount: 1n,
      dimension: 'units',
      code: 'shipment',
    });
    if (batch.length === TRANSFER_BATCH_MAX) {
      batches.push(batch);
      batch = [];
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

const rates: number[] = [];
for (let run = 0; run < runCount; run++) {
  const state = createLedgerState();
  createAccounts(
    state,
    [
      { id: 'source', code: 'quota-source', dimension: 'units', ownerId: 'measure' },
      { id: 'licence', code: 'licence', dimension: 'units', ownerId: 'measure', flags: { debitsMustNotExceedCredits: true } },
      { id: 'shipped', code: 'shipped', dimension: 'units', ownerId: 'measure', flags: { debitsMustNotExceedCredits: true } },
    ],
    0,
  );
  createTransfers(state, [{ id: 'fund', debitAccountId: 'source', creditAccountId: 'licence', amount: 10n ** 12n, dimension: 'units', code: 'licence-issuance' }], 0);
  const batches = buildBatches(run);
  let accepted = 0;
  const startedAt = performance.now();
  for (const batch of batches) {
    const outcome = createTransfers(state, batch, 1);
    accepted += outcome.newTransfers.length;
  }
  const elapsedMs = performance.now() - startedAt;
  if (accepted !== transferCount) throw new Error(`expected ${transferCount} transfers, got ${accepted}`);
  rates.push(transferCount / (elapsedMs / 1000));
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)]!;
console.log(
  JSON.stringify({
    measure: 'ledger-engine in-process transfers, one hot account pair',
    transfersPerRun: transferCount,
    runs: rates.map((rate) => Math.round(rate)),
    medianTransfersPerSecond: Math.round(median),
  }),
);
