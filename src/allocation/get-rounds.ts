/**
 * Use cases that read allocation rounds. The regulator reads every round whole: settings, the
 * latest preview, the commitment, the re-run and the grant of every application. Applicants read
 * only committed and final rounds, and of those what the round publishes — its figures, hashes,
 * the allocation problem and result (which name applications by id only, so that anyone can
 * recompute them) — and the lines, grants and top-ups of their own organisation; never the
 * preview, the exclusions of others or the limits shared by named organisations and groups.
 */
import type { Actor } from '../platform/actor.js';
import { isOrganisationScoped } from '../platform/actor.js';
import { authorise, mayActFor } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { decodeCursor, toPage, type Page } from '../platform/http/paging.js';
import { ROUND_STATES, type AllocationRound, type FinalFigures, type RoundGrant, type RoundState, type RoundSummary } from './round.js';
import { listRoundGrants, listRounds } from './rounds.store.js';
import { findVisibleRound } from './rounds.workflow.js';

/** A round as read: the round, and once committed the grant of each application it decided. */
export interface RoundView extends AllocationRound {
  grants: RoundGrant[];
}

export interface RoundListRequest {
  state?: RoundState | undefined;
  itemId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function getRound(context: AppContext, actor: Actor, id: string): Promise<RoundView> {
  authorise(actor, 'round.read');
  const round = await findVisibleRound(context.database.db, actor, id);
  return viewFor(actor, round, await listRoundGrants(context.database.db, id));
}

export async function listRoundsFor(context: AppContext, actor: Actor, request: RoundListRequest): Promise<Page<RoundListItem>> {
  authorise(actor, 'round.read');
  const published: readonly RoundState[] = ['committed', 'final'];
  let states: readonly RoundState[] = request.state === undefined ? ROUND_STATES : [request.state];
  if (isOrganisationScoped(actor)) states = states.filter((state) => published.includes(state));
  if (states.length === 0) return { items: [], nextCursor: null };
  const afterId = decodeCursor(request.cursor);
  const rows = await listRounds(context.database.db, {
    states,
    limit: request.limit + 1,
    ...(request.itemId === undefined ? {} : { itemId: request.itemId }),
    ...(afterId === undefined ? {} : { afterId }),
  });
  const page = toPage(rows, request.limit);
  // Lists carry the figures, not every grant; applicants see no preview time (they see no preview).
  return { items: page.items.map((round) => ({ ...listItem(round), ...(isOrganisationScoped(actor) ? { previewedAt: null } : {}) })), nextCursor: page.nextCursor };
}

function viewFor(actor: Actor, round: AllocationRound, grants: RoundGrant[]): RoundView {
  if (!isOrganisationScoped(actor)) return { ...round, grants };
  const isOwn = (entry: { organisationId: string }) => mayActFor(actor, entry.organisationId);
  const ownIds = new Set(grants.filter(isOwn).map((grant) => grant.applicationId));
  return {
    ...round,
    preview: null,
    commitment:
      round.commitment === null
        ? null
        : { ...round.commitment, lines: round.commitment.lines.filter(isOwn), excluded: round.commitment.excluded.filter(isOwn), sharedLimits: [] },
    rerun: round.rerun === null ? null : { ...round.rerun, topUps: round.rerun.topUps.filter((topUp) => ownIds.has(topUp.applicationId)) },
    grants: grants.filter(isOwn),
  };
}

/** A round in a list: its fields and published figures, without the stored stages (read one round for those). */
export type RoundListItem = Omit<AllocationRound, 'preview' | 'commitment' | 'rerun'> & {
  summary: RoundSummary | null;
  final: FinalFigures | null;
  previewedAt: string | null;
};

function listItem(round: AllocationRound): RoundListItem {
  const { preview, commitment, rerun, ...fields } = round;
  return { ...fields, previewedAt: preview?.previewedAt ?? null, summary: commitment?.summary ?? null, final: rerun?.final ?? null };
}
