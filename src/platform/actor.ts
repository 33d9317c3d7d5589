/**
 * Who is acting. Every use case takes an actor, authorises it, and records it in the audit entry.
 * The roles are those of DESIGN.md; `operator` is the person at the server's command line
 * (migrations, imports, the demo), who already holds the database and so every permission.
 */
export const ROLES = ['policy-admin', 'reviewer', 'approver', 'auditor', 'applicant', 'vendor', 'customs', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose members belong to one organisation and see only what concerns it. */
export const ORGANISATION_SCOPED_ROLES: readonly Role[] = ['applicant', 'vendor', 'customs'];

export interface Actor {
  /** A user id, or `operator:<name>` for the command line. */
  id: string;
  role: Role;
  /** The actor's organisation; required for organisation-scoped roles. */
  organisationId: string | null;
}

export function operatorActor(name = process.env.USER ?? 'operator'): Actor {
  return { id: `operator:${name}`, role: 'operator', organisationId: null };
}

export function isOrganisationScoped(actor: Actor): boolean {
  return ORGANISATION_SCOPED_ROLES.includes(actor.role);
}
