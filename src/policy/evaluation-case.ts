/**
 * An evaluation case: everything `gatehouse evaluate` needs besides the policy, in one JSON (or
 * YAML) document. Checked like a policy document, with the line and the field of each problem,
 * then turned into an EvaluationInput. Pure.
 */
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { ORGANISATION_CATEGORIES } from '../registry/organisation.js';
import { isCalendarDate, normaliseInstant } from './calendar.js';
import type { EvaluationInput, ItemUnits } from './evaluation.js';
import type { PolicyItem } from './policy.js';
import { CalendarDate, Count, Instant, PositiveCount, Text } from './policy.schema.js';
import { issueAt, readSourceDocument, schemaIssues, withRuleIssues, withoutNullFields } from './source-document.js';
import type { DocumentIssue, PathSegment, ReadResult, SourceDocument } from './source-document.js';

/** A case is a hand-written or exported snapshot; its lists are bounded like a policy's. */
const CASE_LIST_ENTRIES_MAX = 100_000;
const strict = { additionalProperties: false } as const;
const ItemUnitsSchema = Type.Object({ item: Text, units: Count }, strict);

export const EvaluationCaseSchema = Type.Object(
  {
    now: Instant,
    application: Type.Object(
      {
        id: Type.Optional(Text),
        item: Text,
        quantity: PositiveCount,
        endUse: Text,
        domesticJustification: Type.Optional(Type.String({ maxLength: 10_000 })),
        region: Type.Optional(Text),
      },
      strict,
    ),
    organisation: Type.Object(
      {
        id: Text,
        legalName: Type.Optional(Text),
        chineseName: Type.Optional(Text),
        category: Type.Enum([...ORGANISATION_CATEGORIES]),
        parentId: Type.Optional(Text),
      },
      strict,
    ),
    groupMembers: Type.Optional(Type.Array(Text, { maxItems: CASE_LIST_ENTRIES_MAX })),
    items: Type.Array(
      Type.Object(
        {
          id: Text,
          name: Text,
          vendor: Type.Optional(Text),
          family: Text,
          classificationCode: Text,
          origin: Type.Enum(['foreign', 'domestic']),
          tpp: Count,
          memoryGb: Type.Optional(Count),
          memoryBandwidthGbPerSecond: Count,
          unitsPerPackage: Type.Optional(PositiveCount),
        },
        strict,
      ),
      { minItems: 1, maxItems: CASE_LIST_ENTRIES_MAX },
    ),
    fleet: Type.Optional(
      Type.Object(
        {
          asOf: CalendarDate,
          holdings: Type.Array(Type.Object({ item: Text, installedUnits: Count }, strict), { maxItems: CASE_LIST_ENTRIES_MAX }),
          domesticUnitsCommitted: Count,
        },
        strict,
      ),
    ),
    grants: Type.Optional(
      Type.Array(Type.Object({ organisation: Text, item: Text, units: PositiveCount, grantedAt: Instant }, strict), {
        maxItems: CASE_LIST_ENTRIES_MAX,
      }),
    ),
    nationalGranted: Type.Optional(Type.Array(ItemUnitsSchema, { maxItems: CASE_LIST_ENTRIES_MAX })),
    categoryGranted: Type.Optional(Type.Array(ItemUnitsSchema, { maxItems: CASE_LIST_ENTRIES_MAX })),
  },
  strict,
);

export type EvaluationCaseDocument = Static<typeof EvaluationCaseSchema>;

export function parseEvaluationCase(text: string): ReadResult<EvaluationInput> {
  const read = readSourceDocument(text);
  if (!read.ok) return read;
  const shapeIssues = schemaIssues(read.value, EvaluationCaseSchema);
  // As for policies (policy-document.ts): typed once the schema accepts it, read defensively before.
  const document = withoutNullFields(read.value.value) as EvaluationCaseDocument;
  const issues = withRuleIssues(shapeIssues, () => caseIssues(read.value, document));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: toInput(document) };
}

function caseIssues(source: SourceDocument, document: EvaluationCaseDocument): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const at = (path: readonly PathSegment[], reason: string): void => {
    issues.push(issueAt(source, path, reason));
  };
  if (normaliseInstant(document.now) === null) at(['now'], `${document.now} is not a real date and time`);

  const itemIds = new Set<string>();
  document.items.forEach((item, index) => {
    if (itemIds.has(item.id)) at(['items', index, 'id'], `item ${item.id} is listed twice`);
    itemIds.add(item.id);
  });
  const knownItem = (path: readonly PathSegment[], itemId: string): void => {
    if (!itemIds.has(itemId)) at(path, `${itemId} is not among the case's items`);
  };
  knownItem(['application', 'item'], document.application.item);

  const members = document.groupMembers ?? [document.organisation.id];
  if (!members.includes(document.organisation.id)) {
    at(['groupMembers'], `must include the organisation itself (${document.organisation.id})`);
  }

  if (document.fleet !== undefined) {
    if (!isCalendarDate(document.fleet.asOf)) at(['fleet', 'asOf'], `${document.fleet.asOf} is not a calendar date`);
    checkItemUnits(
      document.fleet.holdings.map((holding) => ({ item: holding.item, units: holding.installedUnits })),
      ['fleet', 'holdings'],
      knownItem,
      at,
    );
  }
  (document.grants ?? []).forEach((grant, index) => {
    knownItem(['grants', index, 'item'], grant.item);
    if (!members.includes(grant.organisation)) at(['grants', index, 'organisation'], `${grant.organisation} is not a member of the group`);
    if (normaliseInstant(grant.grantedAt) === null) at(['grants', index, 'grantedAt'], `${grant.grantedAt} is not a real date and time`);
  });
  const national = checkItemUnits(document.nationalGranted ?? [], ['nationalGranted'], knownItem, at);
  const category = checkItemUnits(document.categoryGranted ?? [], ['categoryGranted'], knownItem, at);
  // The category's grants are part of the national grants, so they cannot be larger.
  (document.categoryGranted ?? []).forEach((entry, index) => {
    const nationalUnits = national.get(entry.item) ?? 0;
    if ((category.get(entry.item) ?? 0) > nationalUnits) {
      at(['categoryGranted', index, 'units'], `more than the ${nationalUnits} units granted nationally for ${entry.item}`);
    }
  });
  return issues;
}

function checkItemUnits(
  entries: readonly { item: string; units: number }[],
  path: readonly PathSegment[],
  knownItem: (path: readonly PathSegment[], itemId: string) => void,
  at: (path: readonly PathSegment[], reason: string) => void,
): Map<string, number> {
  const totals = new Map<string, number>();
  entries.forEach((entry, index) => {
    knownItem([...path, index, 'item'], entry.item);
    if (totals.has(entry.item)) at([...path, index, 'item'], `${entry.item} is listed twice; give one total per item`);
    totals.set(entry.item, entry.units);
  });
  return totals;
}

function toItemUnits(entries: readonly { item: string; units: number }[]): ItemUnits[] {
  return entries.map((entry) => ({ itemId: entry.item, units: entry.units }));
}

function toInput(document: EvaluationCaseDocument): EvaluationInput {
  const items = new Map<string, PolicyItem>();
  for (const item of document.items) {
    items.set(item.id, {
      id: item.id,
      name: item.name,
      family: item.family,
      classificationCode: item.classificationCode,
      origin: item.origin,
      tpp: item.tpp,
      memoryBandwidthGbPerSecond: item.memoryBandwidthGbPerSecond,
    });
  }
  const { application, organisation, fleet } = document;
  return {
    application: {
      id: application.id ?? null,
      organisationId: organisation.id,
      itemId: application.item,
      quantity: application.quantity,
      endUse: application.endUse,
      domesticJustification: application.domesticJustification ?? null,
      region: application.region ?? null,
    },
    organisation: { id: organisation.id, category: organisation.category, parentId: organisation.parentId ?? null },
    groupMemberIds: document.groupMembers ?? [organisation.id],
    fleet:
      fleet === undefined
        ? null
        : {
            asOf: fleet.asOf,
            holdings: fleet.holdings.map((holding) => ({ itemId: holding.item, installedUnits: holding.installedUnits })),
            domesticUnitsCommitted: fleet.domesticUnitsCommitted,
          },
    grants: (document.grants ?? []).map((grant) => ({
      organisationId: grant.organisation,
      itemId: grant.item,
      units: grant.units,
      // Normalised so that grant dates compare as text with the declaration's as-of date.
      grantedAt: normaliseInstant(grant.grantedAt) ?? grant.grantedAt,
    })),
    nationalGranted: toItemUnits(document.nationalGranted ?? []),
    categoryGranted: toItemUnits(document.categoryGranted ?? []),
    items,
    now: normaliseInstant(document.now) ?? document.now,
  };
}
