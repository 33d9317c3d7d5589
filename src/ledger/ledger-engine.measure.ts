/**
 * Measures the pure engine in process, on one hot pair of accounts (a funded licence account and
 * its shipped account), in batches of TRANSFER_BATCH_MAX with inputs built before the clock
 * starts and ids shaped like UUIDv7 (36 characters, so hashing costs what it will in production):
 * - ordinary: one posted transfer each;
 * - reserve-then-ship: a pending transfer and, in the next batch, a post of it (two transfers).
 * Each scenario starts from an empty ledger, so the figure includes the transfer index growing
 * to the full count. Prints the median of five runs per scenario.
 *
 *   npx tsx src/ledger/ledger-engine.measure.ts [transfers per run, default 1000000]
 *
 * or, closer to production (compiled ESM calls imports directly, while tsx's output calls a getter
 * per imported function, and --expose-gc lets the script settle the heap before timing):
 *
 *   npx tsc --outDir /tmp/ledger-measure --rootDir . --module nodenext --target es2023 \
 *     --skipLibCheck --types node --ignoreConfig src/ledger/ledger-engine.measure.ts
 *   node --expose-gc /tmp/ledger-measure/src/ledger/ledger-engine.measure.js
 *
 * This is the ceiling a durable writer works under, not a durable figure (that benchmark belongs
 * with the store, in bench/ledger.bench.ts).
 */
import { createAccounts, createLedgerState, createTransfers, TRANSFER_BATCH_MAX, type LedgerState } from './ledger-engine.js';
import type { TransferInput } from './transfer.js';

const transferCount = Number(process.argv[2] ?? 1_000_000);
const runCount = 5;

function uuidShapedId(run: number, sequence: number): string {
  const hex = sequence.toString(16).padStart(12, '0');
  return `0190f1c2-${(4096 + run).toString(16)}-7abc-8def-${hex}`;
}

function fundedState(): LedgerState {
  const state = createLedgerState();
  createAccounts(
    state,
    [
      { id: 'source', code: 'quota-source', dimension: 'units', ownerId: 'measure', flags: { creditsMustNotExceedDebits: true } },
      { id: 'licence', code: 'licence', dimension: 'units', ownerId: 'measure', flags: { debitsMustNotExceedCredits: true } },
      { id: 'shipped', code: 'shipped', dimension: 'units', ownerId: 'measure', flags: { debitsMustNotExceedCredits: true } },
    ],
    0,
  );
  createTransfers(state, [{ id: 'fund', debitAccountId: 'source', creditAccountId: 'licence', amount: 10n ** 12n, dimension: 'units', code: 'licence-issuance' }], 0);
  return state;
}

function inBatches(inputs: TransferInput[]): TransferInput[][] {
  const batches: TransferInput[][] = [];
  for (let start = 0; start < inputs.length; start += TRANSFER_BATCH_MAX) batches.push(inputs.slice(start, start + TRANSFER_BATCH_MAX));
  return batches;
}

function ordinaryBatches(run: number): TransferInput[][] {
  const inputs: TransferInput[] = [];
  for (let sequence = 0; sequence < transferCount; sequence++) {
    inputs.push({ id: uuidShapedId(run, sequence), debitAccountId: 'licence', creditAccountId: 'shipped', amount: 1n, dimension: 'units', code: 'shipment' });
  }
  return inBatches(inputs);
}

/** Half reservations, half posts; each batch posts the reservations of the batch before it. */
function reserveThenShipBatches(run: number): TransferInput[][] {
  const pairCount = Math.floor(transferCount / 2);
  const reservations: TransferInput[] = [];
  const posts: TransferInput[] = [];
  for (let sequence = 0; sequence < pairCount; sequence++) {
    const reservationId = uuidShapedId(run, 2 * sequence);
    reservations.push({
      id: reservationId,
      debitAccountId: 'licence',
      creditAccountId: 'shipped',
      amount: 2n,
      dimension: 'units',
      code: 'shipment',
      flags: { pending: true },
      timeoutSeconds: 3600,
      purchaseOrderReference: 'PO-measure',
    });
    posts.push({ id: uuidShapedId(run, 2 * sequence + 1), pendingId: reservationId, amount: 1n, flags: { postPendingTransfer: true } });
  }
  const half = TRANSFER_BATCH_MAX / 2;
  const batches: TransferInput[][] = [];
  // One batch more than the reservations need, so the last reservations are posted too.
  for (let start = 0; start < pairCount + half; start += half) {
    batches.push([...posts.slice(start - half < 0 ? 0 : start - half, start), ...reservations.slice(start, start + half)]);
  }
  return batches.filter((batch) => batch.length > 0);
}

function measure(name: string, build: (run: number) => TransferInput[][]): void {
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let run = 0; run < runCount; run++) {
    const state = fundedState();
    const batches = build(run);
    const expected = batches.reduce((sum, batch) => sum + batch.length, 0);
    if (expected !== 2 * Math.floor(transferCount / 2)) throw new Error(`${name}: built ${expected} transfers`);
    // The inputs were just built: collect them into the old generation first (when run with
    // --expose-gc), so that promoting them is not billed to the engine.
    (globalThis as { gc?: () => void }).gc?.();
    let accepted = 0;
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    for (const batch of batches) accepted += createTransfers(state, batch, 1_000).newTransfers.length;
    const elapsedMs = performance.now() - startedAt;
    const cpu = process.cpuUsage(cpuBefore);
    if (accepted !== expected) throw new Error(`${name}: expected ${expected} transfers, got ${accepted}`);
    rates.push(accepted / (elapsedMs / 1000));
    // Process CPU time (all threads, so the garbage collector's helpers count too): less
    // sensitive than wall time to other work on a shared machine.
    cpuRates.push(accepted / ((cpu.user + cpu.system) / 1e6));
  }
  const median = (values: number[]): number => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);
  console.log(
    JSON.stringify({
      measure: `ledger-engine in process, one hot account pair: ${name}`,
      transfersPerRun: transferCount,
      runs: rates.map((rate) => Math.round(rate)),
      medianTransfersPerSecond: median(rates),
      medianTransfersPerCpuSecond: median(cpuRates),
    }),
  );
}

measure('ordinary transfers', ordinaryBatches);
measure('reserve then ship (pending + post)', reserveThenShipBatches);
