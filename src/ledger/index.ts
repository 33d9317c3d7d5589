/**
 * The ledger module's public surface: the pure core (accounts, transfers, the engine, the chart of
 * accounts, the flow builders, verification). Other modules import from here, never from a
 * file inside the module.
 */
export * from './account.js';
export * from './transfer.js';
export {
  ACCOUNT_BATCH_MAX,
  EXPIRY_BATCH_MAX,
  TIMESTAMP_MAX,
  TRANSFER_BATCH_MAX,
  createAccounts,
  createLedgerState,
  createTransfers,
  expirePendingTransfers,
  expiryQueueLength,
  getAccount,
  getPendingStatus,
  getTransfer,
  listAccounts,
  listTransfers,
  restoreLedgerState,
  type CreateAccountsOutcome,
  type CreateTransfersOutcome,
  type ExpireOutcome,
  type LedgerState,
  type PendingStatus,
} from './ledger-engine.js';
export { TRANSFER_INDEX_CAPACITY_MAX } from './transfer-index.js';
export * from './chart-of-accounts.js';
export * from './ledger-flows.js';
export * from './ledger-verification.js';
// The durable ledger (imperative shell): the writer, and the use cases other modules call.
export { applyLedgerRequests, ensureLedgerAccounts, findMovement, LedgerWriter, ledgerWriterFor, readLicenceBalance, type LedgerRequest } from './ledger.writer.js';
export type { StoredTransfer } from './ledger.store.js';
export { issueLicenceQuota, type LicenceQuotaIssue } from './issue-licence-quota.js';
export { verifyStoredLedger, type StoredLedgerVerification } from './verify-stored-ledger.js';
export { withdrawUnusedLicenceQuota } from './withdraw-unused-quota.js';
export { sweepLapsedReservations, startReservationSweeps, reservationSweepIntervalMs, RESERVATION_SWEEP_INTERVAL_DEFAULT_SECONDS } from './sweep-lapsed-reservations.js';
// Read-only history for people: a licence's movements, reservations and their steps.
export { readLicenceMovements, readReservations, HISTORY_ROWS_MAX, type LedgerMovement, type ReservationMovement, type ReservationQuery, type ReservationStage } from './ledger-history.store.js';
