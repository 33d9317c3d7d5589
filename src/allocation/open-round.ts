/**
 * Use case: an approver opens an allocation round — a budget of one controlled item under the
 * policy in force, a method, and a cut-off: the applications approved in principle for the item
 * and submitted at or before the cut-off are the round's. Nothing is decided yet; the preview
 * shows what committing would grant.
 *
 * Refused, in this order: a role other than approver (forbidden); no policy in force, or a
 * `policyHash` that is not the version in force (no_policy_in_force, policy_superseded); an item
 * that does not exist (unknown_reference); settings that do not fit the method (validation_failed:
 * `inner` and `categoryTiers` belong to "tiered", `withdrawalWindowDays` to "pro-rata"); a budget
 * above the item's national quota (invalid_value).
 */
import { getPolicyInForce } from '../policy/get-policy-versions.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError, isDomainError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { getItem, ORGANISATION_CATEGORIES, type ControlledItem } from '../registry/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { ALLOCATION_METHODS, INNER_ALLOCATION_METHODS, type AllocationMethod, type InnerAllocationMethod } from './allocation-problem.js';
import { WITHDRAWAL_WINDOW_DAYS_DEFAULT, WITHDRAWAL_WINDOW_DAYS_MAX, type AllocationRound, type RoundSettings } from './round.js';
import { insertRound } from './rounds.store.js';
import { auditView } from './rounds.workflow.js';

export interface OpenRoundInput {
  title: string;
  itemId: string;
  budget: number;
  method: AllocationMethod;
  /** An ISO-8601 instant with an offset, or a date (the end of that day, UTC). */
  cutOff: string;
  /** The policy version the approver means; refused unless it is the one in force. */
  policyHash?: string | undefined;
  inner?: InnerAllocationMethod | undefined;
  minLot?: number | undefined;
  useCategoryShares?: boolean | undefined;
  categoryTiers?: Record<string, number> | undefined;
  withdrawalWindowDays?: number | undefined;
}

const TITLE_LENGTH_MAX = 200;
const TIER_MAX = 1_000;

export async function openRound(context: AppContext, actor: Actor, input: OpenRoundInput): Promise<AllocationRound> {
  authorise(actor, 'round.manage');
  const inForce = await getPolicyInForce(context, actor);
  if (input.policyHash !== undefined && input.policyHash !== inForce.version.hash) {
    throw new DomainError('policy_superseded', `policy ${input.policyHash} is not the version in force (${inForce.version.hash})`, { field: 'policyHash', extensions: { policyHashInForce: inForce.version.hash } });
  }
  const item = await findItem(context, actor, input.itemId);
  const settings = validateSettings(input);
  const cutOff = normaliseCutOff(input.cutOff);
  if (input.title.trim() === '' || input.title.length > TITLE_LENGTH_MAX) throw invalid('validation_failed', 'title', `must be text of 1 to ${TITLE_LENGTH_MAX} characters`);
  if (!Number.isSafeInteger(input.budget) || input.budget < 1) throw invalid('validation_failed', 'budget', 'must be a whole number of units ≥ 1');
  // The whole quota of the item bounds a round's budget; what remains of it after earlier grants
  // is checked at the preview and the commitment (the national-quota limit the round shares).
  for (const quota of inForce.compiled.rulesFor(item).quotas) {
    if (quota.entry.units !== null && input.budget > quota.entry.units) {
      throw invalid('invalid_value', 'budget', `${input.budget} units exceed the national quota of ${quota.subject} (${quota.entry.units} units in the period)`);
    }
  }
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const timestamp = now.toISOString();
    const round: AllocationRound = {
      id: newId(now),
      title: input.title.trim(),
      policyHash: inForce.version.hash,
      itemId: item.id,
      budget: input.budget,
      method: input.method,
      settings,
      cutOff,
      state: 'open',
      openedBy: actor.id,
      preview: null,
      commitment: null,
      withdrawalsCloseAt: null,
      rerun: null,
      cancelledBy: null,
      cancelledAt: null,
      cancelReason: null,
      version: 1,
      createdAt: timestamp,
      updatedAt: timestamp,
    };
    await insertRound(trx, round);
    await recordAuditEvent(trx, actor, now, { eventType: 'round.opened', subjectType: 'allocation-round', subjectId: round.id, before: null, after: auditView(round) });
    return round;
  });
}

async function findItem(context: AppContext, actor: Actor, itemId: string): Promise<ControlledItem> {
  try {
    return await getItem(context, actor, itemId);
  } catch (error) {
    if (isDomainError(error) && error.code === 'item_not_found') throw invalid('unknown_reference', 'itemId', `no controlled item ${itemId}`);
    throw error;
  }
}

function validateSettings(input: OpenRoundInput): RoundSettings {
  if (!(ALLOCATION_METHODS as readonly string[]).includes(input.method)) throw invalid('validation_failed', 'method', `must be one of ${ALLOCATION_METHODS.join(', ')}`);
  const isTiered = input.method === 'tiered';
  const isProRata = input.method === 'pro-rata';
  if (input.inner !== undefined) {
    if (!isTiered) throw invalid('validation_failed', 'inner', 'is only for method "tiered" (the method inside each tier)');
    if (!(INNER_ALLOCATION_METHODS as readonly string[]).includes(input.inner)) throw invalid('validation_failed', 'inner', `must be one of ${INNER_ALLOCATION_METHODS.join(', ')}`);
  }
  if (input.categoryTiers !== undefined) {
    if (!isTiered) throw invalid('validation_failed', 'categoryTiers', 'is only for method "tiered"');
    for (const [category, tier] of Object.entries(input.categoryTiers)) {
      if (!(ORGANISATION_CATEGORIES as readonly string[]).includes(category)) throw invalid('validation_failed', `categoryTiers.${category}`, `is not an organisation category (${ORGANISATION_CATEGORIES.join(', ')})`);
      if (!Number.isSafeInteger(tier) || tier < 1 || tier > TIER_MAX) throw invalid('validation_failed', `categoryTiers.${category}`, `must be a tier from 1 to ${TIER_MAX}`);
    }
  }
  if (input.withdrawalWindowDays !== undefined) {
    if (!isProRata) throw invalid('validation_failed', 'withdrawalWindowDays', 'is only for method "pro-rata", whose coefficient applicants may answer by withdrawing');
    if (!Number.isSafeInteger(input.withdrawalWindowDays) || input.withdrawalWindowDays < 1 || input.withdrawalWindowDays > WITHDRAWAL_WINDOW_DAYS_MAX) {
      throw invalid('validation_failed', 'withdrawalWindowDays', `must be a whole number of days from 1 to ${WITHDRAWAL_WINDOW_DAYS_MAX}`);
    }
  }
  if (input.minLot !== undefined && (!Number.isSafeInteger(input.minLot) || input.minLot < 0)) throw invalid('validation_failed', 'minLot', 'must be a whole number of units ≥ 0');
  return {
    inner: isTiered ? (input.inner ?? null) : null,
    minLot: input.minLot ?? null,
    useCategoryShares: input.useCategoryShares ?? false,
    categoryTiers: isTiered && input.categoryTiers !== undefined ? sortedRecord(input.categoryTiers) : null,
    withdrawalWindowDays: isProRata ? (input.withdrawalWindowDays ?? WITHDRAWAL_WINDOW_DAYS_DEFAULT) : null,
  };
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One spelling of the cut-off (UTC, milliseconds), so that it compares as text with submission times. */
function normaliseCutOff(text: string): string {
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const isInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  // A date means the whole of that day: applications submitted on it are in.
  const milliseconds = isDate ? Date.parse(`${text}T23:59:59.999Z`) : isInstant ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(milliseconds)) throw invalid('validation_failed', 'cutOff', `must be a date (YYYY-MM-DD) or an ISO-8601 instant with an offset, not "${text}"`);
  return new Date(milliseconds).toISOString();
}

function invalid(code: 'validation_failed' | 'invalid_value' | 'unknown_reference', field: string, message: string): DomainError {
  return new DomainError(code, `${field}: ${message}`, { field });
}
