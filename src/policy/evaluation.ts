/**
 * The explainable evaluation of one application against one policy version. Pure: a function of
 * (application, compiled policy, organisation and its group, fleet declaration, grants so far,
 * now) that returns each rule's outcome, its numbers and a sentence in English and in Simplified
 * Chinese, and the admissible quantity: the smallest limit any rule sets, never more than asked.
 *
 * Everything is in whole units and integer arithmetic, rounded down once per rule, so an
 * evaluation recomputed later from the same inputs and policy hash gives the same numbers.
 *
 * Grants and the fleet declaration, and how nothing is counted twice:
 *  - `grants` lists the grants made to every member of the applicant's group (the applicant
 *    included) since the earlier of the period's start and the fleet declaration's as-of date.
 *  - Period rules (group cap, domestic pairing) count the grants dated within the period.
 *  - The adoption cap starts from the fleet declaration, which is deemed to include every grant
 *    dated on or before its as-of date (the organisation declares what it holds or has been
 *    granted), and adds the organisation's own grants dated after that date. Without a
 *    declaration every listed grant of the organisation is added to an empty fleet.
 *  - National and category usage arrive already summed by item (`nationalGranted`,
 *    `categoryGranted`), as a store would compute them with one GROUP BY.
 */
import { assert } from '../platform/assert.js';
import type { FleetDeclaration } from '../registry/fleet-declaration.js';
import type { Organisation } from '../registry/organisation.js';
import type { CompiledPolicy } from './compiled-policy.js';
import { linearFloor, multiplyDivideFloor, floorDivide, scaledRound } from './exact-integer.js';
import { formatInteger } from './number-format.js';
import { BASIS_POINTS_WHOLE, selectorMatches } from './policy.js';
import type { Hold, NationalQuota, PolicyItem } from './policy.js';
import { RULE_LABELS, silentText, text as sentences } from './evaluation-text.js';
import type { Sentences } from './evaluation-text.js';

type Text = typeof sentences;

/** The rules, in the order an evaluation lists them. */
export const RULE_NAMES = [
  'policy-in-force',
  'technical-envelope',
  'end-use',
  'domestic-justification',
  'category-access',
  'holds',
  'national-quota',
  'category-budget',
  'group-cap',
  'adoption-cap',
  'domestic-pairing',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/**
 * Outcomes in rising order of precedence: an evaluation's outcome is the highest of its rules'.
 *  - pass: the rule admits the whole request;
 *  - limit: it admits fewer units than requested (possibly none);
 *  - review: a person must decide (e.g. a category under tight control);
 *  - hold: a hold is in force; a suspension admits nothing, a block delays the decision;
 *  - deny: the application cannot be licensed as it stands.
 */
export const RULE_OUTCOMES = ['pass', 'limit', 'review', 'hold', 'deny'] as const;
export type RuleOutcome = (typeof RULE_OUTCOMES)[number];

export interface Application {
  /** Null for a what-if evaluation of an application not yet filed. */
  id: string | null;
  organisationId: string;
  itemId: string;
  /** Units requested (a server of 8 GPUs counts 8). */
  quantity: number;
  endUse: string;
  /** Why domestic chips do not meet the need; null or blank when not stated. */
  domesticJustification: string | null;
  /** Region code of the facility the units go to, matched against region holds. */
  region: string | null;
}

export type EvaluatedOrganisation = Pick<Organisation, 'id' | 'category' | 'parentId'>;

export interface ItemUnits {
  itemId: string;
  units: number;
}

/**
 * The fields of the registry's fleet declaration that the evaluation reads: the date it describes,
 * the accelerators held by item (each item's origin and TPP come from the catalogue), and the
 * domestic units committed to procure in the policy period.
 */
export type EvaluatedFleet = Pick<FleetDeclaration, 'asOf' | 'holdings' | 'domesticUnitsCommitted'>;

export interface Grant {
  organisationId: string;
  itemId: string;
  units: number;
  /** When the grant was made (an instant, UTC). */
  grantedAt: string;
}

export interface EvaluationInput {
  application: Application;
  organisation: EvaluatedOrganisation;
  /** Ids of every organisation in the applicant's group, the applicant included. */
  groupMemberIds: readonly string[];
  /**
   * The organisations above the applicant in its group, nearest first, up to the head: a hold on
   * any of them covers the applicant, as it covers a licence or a reservation of the applicant
   * (licensing's hold coverage). When absent, only the direct parent is known.
   */
  groupAncestorIds?: readonly string[];
  /** The latest fleet declaration, or null when the organisation has declared none. */
  fleet: EvaluatedFleet | null;
  /** Grants to members of the group; see the comment at the top of this file. */
  grants: readonly Grant[];
  /** Units granted in the period to all organisations, by item. */
  nationalGranted: readonly ItemUnits[];
  /** Units granted in the period to organisations of the applicant's category, by item. */
  categoryGranted: readonly ItemUnits[];
  /** Every item the application, fleet and grants name. */
  items: ReadonlyMap<string, PolicyItem>;
  /**
   * The instant of evaluation, from the injected clock, in UTC as Date.toISOString writes it
   * (YYYY-MM-DDTHH:MM:SS.sssZ): instants in that one spelling compare correctly as text, so
   * holds and periods are checked without parsing dates for every application.
   */
  now: string;
}

export interface RuleResult {
  rule: RuleName;
  /** What the rule looked at when it applies per quota, cap or envelope ("family H200"); else "". */
  subject: string;
  outcome: RuleOutcome;
  /** The most units this rule admits; null when it sets no quantity limit. */
  limitUnits: number | null;
  /** True when this rule's limit is what cut the admissible quantity below the request. */
  isBinding: boolean;
  /** The rule's numbers, named in docs/policy.md. Integers. */
  figures: Readonly<Record<string, number>>;
  /** Ids the rule refers to (holds in force, or the next hold to start). */
  references: readonly string[];
  english: string;
  chinese: string;
}

export interface Evaluation {
  policyId: string;
  policyHash: string | null;
  applicationId: string | null;
  organisationId: string;
  itemId: string;
  evaluatedAt: string;
  requestedUnits: number;
  /** min(requested, every rule's limit), and 0 when any rule denies or a suspension is in force. */
  admissibleUnits: number;
  outcome: RuleOutcome;
  /** A block is in force: the application is accepted but no decision may be made yet. */
  isDecisionDelayed: boolean;
  rules: RuleResult[];
  english: string;
  chinese: string;
}

/** Shared by every rule without numbers or references, rather than a new empty object each time. */
const NO_FIGURES: Readonly<Record<string, number>> = Object.freeze({});
const NO_REFERENCES: readonly string[] = Object.freeze([]);

/** YYYY-MM-DDTHH:MM:SS.sssZ, checked by its fixed punctuation: cheap enough for every application. */
function isNormalisedInstant(text: string): boolean {
  return text.length === 24 && text[4] === '-' && text[7] === '-' && text[10] === 'T' && text[13] === ':' && text[16] === ':' && text[19] === '.' && text[23] === 'Z';
}

function rule(
  name: RuleName,
  subject: string,
  outcome: RuleOutcome,
  limitUnits: number | null,
  figures: Readonly<Record<string, number>>,
  [english, chinese]: Sentences,
  references: readonly string[] = NO_REFERENCES,
): RuleResult {
  return { rule: name, subject, outcome, limitUnits, isBinding: false, figures, references, english, chinese };
}

/** A quantity rule passes when its limit admits the whole request, and limits otherwise. */
function quantityOutcome(limit: number, requested: number): RuleOutcome {
  return limit >= requested ? 'pass' : 'limit';
}

function sumUnits(entries: readonly ItemUnits[], items: ReadonlyMap<string, PolicyItem>, quota: NationalQuota): { units: number; tpp: number } {
  let units = 0;
  let tpp = 0;
  for (const entry of entries) {
    const item = items.get(entry.itemId);
    if (item === undefined) assert(false, `usage names item ${entry.itemId}, which is not in the catalogue given`);
    if (!selectorMatches(quota.appliesTo, item)) continue;
    units += entry.units;
    tpp += entry.units * item.tpp;
  }
  return { units, tpp };
}

/** Limit from a remaining budget in units and in TPP: whole units that fit both. */
function remainingLimit(remainingUnits: number | null, remainingTpp: number | null, itemTpp: number): number {
  let limit = Number.MAX_SAFE_INTEGER;
  if (remainingUnits !== null) limit = Math.min(limit, Math.max(0, remainingUnits));
  // An item of TPP 0 uses none of a TPP budget; only a budget already overdrawn stops it.
  if (remainingTpp !== null && itemTpp > 0) limit = Math.min(limit, Math.max(0, floorDivide(remainingTpp, itemTpp)));
  if (remainingTpp !== null && remainingTpp < 0) limit = 0;
  return limit;
}

export interface EvaluationOptions {
  /**
   * False leaves every sentence empty (''), for bulk use that reads only outcomes and numbers;
   * the outcomes and numbers are the same either way. Default true.
   */
  withSentences?: boolean;
}

export function evaluateApplication(compiled: CompiledPolicy, input: EvaluationInput, options: EvaluationOptions = {}): Evaluation {
  const withSentences = options.withSentences ?? true;
  const text = withSentences ? sentences : silentText;
  const { application, organisation, items } = input;
  const policy = compiled.policy;
  const item = items.get(application.itemId);
  if (item === undefined) assert(false, `application names item ${application.itemId}, which is not in the catalogue given`);
  if (!(Number.isSafeInteger(application.quantity) && application.quantity >= 1)) assert(false, `requested quantity must be a positive integer, not ${application.quantity}`);
  assert(application.organisationId === organisation.id, 'the application is not from the organisation given');
  const now = input.now;
  if (!isNormalisedInstant(now)) assert(false, `now must be a UTC instant written YYYY-MM-DDTHH:MM:SS.sssZ, not ${now}`);
  const today = now.slice(0, 10);
  const requested = application.quantity;
  const isForeign = item.origin === 'foreign';
  const itemRules = compiled.rulesFor(item);
  const results: RuleResult[] = [];

  // Policy in force: this version applies from its effective date, within its period.
  const { start, end } = policy.period;
  if (today < policy.effectiveFrom) {
    results.push(rule('policy-in-force', '', 'deny', 0, NO_FIGURES, text.policyNotYetEffective(today, policy.effectiveFrom)));
  } else if (today < start || today > end) {
    results.push(rule('policy-in-force', '', 'deny', 0, NO_FIGURES, text.policyOutsidePeriod(today, start, end)));
  } else {
    results.push(rule('policy-in-force', '', 'pass', null, NO_FIGURES, text.policyInForce(today, start, end)));
  }

  // Technical envelope: an item at or above any limit of an envelope that covers it cannot be
  // licensed at all, whatever the quantity.
  if (itemRules.envelopes.length === 0) {
    results.push(rule('technical-envelope', '', 'pass', null, NO_FIGURES, text.envelopeNone(item.name)));
  }
  for (const { entry: envelope, subject, subjectChinese } of itemRules.envelopes) {
    const figures: Record<string, number> = { itemTpp: item.tpp, itemMemoryBandwidthGbPerSecond: item.memoryBandwidthGbPerSecond };
    if (envelope.tppBelow !== null) figures['tppBelow'] = envelope.tppBelow;
    if (envelope.memoryBandwidthGbPerSecondBelow !== null) figures['memoryBandwidthGbPerSecondBelow'] = envelope.memoryBandwidthGbPerSecondBelow;
    const isInside =
      (envelope.tppBelow === null || item.tpp < envelope.tppBelow) &&
      (envelope.memoryBandwidthGbPerSecondBelow === null || item.memoryBandwidthGbPerSecond < envelope.memoryBandwidthGbPerSecondBelow);
    results.push(
      rule(
        'technical-envelope',
        subject,
        isInside ? 'pass' : 'deny',
        isInside ? null : 0,
        figures,
        text.envelope(
          subject,
          subjectChinese,
          item.name,
          item.tpp,
          envelope.tppBelow,
          item.memoryBandwidthGbPerSecond,
          envelope.memoryBandwidthGbPerSecondBelow,
        ),
      ),
    );
  }

  // End use: a denied end use is refused; when the policy lists allowed end uses, any other is too.
  if (compiled.deniedEndUses.has(application.endUse)) {
    results.push(rule('end-use', '', 'deny', 0, NO_FIGURES, text.endUseDenied(application.endUse)));
  } else if (compiled.allowedEndUses.size > 0 && !compiled.allowedEndUses.has(application.endUse)) {
    results.push(rule('end-use', '', 'deny', 0, NO_FIGURES, text.endUseNotAllowed(application.endUse, policy.endUses.allowed)));
  } else if (compiled.allowedEndUses.size > 0) {
    results.push(rule('end-use', '', 'pass', null, NO_FIGURES, text.endUseAllowed(application.endUse)));
  } else {
    results.push(rule('end-use', '', 'pass', null, NO_FIGURES, text.endUseNotDenied(application.endUse)));
  }

  // Domestic justification: for a foreign item the applicant must say why domestic chips do not
  // meet the need, when the policy asks for it.
  if (!policy.endUses.domesticJustificationRequired) {
    results.push(rule('domestic-justification', '', 'pass', null, NO_FIGURES, text.justificationNotRequired()));
  } else if (!isForeign) {
    results.push(rule('domestic-justification', '', 'pass', null, NO_FIGURES, text.justificationDomesticItem(item.name)));
  } else if (application.domesticJustification !== null && application.domesticJustification.trim() !== '') {
    results.push(rule('domestic-justification', '', 'pass', null, NO_FIGURES, text.justificationStated()));
  } else {
    results.push(rule('domestic-justification', '', 'deny', 0, NO_FIGURES, text.justificationMissing()));
  }

  // Category access: allow, review (a person decides, the numbers still apply) or deny.
  const categoryRule = compiled.categoryRules.get(organisation.category);
  const access = categoryRule?.access ?? policy.defaultAccess;
  results.push(
    rule(
      'category-access',
      organisation.category,
      access === 'allow' ? 'pass' : access,
      access === 'deny' ? 0 : null,
      NO_FIGURES,
      text.categoryAccess(organisation.category, access, categoryRule === undefined, categoryRule?.note ?? null, categoryRule?.noteChinese ?? null),
    ),
  );

  // Holds: in force when from ≤ now < until. A suspension admits nothing; a block admits the
  // application but delays the decision, so it sets no quantity limit.
  const ancestorIds = input.groupAncestorIds ?? (organisation.parentId === null || organisation.parentId === undefined ? [] : [organisation.parentId]);
  let upcoming: Hold | null = null;
  let holdCount = 0;
  for (const hold of compiled.holds) {
    if (!holdCovers(hold, item, organisation, ancestorIds, application.region)) continue;
    if (hold.from > now) {
      if (upcoming === null) upcoming = hold;
      continue;
    }
    if (hold.until !== null && hold.until <= now) continue;
    holdCount += 1;
    results.push(rule('holds', hold.id, 'hold', hold.kind === 'suspension' ? 0 : null, NO_FIGURES, text.holdInForce(hold), [hold.id]));
  }
  if (holdCount === 0) {
    results.push(rule('holds', '', 'pass', null, NO_FIGURES, text.holdsNone(upcoming), upcoming === null ? NO_REFERENCES : [upcoming.id]));
  }

  // National quota: what remains of each quota covering the item, in units and in TPP.
  if (itemRules.quotas.length === 0) {
    results.push(rule('national-quota', '', 'deny', 0, NO_FIGURES, text.quotaNone(item.name)));
  }
  for (const { entry: quota, subject, subjectChinese } of itemRules.quotas) {
    const used = sumUnits(input.nationalGranted, items, quota);
    const remainingUnits = quota.units === null ? null : quota.units - used.units;
    const remainingTpp = quota.tpp === null ? null : quota.tpp - used.tpp;
    const limit = remainingLimit(remainingUnits, remainingTpp, item.tpp);
    const figures = budgetFigures('quota', quota.units, used, remainingUnits, quota.tpp, remainingTpp, limit);
    results.push(
      rule(
        'national-quota',
        subject,
        quantityOutcome(limit, requested),
        limit,
        figures,
        text.quota(subject, subjectChinese, displayed(quota.units, remainingUnits, quota.tpp, remainingTpp), requested, limit),
      ),
    );
  }

  // Category budget: the category's share of each quota, less what the category has been granted.
  const share = categoryRule?.budgetShareBasisPoints ?? null;
  if (share === null || itemRules.quotas.length === 0) {
    results.push(rule('category-budget', organisation.category, 'pass', null, NO_FIGURES, text.categoryBudgetNone(organisation.category)));
  } else {
    for (const { entry: quota, subject, subjectChinese } of itemRules.quotas) {
      const budgetUnits = quota.units === null ? null : multiplyDivideFloor(quota.units, share, BASIS_POINTS_WHOLE);
      const budgetTpp = quota.tpp === null ? null : multiplyDivideFloor(quota.tpp, share, BASIS_POINTS_WHOLE);
      const used = sumUnits(input.categoryGranted, items, quota);
      const remainingUnits = budgetUnits === null ? null : budgetUnits - used.units;
      const remainingTpp = budgetTpp === null ? null : budgetTpp - used.tpp;
      const limit = remainingLimit(remainingUnits, remainingTpp, item.tpp);
      const figures = budgetFigures('budget', budgetUnits, used, remainingUnits, budgetTpp, remainingTpp, limit);
      figures['shareBasisPoints'] = share;
      results.push(
        rule(
          'category-budget',
          subject,
          quantityOutcome(limit, requested),
          limit,
          figures,
          text.categoryBudget(
            organisation.category,
            share,
            subject,
            subjectChinese,
            displayed(budgetUnits, remainingUnits, budgetTpp, remainingTpp),
            requested,
            limit,
          ),
        ),
      );
    }
  }

  // Grants in the period: to the organisation (domestic pairing) and to the group (group cap).
  let foreignGrantedToOrganisation = 0;
  for (const grant of input.grants) {
    const grantItem = items.get(grant.itemId);
    if (grantItem === undefined) assert(false, `a grant names item ${grant.itemId}, which is not in the catalogue given`);
    if (grant.organisationId !== organisation.id || grantItem.origin !== 'foreign' || !isInPeriod(grant, start, end)) continue;
    foreignGrantedToOrganisation += grant.units;
  }

  // Group cap: units granted in the period to every member of the group, against the cap.
  if (itemRules.groupCaps.length === 0) results.push(rule('group-cap', '', 'pass', null, NO_FIGURES, text.groupCapNone()));
  const memberCount = Math.max(1, input.groupMemberIds.length);
  for (const { entry: cap, subject, subjectChinese } of itemRules.groupCaps) {
    let grantedUnits = 0;
    for (const grant of input.grants) {
      if (isInPeriod(grant, start, end) && selectorMatches(cap.appliesTo, items.get(grant.itemId)!)) grantedUnits += grant.units;
    }
    const limit = Math.max(0, cap.unitsMax - grantedUnits);
    results.push(
      rule(
        'group-cap',
        subject,
        quantityOutcome(limit, requested),
        limit,
        { capUnits: cap.unitsMax, grantedUnits, memberCount, limitUnits: limit },
        text.groupCap(subject, subjectChinese, memberCount, grantedUnits, cap.unitsMax, requested, limit),
      ),
    );
  }

  results.push(adoptionRule(text, compiled, input, item, requested));
  results.push(pairingRule(text, compiled, input, item, requested, foreignGrantedToOrganisation));

  return summarise(compiled, input, results, requested, withSentences);
}

/** A grant dated within the period's days (its UTC date, compared as text). */
function isInPeriod(grant: Grant, start: string, end: string): boolean {
  const date = grant.grantedAt.slice(0, 10);
  return date >= start && date <= end;
}

function holdCovers(hold: Hold, item: PolicyItem, organisation: EvaluatedOrganisation, ancestorIds: readonly string[], region: string | null): boolean {
  const scope = hold.scope;
  switch (scope.level) {
    case 'global':
      return true;
    case 'item':
      return scope.item === item.id;
    case 'family':
      return scope.family === item.family;
    case 'category':
      return scope.category === organisation.category;
    case 'organisation':
      // A hold placed on an organisation covers every organisation beneath it in its group.
      return scope.organisation === organisation.id || ancestorIds.includes(scope.organisation);
    case 'region':
      return region !== null && scope.region === region;
  }
}

function budgetFigures(
  name: 'quota' | 'budget',
  quotaUnits: number | null,
  used: { units: number; tpp: number },
  remainingUnits: number | null,
  quotaTpp: number | null,
  remainingTpp: number | null,
  limit: number,
): Record<string, number> {
  const figures: Record<string, number> = { grantedUnits: used.units, grantedTpp: used.tpp, limitUnits: limit };
  if (quotaUnits !== null && remainingUnits !== null) {
    figures[`${name}Units`] = quotaUnits;
    figures['remainingUnits'] = Math.max(0, remainingUnits);
  }
  if (quotaTpp !== null && remainingTpp !== null) {
    figures[`${name}Tpp`] = quotaTpp;
    figures['remainingTpp'] = Math.max(0, remainingTpp);
  }
  return figures;
}

function displayed(quotaUnits: number | null, remainingUnits: number | null, quotaTpp: number | null, remainingTpp: number | null) {
  return {
    quotaUnits,
    remainingUnits: remainingUnits === null ? null : Math.max(0, remainingUnits),
    quotaTpp,
    remainingTpp: remainingTpp === null ? null : Math.max(0, remainingTpp),
  };
}

/**
 * Adoption cap: the foreign share of the organisation's accelerator compute after the grant must
 * stay at or below s = p/q (p basis points of q = 10,000). With domestic compute D, foreign
 * compute F and t per unit of the item, x units keep (F + x·t) / (D + F + x·t) ≤ p/q exactly when
 *   x ≤ (p·D − (q−p)·F) / ((q−p)·t),
 * so the rule admits ⌊(p·D − (q−p)·F) / ((q−p)·t)⌋ units, never fewer than 0.
 */
function adoptionRule(text: Text, compiled: CompiledPolicy, input: EvaluationInput, item: PolicyItem, requested: number): RuleResult {
  const cap = compiled.policy.adoptionCap;
  if (cap === null) return rule('adoption-cap', '', 'pass', null, NO_FIGURES, text.adoptionNone());
  if (item.origin === 'domestic') return rule('adoption-cap', '', 'pass', null, NO_FIGURES, text.adoptionDomesticItem(item.name));
  if (cap.foreignShareMaxBasisPoints === BASIS_POINTS_WHOLE) {
    return rule('adoption-cap', '', 'pass', null, { capBasisPoints: cap.foreignShareMaxBasisPoints }, text.adoptionWholeShare());
  }
  // With measure 'units' every unit weighs one; with 'tpp' it weighs its item's TPP.
  const isTpp = cap.measure === 'tpp';
  let domesticCompute = 0;
  let foreignCompute = 0;
  const fleet = input.fleet;
  if (fleet !== null) {
    for (const holding of fleet.holdings) {
      const heldItem = input.items.get(holding.itemId);
      if (heldItem === undefined) assert(false, `the fleet names item ${holding.itemId}, which is not in the catalogue given`);
      if (heldItem.origin === 'foreign') foreignCompute += holding.installedUnits * (isTpp ? heldItem.tpp : 1);
      else domesticCompute += holding.installedUnits * (isTpp ? heldItem.tpp : 1);
    }
  }
  let grantedAfterDeclaration = 0;
  for (const grant of input.grants) {
    if (grant.organisationId !== input.organisation.id) continue;
    if (fleet !== null && grant.grantedAt.slice(0, 10) <= fleet.asOf) continue;
    const grantItem = input.items.get(grant.itemId);
    if (grantItem === undefined) assert(false, `a grant names item ${grant.itemId}, which is not in the catalogue given`);
    const compute = grant.units * (isTpp ? grantItem.tpp : 1);
    if (grantItem.origin === 'foreign') {
      foreignCompute += compute;
      grantedAfterDeclaration += compute;
    } else {
      domesticCompute += compute;
    }
  }
  assert(Number.isSafeInteger(domesticCompute) && Number.isSafeInteger(foreignCompute), 'fleet compute exceeds the safe integer range');
  const p = cap.foreignShareMaxBasisPoints;
  const q = BASIS_POINTS_WHOLE;
  const unitCompute = isTpp ? item.tpp : 1;
  const limit = unitCompute === 0 ? Number.MAX_SAFE_INTEGER : Math.max(0, linearFloor(p, domesticCompute, q - p, foreignCompute, (q - p) * unitCompute));
  const foreignAfter = foreignCompute + requested * unitCompute;
  const totalAfter = domesticCompute + foreignAfter;
  const shareTenths = totalAfter === 0 ? 0 : scaledRound(foreignAfter, 1000, totalAfter);
  return rule(
    'adoption-cap',
    '',
    quantityOutcome(limit, requested),
    unitCompute === 0 ? null : limit,
    {
      capBasisPoints: p,
      domesticCompute,
      foreignCompute,
      foreignComputeGrantedAfterDeclaration: grantedAfterDeclaration,
      unitCompute,
      foreignShareAfterGrantTenthsOfPercent: shareTenths,
      limitUnits: limit,
    },
    text.adoption(cap.measure, fleet !== null, shareTenths, p, requested, limit),
  );
}

/**
 * Domestic pairing: at least d domestic units committed per f foreign units granted in the
 * period. Committed units C allow ⌊C·f/d⌋ foreign units; the rule admits what of that the
 * organisation has not yet been granted, never fewer than 0.
 */
function pairingRule(text: Text, compiled: CompiledPolicy, input: EvaluationInput, item: PolicyItem, requested: number, foreignGranted: number): RuleResult {
  const pairing = compiled.policy.domesticPairing;
  if (pairing === null) return rule('domestic-pairing', '', 'pass', null, NO_FIGURES, text.pairingNone());
  if (item.origin === 'domestic') return rule('domestic-pairing', '', 'pass', null, NO_FIGURES, text.pairingDomesticItem(item.name));
  const committed = input.fleet?.domesticUnitsCommitted ?? 0;
  const foreignAllowed = multiplyDivideFloor(committed, pairing.perForeignUnits, pairing.domesticUnits);
  const limit = Math.max(0, foreignAllowed - foreignGranted);
  return rule(
    'domestic-pairing',
    '',
    quantityOutcome(limit, requested),
    limit,
    {
      domesticUnitsCommitted: committed,
      domesticUnits: pairing.domesticUnits,
      perForeignUnits: pairing.perForeignUnits,
      foreignUnitsAllowed: foreignAllowed,
      foreignUnitsGranted: foreignGranted,
      limitUnits: limit,
    },
    text.pairing(input.fleet !== null, committed, pairing.domesticUnits, pairing.perForeignUnits, foreignAllowed, foreignGranted, requested, limit),
  );
}

const OUTCOME_RANK: Record<RuleOutcome, number> = { pass: 0, limit: 1, review: 2, hold: 3, deny: 4 };

function summarise(compiled: CompiledPolicy, input: EvaluationInput, rules: RuleResult[], requested: number, withSentences: boolean): Evaluation {
  let admissible = requested;
  let outcome: RuleOutcome = 'pass';
  let isDecisionDelayed = false;
  for (const result of rules) {
    if (result.limitUnits !== null && result.limitUnits < admissible) admissible = result.limitUnits;
    if (OUTCOME_RANK[result.outcome] > OUTCOME_RANK[outcome]) outcome = result.outcome;
    if (result.rule === 'holds' && result.outcome === 'hold' && result.limitUnits === null) isDecisionDelayed = true;
  }
  const binding: RuleResult[] = [];
  if (admissible < requested) {
    for (const result of rules) {
      if (result.limitUnits === admissible) {
        result.isBinding = true;
        binding.push(result);
      }
    }
  }
  const [english, chinese] = withSentences ? summarySentences(rules, binding, requested, admissible, isDecisionDelayed) : ['', ''];
  return {
    policyId: compiled.policy.id,
    policyHash: compiled.policyHash,
    applicationId: input.application.id,
    organisationId: input.organisation.id,
    itemId: input.application.itemId,
    evaluatedAt: input.now,
    requestedUnits: requested,
    admissibleUnits: admissible,
    outcome,
    isDecisionDelayed,
    rules,
    english,
    chinese,
  };
}

/** Rule names, each once, in the order of the rules, joined for a sentence. */
function ruleLabels(rules: readonly RuleResult[], language: 0 | 1): string {
  let joined = '';
  let previous = '';
  for (const result of rules) {
    const label = RULE_LABELS[result.rule]![language];
    if (label === previous) continue;
    joined += joined === '' ? label : language === 0 ? `, ${label}` : `、${label}`;
    previous = label;
  }
  return joined;
}

function summarySentences(rules: readonly RuleResult[], binding: readonly RuleResult[], requested: number, admissible: number, isDecisionDelayed: boolean): Sentences {
  let english = `admissible: ${formatInteger(admissible)} of ${formatInteger(requested)} units requested`;
  let chinese = `可批准数量：申请 ${formatInteger(requested)} 台，可批准 ${formatInteger(admissible)} 台`;
  const denying: RuleResult[] = [];
  const suspending: RuleResult[] = [];
  let isReviewed = false;
  for (const result of rules) {
    if (result.outcome === 'deny') denying.push(result);
    else if (result.outcome === 'hold' && result.limitUnits === 0) suspending.push(result);
    else if (result.outcome === 'review') isReviewed = true;
  }
  if (denying.length > 0) {
    english += `; denied by ${ruleLabels(denying, 0)}`;
    chinese += `；因${ruleLabels(denying, 1)}被拒绝`;
  }
  if (suspending.length > 0) {
    let holds = '';
    for (const result of suspending) holds += holds === '' ? result.subject : `, ${result.subject}`;
    english += `; suspended by hold ${holds}`;
    chinese += `；因暂停措施 ${holds} 暂停签发`;
  }
  if (denying.length === 0 && suspending.length === 0 && binding.length > 0) {
    english += `; bound by ${ruleLabels(binding, 0)}`;
    chinese += `；受${ruleLabels(binding, 1)}约束`;
  }
  if (isDecisionDelayed) {
    english += '; the decision is delayed while a block is in force';
    chinese += '；冻结措施生效期间暂缓作出决定';
  }
  if (isReviewed) {
    english += '; a reviewer must decide';
    chinese += '；须由审查人员决定';
  }
  return [english, chinese];
}
