/** Queries of published policy versions and of holds placed between versions. */
import type { Kysely } from 'kysely';
import type { Database, PolicyHoldTable, PolicyVersionTable } from '../platform/database-tables.js';
import type { Hold, HoldKind, HoldScope, Policy } from './policy.js';

type Db = Kysely<Database>;

export interface PolicyVersion {
  hash: string;
  policyId: string;
  title: string;
  effectiveFrom: string;
  periodStart: string;
  periodEnd: string;
  policy: Policy;
  /** The document as published (YAML or JSON), kept for people to read. */
  sourceText: string;
  publishedAt: string;
  publishedBy: string;
}

/** A hold placed (and perhaps lifted) by an officer between policy versions. */
export interface PlacedHold extends Hold {
  policyId: string;
  placedAt: string;
  liftedBy: string | null;
  liftedAt: string | null;
  version: number;
}

export async function insertPolicyVersion(db: Db, version: PolicyVersion, canonicalJson: string): Promise<void> {
  await db
    .insertInto('policy_versions')
    .values({
      hash: version.hash,
      policy_id: version.policyId,
      title: version.title,
      effective_from: version.effectiveFrom,
      period_start: version.periodStart,
      period_end: version.periodEnd,
      canonical_json: canonicalJson,
      source_text: version.sourceText,
      published_at: version.publishedAt,
      published_by: version.publishedBy,
    })
    .execute();
}

export async function findPolicyVersion(db: Db, hash: string): Promise<PolicyVersion | undefined> {
  const row = await db.selectFrom('policy_versions').selectAll().where('hash', '=', hash).executeTakeFirst();
  return row && versionFromRow(row);
}

/** The latest version of a policy line by effective date, then by publication. */
export async function findLatestVersionOfLine(db: Db, policyId: string): Promise<PolicyVersion | undefined> {
  const row = await db.selectFrom('policy_versions').selectAll().where('policy_id', '=', policyId).orderBy('effective_from', 'desc').orderBy('published_at', 'desc').limit(1).executeTakeFirst();
  return row && versionFromRow(row);
}

/**
 * The version in force on a day: of the versions effective on or before it whose period contains
 * it, the one effective latest (a later publication wins a tie).
 */
export async function findVersionInForce(db: Db, day: string): Promise<PolicyVersion | undefined> {
  const row = await versionsInForceFirst(db, day).selectAll().executeTakeFirst();
  return row && versionFromRow(row);
}

/** The rule of `findVersionInForce` as a query: the version in force on `day` comes first. */
function versionsInForceFirst(db: Db, day: string) {
  return db
    .selectFrom('policy_versions')
    .where('effective_from', '<=', day)
    .where('period_start', '<=', day)
    .where('period_end', '>=', day)
    .orderBy('effective_from', 'desc')
    .orderBy('published_at', 'desc')
    .limit(1);
}

/**
 * Which version is in force on a day (the same rule as `findVersionInForce`), without reading the
 * document: its hash and publication time, which identify the stored row for good.
 */
export async function findVersionKeyInForce(db: Db, day: string): Promise<{ hash: string; publishedAt: string } | undefined> {
  const row = await versionsInForceFirst(db, day).select(['hash', 'published_at']).executeTakeFirst();
  return row && { hash: row.hash, publishedAt: row.published_at };
}

export async function listPolicyVersions(db: Db, limit: number, afterPublishedAt?: string): Promise<PolicyVersion[]> {
  let query = db.selectFrom('policy_versions').selectAll();
  if (afterPublishedAt !== undefined) query = query.where('published_at', '<', afterPublishedAt);
  const rows = await query.orderBy('published_at', 'desc').limit(limit).execute();
  return rows.map(versionFromRow);
}

function versionFromRow(row: PolicyVersionTable): PolicyVersion {
  return {
    hash: row.hash,
    policyId: row.policy_id,
    title: row.title,
    effectiveFrom: row.effective_from,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    policy: JSON.parse(row.canonical_json) as Policy,
    sourceText: row.source_text,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
  };
}

export async function insertHold(db: Db, hold: PlacedHold): Promise<void> {
  await db.insertInto('policy_holds').values(holdToRow(hold)).execute();
}

export async function updateHoldRow(db: Db, hold: PlacedHold, expectedVersion: number): Promise<boolean> {
  const result = await db.updateTable('policy_holds').set(holdToRow(hold)).where('id', '=', hold.id).where('version', '=', expectedVersion).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function findHold(db: Db, id: string): Promise<PlacedHold | undefined> {
  const row = await db.selectFrom('policy_holds').selectAll().where('id', '=', id).executeTakeFirst();
  return row && holdFromRow(row);
}

export async function listHolds(db: Db, policyId: string): Promise<PlacedHold[]> {
  const rows = await db.selectFrom('policy_holds').selectAll().where('policy_id', '=', policyId).orderBy('starts_at').execute();
  return rows.map(holdFromRow);
}

function holdToRow(hold: PlacedHold): PolicyHoldTable {
  return {
    id: hold.id,
    policy_id: hold.policyId,
    kind: hold.kind,
    scope_json: JSON.stringify(hold.scope),
    starts_at: hold.from,
    ends_at: hold.until,
    reason_code: hold.reasonCode,
    reason: hold.reason,
    reason_chinese: hold.reasonChinese,
    placed_by: hold.placedBy,
    placed_at: hold.placedAt,
    lifted_by: hold.liftedBy,
    lifted_at: hold.liftedAt,
    version: hold.version,
  };
}

function holdFromRow(row: PolicyHoldTable): PlacedHold {
  return {
    id: row.id,
    policyId: row.policy_id,
    kind: row.kind as HoldKind,
    scope: JSON.parse(row.scope_json) as HoldScope,
    from: row.starts_at,
    until: row.ends_at,
    reasonCode: row.reason_code,
    reason: row.reason,
    reasonChinese: row.reason_chinese,
    placedBy: row.placed_by,
    placedAt: row.placed_at,
    liftedBy: row.lifted_by,
    liftedAt: row.lifted_at,
    version: Number(row.version),
  };
}
