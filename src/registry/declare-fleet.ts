/**
 * Use case: an organisation declares its installed accelerators at a date and its domestic units
 * committed for the period. One declaration per organisation and date; a correction is an update.
 */
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { checkFleetDeclaration, type FleetDeclaration, type FleetHolding } from './fleet-declaration.js';
import type { FleetDeclarationInput } from './registry.schema.js';
import { findFleetDeclarationId, findItem, findOrganisation, insertFleetDeclaration } from './registry.store.js';

export async function declareFleet(context: AppContext, actor: Actor, input: FleetDeclarationInput): Promise<FleetDeclaration> {
  authorise(actor, 'fleet.declare', input.organisationId);
  return inTransaction(context, (trx) => addFleetDeclaration(trx, actor, context.clock.now(), input));
}

export async function addFleetDeclaration(trx: Kysely<Database>, actor: Actor, now: Date, input: FleetDeclarationInput): Promise<FleetDeclaration> {
  throwFirstProblem(checkFleetDeclaration(input));
  if ((await findOrganisation(trx, input.organisationId)) === undefined) {
    throw new DomainError('unknown_reference', `no organisation ${input.organisationId}`, { field: 'organisationId' });
  }
  await ensureItemsExist(trx, input.holdings);
  if ((await findFleetDeclarationId(trx, input.organisationId, input.asOf)) !== undefined) {
    throw new DomainError('duplicate_record', `the organisation already declared its fleet as of ${input.asOf}; update that declaration instead`, { field: 'asOf' });
  }
  const timestamp = now.toISOString();
  const declaration: FleetDeclaration = { id: newId(now), ...input, holdings: sortHoldings(input.holdings), version: 1, createdAt: timestamp, updatedAt: timestamp };
  await insertFleetDeclaration(trx, declaration);
  await recordAuditEvent(trx, actor, now, { eventType: 'fleet-declaration.created', subjectType: 'fleet-declaration', subjectId: declaration.id, before: null, after: declaration });
  return declaration;
}

export function throwFirstProblem(problems: { field: string; message: string }[]): void {
  const first = problems[0];
  if (first !== undefined) throw new DomainError('invalid_value', `${first.field} ${first.message}`, { field: first.field });
}

export async function ensureItemsExist(trx: Kysely<Database>, holdings: readonly FleetHolding[]): Promise<void> {
  for (const [index, holding] of holdings.entries()) {
    if ((await findItem(trx, holding.itemId)) === undefined) {
      throw new DomainError('unknown_reference', `no controlled item ${holding.itemId}`, { field: `holdings.${index}.itemId` });
    }
  }
}

/** Holdings are kept in item order so that equal declarations read (and audit) identically. */
export function sortHoldings(holdings: readonly FleetHolding[]): FleetHolding[] {
  return [...holdings].sort((left, right) => (left.itemId < right.itemId ? -1 : left.itemId > right.itemId ? 1 : 0));
}
