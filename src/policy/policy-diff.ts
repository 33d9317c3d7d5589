/**
 * What changed between two policy versions, in words a regulator reads: "national quota for
 * family H200: units changed from 700,000 to 800,000". Lists are compared by what identifies an
 * entry (a quota by the items it covers, a hold by its id), not by position, so reordering a
 * document changes nothing here, as it changes nothing in the canonical form. Pure.
 */
import type { OrganisationCategory } from '../registry/organisation.js';
import { normalisePolicy, selectorKey } from './canonical-policy.js';
import { readableInstant } from './evaluation-text.js';
import { formatBasisPoints, formatInteger } from './number-format.js';
import { selectorLabel } from './policy.js';
import type { Hold, HoldScope, Policy } from './policy.js';

export interface PolicyChange {
  /** The field that changed, as a document path: `nationalQuotas[family H200].units`. */
  field: string;
  kind: 'added' | 'removed' | 'changed';
  english: string;
}

type Format<T> = (value: T) => string;

const units: Format<number | null> = (value) => (value === null ? 'none' : `${formatInteger(value)} units`);
const tpp: Format<number | null> = (value) => (value === null ? 'none' : `${formatInteger(value)} TPP`);
const days: Format<number> = (value) => `${formatInteger(value)} days`;
const share: Format<number | null> = (value) => (value === null ? 'none' : `${formatBasisPoints(value)} %`);
const quoted: Format<string | null> = (value) => (value === null ? 'none' : `"${value}"`);
const plain: Format<string | number | boolean | null> = (value) => (value === null ? 'none' : typeof value === 'number' ? formatInteger(value) : String(value));
const limit: Format<number | null> = (value) => (value === null ? 'no limit' : formatInteger(value));

export function diffPolicies(beforePolicy: Policy, afterPolicy: Policy): PolicyChange[] {
  const before = normalisePolicy(beforePolicy);
  const after = normalisePolicy(afterPolicy);
  const changes: PolicyChange[] = [];
  const changed = <T>(field: string, label: string, a: T, b: T, format: Format<T>): void => {
    if (a === b) return;
    changes.push({ field, kind: 'changed', english: `${label} changed from ${format(a)} to ${format(b)}` });
  };

  changed('id', 'policy id', before.id, after.id, quoted);
  changed('title', 'title', before.title, after.title, quoted);
  changed('effectiveFrom', 'effective date', before.effectiveFrom, after.effectiveFrom, plain);
  changed('period.start', 'period start', before.period.start, after.period.start, plain);
  changed('period.end', 'period end', before.period.end, after.period.end, plain);

  keyed(
    changes,
    'nationalQuotas',
    before.nationalQuotas,
    after.nationalQuotas,
    'national quota for ',
    (quota) => selectorKey(quota.appliesTo),
    (quota) => selectorLabel(quota.appliesTo),
    (quota) => `${units(quota.units)}, ${tpp(quota.tpp)}`,
    (field, label, a, b) => {
      // The formatters name the unit ("700,000 units", "… TPP"), so the label need not.
      changed(`${field}.units`, label, a.units, b.units, units);
      changed(`${field}.tpp`, label, a.tpp, b.tpp, tpp);
    },
  );

  changed('defaultAccess', 'access of unlisted categories', before.defaultAccess, after.defaultAccess, plain);
  const categories = [...new Set([...Object.keys(before.categories), ...Object.keys(after.categories)])].sort() as OrganisationCategory[];
  for (const category of categories) {
    const a = before.categories[category];
    const b = after.categories[category];
    const field = `categories.${category}`;
    if (a === undefined && b !== undefined) {
      changes.push({ field, kind: 'added', english: `category ${category} added: access ${b.access}, budget share ${share(b.budgetShareBasisPoints)}` });
    } else if (a !== undefined && b === undefined) {
      changes.push({ field, kind: 'removed', english: `category ${category} removed: it now has the default access (${after.defaultAccess}) and no budget share` });
    } else if (a !== undefined && b !== undefined) {
      changed(`${field}.access`, `category ${category}: access`, a.access, b.access, plain);
      changed(`${field}.budgetShareBasisPoints`, `category ${category}: budget share`, a.budgetShareBasisPoints, b.budgetShareBasisPoints, share);
      changed(`${field}.note`, `category ${category}: note`, a.note, b.note, quoted);
      changed(`${field}.noteChinese`, `category ${category}: Chinese note`, a.noteChinese, b.noteChinese, quoted);
    }
  }

  keyed(
    changes,
    'groupCaps',
    before.groupCaps,
    after.groupCaps,
    'group cap for ',
    (cap) => selectorKey(cap.appliesTo),
    (cap) => selectorLabel(cap.appliesTo),
    (cap) => units(cap.unitsMax),
    (field, label, a, b) => changed(`${field}.unitsMax`, label, a.unitsMax, b.unitsMax, units),
  );

  section(
    changes,
    'adoptionCap',
    'adoption cap',
    before.adoptionCap,
    after.adoptionCap,
    (cap) => `${share(cap.foreignShareMaxBasisPoints)} foreign share, measured in ${cap.measure === 'tpp' ? 'TPP' : 'units'}`,
    (a, b) => {
      changed('adoptionCap.foreignShareMaxBasisPoints', 'adoption cap', a.foreignShareMaxBasisPoints, b.foreignShareMaxBasisPoints, share);
      changed('adoptionCap.measure', 'adoption cap: measure', a.measure, b.measure, plain);
    },
  );

  section(
    changes,
    'domesticPairing',
    'domestic pairing',
    before.domesticPairing,
    after.domesticPairing,
    (pairing) => `${formatInteger(pairing.domesticUnits)} domestic per ${formatInteger(pairing.perForeignUnits)} foreign units`,
    (a, b) => {
      if (a.domesticUnits === b.domesticUnits && a.perForeignUnits === b.perForeignUnits) return;
      changes.push({
        field: 'domesticPairing',
        kind: 'changed',
        english: `domestic pairing changed from ${formatInteger(a.domesticUnits)} domestic per ${formatInteger(a.perForeignUnits)} foreign units to ${formatInteger(b.domesticUnits)} per ${formatInteger(b.perForeignUnits)}`,
      });
    },
  );

  keyed(
    changes,
    'technicalEnvelopes',
    before.technicalEnvelopes,
    after.technicalEnvelopes,
    'technical envelope for ',
    (envelope) => selectorKey(envelope.appliesTo),
    (envelope) => selectorLabel(envelope.appliesTo),
    (envelope) => `TPP below ${limit(envelope.tppBelow)}, memory bandwidth below ${limit(envelope.memoryBandwidthGbPerSecondBelow)} GB/s`,
    (field, label, a, b) => {
      changed(`${field}.tppBelow`, `${label}: TPP limit`, a.tppBelow, b.tppBelow, limit);
      changed(`${field}.memoryBandwidthGbPerSecondBelow`, `${label}: memory bandwidth limit (GB/s)`, a.memoryBandwidthGbPerSecondBelow, b.memoryBandwidthGbPerSecondBelow, limit);
    },
  );

  for (const [list, word] of [
    ['allowed', 'allowed'],
    ['denied', 'denied'],
  ] as const) {
    const a = new Set(before.endUses[list]);
    const b = new Set(after.endUses[list]);
    for (const endUse of after.endUses[list]) {
      if (!a.has(endUse)) changes.push({ field: `endUses.${list}`, kind: 'added', english: `end use ${endUse} is now ${word}` });
    }
    for (const endUse of before.endUses[list]) {
      if (!b.has(endUse)) changes.push({ field: `endUses.${list}`, kind: 'removed', english: `end use ${endUse} is no longer ${word}` });
    }
  }
  if (before.endUses.domesticJustificationRequired !== after.endUses.domesticJustificationRequired) {
    changes.push({
      field: 'endUses.domesticJustificationRequired',
      kind: 'changed',
      english: after.endUses.domesticJustificationRequired
        ? 'applications for foreign items must now state why domestic chips do not meet the need'
        : 'applications no longer need to state why domestic chips do not meet the need',
    });
  }

  changed('licenceTerms.validityDays', 'licence validity', before.licenceTerms.validityDays, after.licenceTerms.validityDays, days);
  changed('licenceTerms.purchaseOrderWindowDays', 'approval-to-purchase-order window', before.licenceTerms.purchaseOrderWindowDays, after.licenceTerms.purchaseOrderWindowDays, days);
  changed('licenceTerms.attestationIntervalDays', 'location attestation interval', before.licenceTerms.attestationIntervalDays, after.licenceTerms.attestationIntervalDays, days);
  const conditionsBefore = new Set(before.licenceTerms.conditions);
  const conditionsAfter = new Set(after.licenceTerms.conditions);
  for (const condition of after.licenceTerms.conditions) {
    if (!conditionsBefore.has(condition)) changes.push({ field: 'licenceTerms.conditions', kind: 'added', english: `licence condition added: "${condition}"` });
  }
  for (const condition of before.licenceTerms.conditions) {
    if (!conditionsAfter.has(condition)) changes.push({ field: 'licenceTerms.conditions', kind: 'removed', english: `licence condition removed: "${condition}"` });
  }
  const kept = (list: readonly string[], other: Set<string>) => list.filter((condition) => other.has(condition));
  const orderBefore = kept(before.licenceTerms.conditions, conditionsAfter);
  const orderAfter = kept(after.licenceTerms.conditions, conditionsBefore);
  if (orderBefore.join('\u0000') !== orderAfter.join('\u0000')) {
    changes.push({ field: 'licenceTerms.conditions', kind: 'changed', english: 'licence conditions are in a different order' });
  }

  keyed(
    changes,
    'holds',
    before.holds,
    after.holds,
    'hold ',
    (hold) => hold.id,
    (hold) => hold.id,
    describeHold,
    (field, label, a, b) => {
      changed(`${field}.kind`, `${label}: kind`, a.kind, b.kind, plain);
      changed(`${field}.scope`, `${label}: scope`, scopeWords(a.scope), scopeWords(b.scope), plain);
      changed(`${field}.from`, `${label}: start`, readableInstant(a.from), readableInstant(b.from), plain);
      if (a.until !== b.until) {
        changes.push({
          field: `${field}.until`,
          kind: 'changed',
          english:
            b.until === null
              ? `${label} no longer has an end (it was to end ${readableInstant(a.until ?? '')})`
              : a.until === null
                ? `${label} now ends ${readableInstant(b.until)}`
                : `${label}: end changed from ${readableInstant(a.until)} to ${readableInstant(b.until)}`,
        });
      }
      changed(`${field}.reasonCode`, `${label}: reason code`, a.reasonCode, b.reasonCode, plain);
      changed(`${field}.reason`, `${label}: reason`, a.reason, b.reason, quoted);
      changed(`${field}.reasonChinese`, `${label}: Chinese reason`, a.reasonChinese, b.reasonChinese, quoted);
      changed(`${field}.placedBy`, `${label}: placed by`, a.placedBy, b.placedBy, plain);
    },
  );
  return changes;
}

function keyed<T>(
  changes: PolicyChange[],
  listName: string,
  before: readonly T[],
  after: readonly T[],
  labelPrefix: string,
  keyOf: (entry: T) => string,
  nameOf: (entry: T) => string,
  describe: (entry: T) => string,
  compare: (field: string, label: string, a: T, b: T) => void,
): void {
  const beforeByKey = new Map(before.map((entry) => [keyOf(entry), entry]));
  const afterByKey = new Map(after.map((entry) => [keyOf(entry), entry]));
  const fieldOf = (entry: T): string => `${listName}[${nameOf(entry)}]`;
  const labelOf = (entry: T): string => `${labelPrefix}${nameOf(entry)}`;
  for (const [key, entry] of beforeByKey) {
    const next = afterByKey.get(key);
    if (next === undefined) changes.push({ field: fieldOf(entry), kind: 'removed', english: `${labelOf(entry)} removed (was ${describe(entry)})` });
    else compare(fieldOf(entry), labelOf(entry), entry, next);
  }
  for (const [key, entry] of afterByKey) {
    if (!beforeByKey.has(key)) changes.push({ field: fieldOf(entry), kind: 'added', english: `${labelOf(entry)} added: ${describe(entry)}` });
  }
}

function section<T>(changes: PolicyChange[], field: string, label: string, before: T | null, after: T | null, describe: (value: T) => string, compare: (a: T, b: T) => void): void {
  if (before === null && after !== null) changes.push({ field, kind: 'added', english: `${label} set: ${describe(after)}` });
  else if (before !== null && after === null) changes.push({ field, kind: 'removed', english: `${label} removed (was ${describe(before)})` });
  else if (before !== null && after !== null) compare(before, after);
}

function scopeWords(scope: HoldScope): string {
  switch (scope.level) {
    case 'global':
      return 'everything';
    case 'item':
      return `item ${scope.item}`;
    case 'family':
      return `family ${scope.family}`;
    case 'category':
      return `category ${scope.category}`;
    case 'organisation':
      return `organisation ${scope.organisation}`;
    case 'region':
      return `region ${scope.region}`;
  }
}

function describeHold(hold: Hold): string {
  const window = hold.until === null ? `from ${readableInstant(hold.from)}, with no end` : `from ${readableInstant(hold.from)} until ${readableInstant(hold.until)}`;
  return `${hold.kind} on ${scopeWords(hold.scope)} ${window} (${hold.reasonCode}: ${hold.reason})`;
}
