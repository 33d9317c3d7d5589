/**
 * Use case: import catalogue entries, organisations, facilities and fleet declarations from a file.
 * All or nothing: every row is checked first, and if any is wrong the report names each bad row by
 * line and nothing is imported; otherwise all rows go in one transaction with their audit entries.
 */
import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError, isDomainError } from '../platform/errors.js';
import { describeValidationIssues, type ValidationIssue } from '../platform/validation-issues.js';
import { addFacility } from './create-facility.js';
import { addItem } from './create-item.js';
import { addOrganisation } from './create-organisation.js';
import { addFleetDeclaration } from './declare-fleet.js';
import { IMPORT_ROWS_MAX, readImportFile, type ImportFileProblem, type ImportKind, type ImportRow } from './registry-import-file.js';
import { FacilityInput, FleetDeclarationInput, ItemInput, OrganisationInput } from './registry.schema.js';
import { findItemIdByName, findOrganisationIdByLegalName } from './registry.store.js';

const closed = { additionalProperties: false } as const;
const LegalName = Type.String({ minLength: 1, maxLength: 300 });
const OrganisationRow = Type.Object({ ...Type.Omit(OrganisationInput, ['parentId']).properties, parentLegalName: Type.Optional(LegalName) }, closed);
const FacilityRow = Type.Object({ ...Type.Omit(FacilityInput, ['organisationId']).properties, organisationLegalName: LegalName }, closed);
const HoldingRow = Type.Object({ itemName: Type.String({ minLength: 1, maxLength: 200 }), installedUnits: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) }, closed);
const FleetRow = Type.Object(
  { ...Type.Omit(FleetDeclarationInput, ['organisationId', 'holdings']).properties, organisationLegalName: LegalName, holdings: Type.Array(HoldingRow, { maxItems: 500 }) },
  closed,
);

const ROW_SCHEMAS = {
  items: Compile(ItemInput),
  organisations: Compile(OrganisationRow),
  facilities: Compile(FacilityRow),
  fleetDeclarations: Compile(FleetRow),
} satisfies Record<ImportKind, { Check(value: unknown): boolean; Errors(value: unknown): unknown[] }>;

export interface ImportReport {
  items: number;
  organisations: number;
  facilities: number;
  fleetDeclarations: number;
}

/** The problems reported at most: enough to fix a file, without drowning the reader. */
const PROBLEMS_REPORTED_MAX = 50;

export async function importRegistry(context: AppContext, actor: Actor, file: { name: string; text: string; kind?: ImportKind }): Promise<ImportReport> {
  authorise(actor, 'registry.import');
  const { rows, problems } = readImportFile(file.name, file.text, file.kind);
  if (rows.length > IMPORT_ROWS_MAX) problems.push({ line: 1, field: '(file)', message: `holds ${rows.length} rows; at most ${IMPORT_ROWS_MAX} per import` });
  for (const row of rows) problems.push(...checkShape(row));
  throwIfAny(problems);

  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const report: ImportReport = { items: 0, organisations: 0, facilities: 0, fleetDeclarations: 0 };
    // Order matters: items and organisations first, since facilities and fleets refer to them.
    for (const kind of ['items', 'organisations', 'facilities', 'fleetDeclarations'] as const) {
      const ofKind = kind === 'organisations' ? parentsFirst(rows.filter((row) => row.kind === kind)) : rows.filter((row) => row.kind === kind);
      for (const row of ofKind) {
        await atLine(row, () => importRow(trx, actor, now, row));
        report[kind] += 1;
      }
    }
    await recordAuditEvent(trx, actor, now, { eventType: 'registry.imported', subjectType: 'registry', subjectId: file.name.slice(-64), before: null, after: report });
    return report;
  });
}

async function importRow(trx: Kysely<Database>, actor: Actor, now: Date, row: ImportRow): Promise<void> {
  switch (row.kind) {
    case 'items':
      await addItem(trx, actor, now, row.value as Static<typeof ItemInput>);
      return;
    case 'organisations': {
      const { parentLegalName, ...rest } = row.value as Static<typeof OrganisationRow>;
      const parentId = parentLegalName === undefined ? null : await organisationIdOf(trx, parentLegalName, 'parentLegalName');
      await addOrganisation(trx, actor, now, { ...rest, parentId });
      return;
    }
    case 'facilities': {
      const { organisationLegalName, ...rest } = row.value as Static<typeof FacilityRow>;
      await addFacility(trx, actor, now, { ...rest, organisationId: await organisationIdOf(trx, organisationLegalName, 'organisationLegalName') });
      return;
    }
    case 'fleetDeclarations': {
      const { organisationLegalName, holdings, ...rest } = row.value as Static<typeof FleetRow>;
      const resolved = [];
      for (const [index, holding] of holdings.entries()) {
        const itemId = await findItemIdByName(trx, holding.itemName);
        if (itemId === undefined) throw new DomainError('unknown_reference', `no item named "${holding.itemName}"`, { field: `holdings.${index}.itemName` });
        resolved.push({ itemId, installedUnits: holding.installedUnits });
      }
      await addFleetDeclaration(trx, actor, now, { ...rest, organisationId: await organisationIdOf(trx, organisationLegalName, 'organisationLegalName'), holdings: resolved });
      return;
    }
  }
}

async function organisationIdOf(trx: Kysely<Database>, legalName: string, field: string): Promise<string> {
  const id = await findOrganisationIdByLegalName(trx, legalName);
  if (id === undefined) throw new DomainError('unknown_reference', `no organisation named "${legalName}" (in the database or earlier in the file)`, { field });
  return id;
}

/** Rethrows a refusal with the line of the row that caused it; the transaction rolls back. */
async function atLine(row: ImportRow, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const field = error.field ?? '(row)';
    throw new DomainError(error.code === 'duplicate_name' || error.code === 'duplicate_record' ? error.code : 'validation_failed', `line ${row.line}: ${row.kind}.${field}: ${error.message}`, {
      field: `${row.kind}.${field}`,
      extensions: { errors: [{ line: row.line, field, message: error.message }] },
    });
  }
}

/** Organisations whose parent is in the same file come after it, whatever their order there. */
function parentsFirst(rows: ImportRow[]): ImportRow[] {
  const byName = new Map(rows.map((row) => [(row.value as { legalName: string }).legalName, row]));
  const ordered: ImportRow[] = [];
  const placed = new Set<ImportRow>();
  const place = (row: ImportRow, depth: number): void => {
    if (placed.has(row) || depth > 100) return;
    const parentName = (row.value as { parentLegalName?: string }).parentLegalName;
    const parent = parentName === undefined ? undefined : byName.get(parentName);
    if (parent !== undefined) place(parent, depth + 1);
    placed.add(row);
    ordered.push(row);
  };
  for (const row of rows) place(row, 0);
  return ordered;
}

function checkShape(row: ImportRow): ImportFileProblem[] {
  const validator = ROW_SCHEMAS[row.kind] as { Check(value: unknown): boolean; Errors(value: unknown): ValidationIssue[] };
  if (validator.Check(row.value)) return [];
  return describeValidationIssues(validator.Errors(row.value), row.kind)
    .slice(0, 5)
    .map((problem) => ({ line: row.line, ...problem }));
}

function throwIfAny(problems: ImportFileProblem[]): void {
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw new DomainError('validation_failed', `line ${first.line}: ${first.field}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, {
    field: first.field,
    extensions: { errors: problems.slice(0, PROBLEMS_REPORTED_MAX) },
  });
}
