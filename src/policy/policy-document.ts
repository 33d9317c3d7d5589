/**
 * Reading a policy document (YAML or JSON): its shape against PolicyDocumentSchema, then the
 * rules that span several fields, then defaults and normalisation into a Policy. Every refusal
 * names the line and the field. Pure: text in, a policy or a list of issues out.
 */
import { ORGANISATION_CATEGORIES } from '../registry/organisation.js';
import type { OrganisationCategory } from '../registry/organisation.js';
import { isCalendarDate, normaliseInstant } from './calendar.js';
import { normalisePolicy, selectorKey } from './canonical-policy.js';
import { formatBasisPoints, formatInteger } from './number-format.js';
import { BASIS_POINTS_WHOLE, holdScopeKey } from './policy.js';
import type { CategoryRule, Hold, HoldScope, ItemSelector, Policy, QuotaSelector } from './policy.js';
import { PolicyDocumentSchema } from './policy.schema.js';
import type { PolicyDocument } from './policy.schema.js';
import { issueAt, readSourceDocument, schemaIssues, withRuleIssues, withoutNullFields } from './source-document.js';
import type { DocumentIssue, PathSegment, ReadResult, SourceDocument } from './source-document.js';

export function parsePolicyDocument(text: string): ReadResult<Policy> {
  const read = readSourceDocument(text);
  if (!read.ok) return read;
  const shapeIssues = schemaIssues(read.value, PolicyDocumentSchema);
  // Once the schema has accepted the value without its nulls (optional fields may be written as
  // null), that value has the document's static type; before, the rules read it defensively.
  const document = withoutNullFields(read.value.value) as PolicyDocument;
  const issues = withRuleIssues(shapeIssues, () => crossFieldIssues(read.value, document));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: toPolicy(document) };
}

/** The rules the schema cannot say: each returns issues at the field a reader should change. */
function crossFieldIssues(source: SourceDocument, document: PolicyDocument): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const at = (path: readonly PathSegment[], reason: string, part: 'key' | 'value' = 'value'): void => {
    issues.push(issueAt(source, path, reason, part));
  };

  for (const [path, value] of [
    [['effectiveFrom'], document.effectiveFrom],
    [['period', 'start'], document.period.start],
    [['period', 'end'], document.period.end],
  ] as const) {
    if (!isCalendarDate(value)) at(path, `${value} is not a calendar date`);
  }
  // ISO dates compare correctly as text.
  if (document.period.end < document.period.start) {
    at(['period', 'end'], `the period ends (${document.period.end}) before it starts (${document.period.start})`);
  }
  if (document.effectiveFrom > document.period.end) {
    at(['effectiveFrom'], `takes effect (${document.effectiveFrom}) after the period ends (${document.period.end})`);
  }

  const quotaKeys = new Map<string, number>();
  (document.nationalQuotas ?? []).forEach((quota, index) => {
    const selectorIssue = selectorProblem(quota.appliesTo, ['item', 'family']);
    if (selectorIssue !== null) {
      at(['nationalQuotas', index, 'appliesTo'], selectorIssue);
      return;
    }
    if (quota.units === undefined && quota.tpp === undefined) {
      at(['nationalQuotas', index], 'a quota needs units, tpp or both');
    }
    const key = selectorKey(quota.appliesTo as QuotaSelector);
    const earlier = quotaKeys.get(key);
    if (earlier !== undefined) at(['nationalQuotas', index, 'appliesTo'], `the same items already have a quota at nationalQuotas[${earlier}]`);
    else quotaKeys.set(key, index);
  });

  let shareTotal = 0;
  for (const category of ORGANISATION_CATEGORIES) shareTotal += document.categories?.[category]?.budgetShareBasisPoints ?? 0;
  if (shareTotal > BASIS_POINTS_WHOLE) {
    at(
      ['categories'],
      `budget shares add up to ${formatInteger(shareTotal)} basis points (${formatBasisPoints(shareTotal)} %), more than 100 %`,
      'key',
    );
  }

  (document.groupCaps ?? []).forEach((cap, index) => {
    if (cap.appliesTo === undefined) return;
    const selectorIssue = selectorProblem(cap.appliesTo, ['item', 'family', 'classificationCode']);
    if (selectorIssue !== null) at(['groupCaps', index, 'appliesTo'], selectorIssue);
  });

  (document.technicalEnvelopes ?? []).forEach((envelope, index) => {
    if (envelope.appliesTo !== undefined) {
      const selectorIssue = selectorProblem(envelope.appliesTo, ['item', 'family', 'classificationCode']);
      if (selectorIssue !== null) at(['technicalEnvelopes', index, 'appliesTo'], selectorIssue);
    }
    if (envelope.tppBelow === undefined && envelope.memoryBandwidthGbPerSecondBelow === undefined) {
      at(['technicalEnvelopes', index], 'an envelope needs tppBelow, memoryBandwidthGbPerSecondBelow or both');
    }
  });

  const allowed = document.endUses?.allowed ?? [];
  const denied = document.endUses?.denied ?? [];
  for (const [listName, list] of [
    ['allowed', allowed],
    ['denied', denied],
  ] as const) {
    const seen = new Set<string>();
    list.forEach((endUse, index) => {
      if (seen.has(endUse)) at(['endUses', listName, index], `${endUse} is listed twice`);
      seen.add(endUse);
    });
  }
  denied.forEach((endUse, index) => {
    if (allowed.includes(endUse)) at(['endUses', 'denied', index], `${endUse} is both allowed and denied`);
  });

  checkHolds(document, at);
  return issues;
}

function checkHolds(document: PolicyDocument, at: (path: readonly PathSegment[], reason: string) => void): void {
  const holds = document.holds ?? [];
  const idIndex = new Map<string, number>();
  const windows: { index: number; key: string; kind: string; from: string; until: string | null }[] = [];
  holds.forEach((hold, index) => {
    const earlier = idIndex.get(hold.id);
    if (earlier !== undefined) at(['holds', index, 'id'], `hold ${hold.id} is already defined at holds[${earlier}]`);
    else idIndex.set(hold.id, index);

    const { level, ...targets } = hold.scope;
    const expected = level === 'global' ? null : level;
    for (const name of Object.keys(targets)) {
      if (name !== expected) at(['holds', index, 'scope', name], `does not belong to a scope of level ${level}`);
    }
    if (expected !== null && !(expected in targets)) at(['holds', index, 'scope'], `a scope of level ${level} needs the field ${expected}`);

    const from = normaliseInstant(hold.from);
    const until = hold.until === undefined ? null : normaliseInstant(hold.until);
    if (from === null) at(['holds', index, 'from'], `${hold.from} is not a real date and time`);
    if (hold.until !== undefined && until === null) at(['holds', index, 'until'], `${hold.until} is not a real date and time`);
    if (from === null || (hold.until !== undefined && until === null)) return;
    if (until !== null && until <= from) {
      at(['holds', index, 'until'], `the hold ends (${hold.until ?? ''}) before or when it starts (${hold.from})`);
      return;
    }
    windows.push({ index, key: holdScopeKey(toScope(hold.scope)), kind: hold.kind, from, until });
  });

  // Two holds of the same kind on the same scope at the same time would make lifting one of them
  // ambiguous; the regulator extends or shortens the one hold instead.
  for (let later = 0; later < windows.length; later += 1) {
    const b = windows[later]!;
    for (let earlier = 0; earlier < later; earlier += 1) {
      const a = windows[earlier]!;
      if (a.key !== b.key || a.kind !== b.kind) continue;
      const overlaps = (a.until === null || b.from < a.until) && (b.until === null || a.from < b.until);
      if (overlaps) {
        const other = holds[a.index]!;
        at(['holds', b.index, 'from'], `overlaps hold ${other.id} (holds[${a.index}]), a ${a.kind} on the same scope`);
        break;
      }
    }
  }
}

/** Null when the selector names exactly one of the allowed keys. */
function selectorProblem(selector: Record<string, unknown>, allowedKeys: readonly string[]): string | null {
  const keys = Object.keys(selector);
  if (keys.length === 1 && allowedKeys.includes(keys[0]!)) return null;
  return `name exactly one of ${allowedKeys.join(', ')}`;
}

function toScope(scope: NonNullable<PolicyDocument['holds']>[number]['scope']): HoldScope {
  // Called only after checkHolds has confirmed the level's target field is present.
  switch (scope.level) {
    case 'global':
      return { level: 'global' };
    case 'item':
      return { level: 'item', item: scope.item ?? '' };
    case 'family':
      return { level: 'family', family: scope.family ?? '' };
    case 'category':
      return { level: 'category', category: scope.category ?? 'other' };
    case 'organisation':
      return { level: 'organisation', organisation: scope.organisation ?? '' };
    case 'region':
      return { level: 'region', region: scope.region ?? '' };
  }
}

/** Fills in defaults (absent lists are empty, absent sections null) and normalises. */
function toPolicy(document: PolicyDocument): Policy {
  const categories: Partial<Record<OrganisationCategory, CategoryRule>> = {};
  for (const category of ORGANISATION_CATEGORIES) {
    const rule = document.categories?.[category];
    if (rule === undefined) continue;
    categories[category] = {
      access: rule.access,
      budgetShareBasisPoints: rule.budgetShareBasisPoints ?? null,
      note: rule.note ?? null,
      noteChinese: rule.noteChinese ?? null,
    };
  }
  const holds: Hold[] = (document.holds ?? []).map((hold) => ({
    id: hold.id,
    kind: hold.kind,
    scope: toScope(hold.scope),
    from: hold.from,
    until: hold.until ?? null,
    reasonCode: hold.reasonCode,
    reason: hold.reason,
    reasonChinese: hold.reasonChinese ?? null,
    placedBy: hold.placedBy,
  }));
  return normalisePolicy({
    id: document.id,
    title: document.title,
    effectiveFrom: document.effectiveFrom,
    period: { start: document.period.start, end: document.period.end },
    nationalQuotas: (document.nationalQuotas ?? []).map((quota) => ({
      appliesTo: quota.appliesTo as QuotaSelector,
      units: quota.units ?? null,
      tpp: quota.tpp ?? null,
    })),
    defaultAccess: document.defaultAccess,
    categories,
    groupCaps: (document.groupCaps ?? []).map((cap) => ({ appliesTo: (cap.appliesTo as ItemSelector | undefined) ?? null, unitsMax: cap.unitsMax })),
    adoptionCap: document.adoptionCap ?? null,
    domesticPairing: document.domesticPairing ?? null,
    technicalEnvelopes: (document.technicalEnvelopes ?? []).map((envelope) => ({
      appliesTo: (envelope.appliesTo as ItemSelector | undefined) ?? null,
      tppBelow: envelope.tppBelow ?? null,
      memoryBandwidthGbPerSecondBelow: envelope.memoryBandwidthGbPerSecondBelow ?? null,
    })),
    endUses: {
      allowed: document.endUses?.allowed ?? [],
      denied: document.endUses?.denied ?? [],
      domesticJustificationRequired: document.endUses?.domesticJustificationRequired ?? false,
    },
    licenceTerms: {
      validityDays: document.licenceTerms.validityDays,
      purchaseOrderWindowDays: document.licenceTerms.purchaseOrderWindowDays,
      attestationIntervalDays: document.licenceTerms.attestationIntervalDays,
      conditions: document.licenceTerms.conditions ?? [],
    },
    holds,
  });
}
