/**
 * The one authorisation layer: role × action × organisation scope. Every use case calls
 * `authorise` before it reads or changes anything, so no front door (HTTP, CLI, web) can skip it.
 * The table is closed: an action missing from it is a compile error, and a role missing from an
 * action's list is refused.
 */
import type { Actor, Role } from './actor.js';
import { isOrganisationScoped } from './actor.js';
import { DomainError } from './errors.js';

const REGULATOR_READERS: readonly Role[] = ['policy-admin', 'reviewer', 'approver', 'auditor', 'operator'];
const EVERYONE: readonly Role[] = [...REGULATOR_READERS, 'applicant', 'vendor', 'customs'];

export const PERMISSIONS = {
  'item.read': EVERYONE,
  'item.write': ['policy-admin', 'operator'],
  'organisation.read': EVERYONE,
  'organisation.write': ['policy-admin', 'operator'],
  // Facilities and fleets are an organisation's own business: its applicants and the regulator.
  'facility.read': [...REGULATOR_READERS, 'applicant'],
  'facility.write': ['policy-admin', 'applicant', 'operator'],
  'fleet.read': [...REGULATOR_READERS, 'applicant'],
  'fleet.declare': ['applicant', 'policy-admin', 'operator'],
  'audit.read': ['auditor', 'policy-admin', 'operator'],
  'registry.import': ['policy-admin', 'operator'],
  'user.manage': ['operator'],
  'application.create': ['applicant'],
  'application.read': [...REGULATOR_READERS, 'applicant'],
  'application.review': ['reviewer'],
  'application.decide': ['approver'],
  'application.withdraw': ['applicant'],
  'policy.read': EVERYONE,
  'policy.publish': ['policy-admin', 'operator'],
  // Holds between versions: approvers place and lift them (DESIGN.md), policy-admins too.
  'hold.manage': ['approver', 'policy-admin', 'operator'],
  // Licences: every role reads them, each seeing only its share (licensing/licence.ts says which);
  // approvers issue them when they decide; approvers and policy-admins amend, suspend, reinstate,
  // revoke and expire them.
  'licence.read': EVERYONE,
  'licence.issue': ['approver', 'operator'],
  'licence.manage': ['approver', 'policy-admin', 'operator'],
  'licence.sweep': ['approver', 'policy-admin', 'operator'],
  // A licensee gives up its own licence (withdrawing from a pro-rata round); the regulator may too.
  'licence.surrender': ['applicant', 'approver', 'policy-admin', 'operator'],
  // Allocation rounds: approvers open, preview, commit, re-run and cancel them; the regulator reads
  // them whole; applicants read the published figures of committed rounds (allocation/get-rounds.ts
  // says what they see) and withdraw their own application within a pro-rata round's window.
  'round.manage': ['approver', 'operator'],
  'round.read': [...REGULATOR_READERS, 'applicant'],
  'round.withdraw': ['applicant'],
  // Reservations and shipments: vendors check coverage, reserve and ship against licences they
  // may sell against; customs clears; the vendor or the licensee records delivery. Every party
  // reads only what concerns it (shipments/shipment.ts says which).
  'coverage.check': ['vendor', 'customs', ...REGULATOR_READERS],
  'shipment.reserve': ['vendor'],
  'shipment.clear': ['customs'],
  'shipment.deliver': ['vendor', 'applicant'],
  'shipment.read': EVERYONE,
  // Figures across every organisation (the dashboard's funnel) and the regulator's users by name:
  // the regulator only. Applicants, vendors and customs do not enumerate other organisations.
  'statistic.read': REGULATOR_READERS,
  'user.read': REGULATOR_READERS,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/**
 * Refuses unless the actor's role may take the action and, for organisation-scoped roles, the
 * record belongs to the actor's organisation. `ownerOrganisationId` is the organisation that owns
 * the record acted on (undefined when the action is not about one organisation's record).
 */
export function authorise(actor: Actor, action: Action, ownerOrganisationId?: string | null): void {
  const allowed: readonly Role[] = PERMISSIONS[action];
  if (!allowed.includes(actor.role)) {
    throw new DomainError('forbidden', `the ${actor.role} role may not ${describe(action)}`, { extensions: { action } });
  }
  if (ownerOrganisationId !== undefined && !mayActFor(actor, ownerOrganisationId)) {
    throw new DomainError('forbidden', `the record belongs to another organisation`, { extensions: { action } });
  }
}

/** Organisation-scoped actors act only for their own organisation; the regulator for anyone. */
export function mayActFor(actor: Actor, ownerOrganisationId: string | null): boolean {
  if (!isOrganisationScoped(actor)) return true;
  return actor.organisationId !== null && actor.organisationId === ownerOrganisationId;
}

function describe(action: Action): string {
  const [subject, verb] = action.split('.') as [string, string];
  return `${verb} ${subject === 'fleet' ? 'fleet declarations' : subject + 's'}`;
}
