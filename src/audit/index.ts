/** The audit module's public face: what other modules may use. */
export { AUDIT_EVENT_TYPES, describeChainBreak, type AuditEntry, type AuditEvent, type AuditEventType, type ChainBreak } from './audit-event.js';
export { recordAuditEvent, recordAuditEvents } from './record-audit-events.js';
export { verifyAuditChain, type ChainVerification } from './verify-audit-chain.js';
export { listAuditEntries, readSubjectTimeline } from './list-audit-entries.js';
export { registerAuditRoutes } from './audit.routes.js';
