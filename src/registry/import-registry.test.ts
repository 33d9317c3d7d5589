import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/index.js';
import { runCli } from '../platform/test-support/run-cli.js';
import { countRows, openTestContext, testActors, testDialects } from '../platform/test-support/test-database.js';
import * as read from './get-registry-records.js';
import { importRegistry } from './import-registry.js';

const GOOD_JSON = `{
  "items": [
    {"name": "NVIDIA H200 SXM 141 GB", "vendor": "NVIDIA", "classificationCode": "3A090.a", "family": "H200", "origin": "foreign",
     "tpp": 15832, "memoryGb": 141, "memoryBandwidthGbPerSecond": 4800},
    {"name": "Huawei Ascend 910C", "vendor": "Huawei", "classificationCode": "domestic", "origin": "domestic",
     "tpp": 12800, "memoryGb": 128, "memoryBandwidthGbPerSecond": 3200}
  ],
  "organisations": [
    {"legalName": "Alibaba Cloud Computing Co., Ltd.", "category": "cloud-provider", "parentLegalName": "Alibaba Group Holding Limited"},
    {"legalName": "Alibaba Group Holding Limited", "chineseName": "阿里巴巴集团", "category": "big-tech-platform", "aliases": ["Alibaba"]}
  ],
  "facilities": [
    {"organisationLegalName": "Alibaba Cloud Computing Co., Ltd.", "name": "Zhangbei", "region": "Hebei", "latitude": 41.16, "longitude": 114.7}
  ],
  "fleetDeclarations": [
    {"organisationLegalName": "Alibaba Group Holding Limited", "asOf": "2025-12-31", "periodStart": "2026-01-01", "periodEnd": "2026-12-31",
     "domesticUnitsCommitted": 1000, "holdings": [{"itemName": "Huawei Ascend 910C", "installedUnits": 400}]}
  ]
}
`;

describe.each(testDialects())('registry import on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  beforeEach(async () => {
    context = await openTestContext(dialect);
  });
  afterEach(async () => {
    await context.database.close();
  });

  it('imports every kind of record from JSON, parents first, all audited', async () => {
    const report = await importRegistry(context, testActors.operator, { name: 'registry.json', text: GOOD_JSON });
    expect(report).toEqual({ items: 2, organisations: 2, facilities: 1, fleetDeclarations: 1 });
    const organisations = await read.listOrganisations(context, testActors.reviewer, { limit: 10 });
    const head = organisations.items.find((organisation) => organisation.legalName.startsWith('Alibaba Group'))!;
    expect(organisations.items.find((organisation) => organisation.category === 'cloud-provider')?.parentId).toBe(head.id);
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: true, entries: 7 });
  });

  it('imports items from CSV', async () => {
    const csv = 'name,vendor,classificationCode,origin,tpp,memoryGb,memoryBandwidthGbPerSecond\nNVIDIA H20,NVIDIA,3A090.a,foreign,2368,96,4000\nCambricon MLU590,Cambricon,domestic,domestic,5000,80,2000\n';
    expect(await importRegistry(context, testActors.operator, { name: 'items.csv', text: csv })).toMatchObject({ items: 2 });
    expect((await read.listItems(context, testActors.reviewer, { limit: 10 })).items.map((item) => item.tpp).sort()).toEqual([2368, 5000]);
  });

  it('reports each bad row by line and imports nothing', async () => {
    const csv = 'name,vendor,classificationCode,origin,tpp,memoryGb,memoryBandwidthGbPerSecond\nGood,V,c,foreign,1,1,1\nBad,V,c,martian,1,1,1\nAlso bad,V,c,foreign,-5,1,1\n';
    await expect(importRegistry(context, testActors.operator, { name: 'items.csv', text: csv })).rejects.toMatchObject({
      code: 'validation_failed',
      extensions: { errors: [expect.objectContaining({ line: 3, field: 'items.origin' }), expect.objectContaining({ line: 4, field: 'items.tpp' })] },
    });
    const badJson = GOOD_JSON.replace('"tpp": 12800', '"tpp": 12800, "colour": "red"');
    await expect(importRegistry(context, testActors.operator, { name: 'registry.json', text: badJson })).rejects.toMatchObject({
      extensions: { errors: [expect.objectContaining({ line: 5, field: 'items.colour', message: 'is not a known field' })] },
    });
    expect(await countRows(context.database, 'items')).toBe(0);
    expect(await countRows(context.database, 'audit_entries')).toBe(0);
  });

  it('rolls back everything when a row breaks a rule found only while importing', async () => {
    const duplicate = GOOD_JSON.replace('"name": "Huawei Ascend 910C", "vendor"', '"name": "NVIDIA H200 SXM 141 GB", "vendor"');
    await expect(importRegistry(context, testActors.operator, { name: 'registry.json', text: duplicate })).rejects.toMatchObject({
      code: 'duplicate_name',
      extensions: { errors: [expect.objectContaining({ line: 5 })] },
    });
    const unknownParent = GOOD_JSON.replace('"parentLegalName": "Alibaba Group Holding Limited"', '"parentLegalName": "Nobody"');
    await expect(importRegistry(context, testActors.operator, { name: 'registry.json', text: unknownParent })).rejects.toMatchObject({
      extensions: { errors: [expect.objectContaining({ line: 9, field: 'parentLegalName' })] },
    });
    expect(await countRows(context.database, 'items')).toBe(0);
    expect(await countRows(context.database, 'organisations')).toBe(0);
    expect(await countRows(context.database, 'audit_entries')).toBe(0);
  });

  it('reports a JSON syntax error with its line', async () => {
    await expect(importRegistry(context, testActors.operator, { name: 'registry.json', text: '{\n"items": [\n{"name": }\n]}' })).rejects.toMatchObject({
      extensions: { errors: [expect.objectContaining({ line: 3, field: '(file)' })] },
    });
  });

  it('is refused to roles that do not keep the registry', async () => {
    await expect(importRegistry(context, testActors.reviewer, { name: 'registry.json', text: GOOD_JSON })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('exits 2 from the command line, naming the line, and imports nothing', async () => {
    const file = join(context.database.environment.GATEHOUSE_DB ? context.database.environment.GATEHOUSE_DB + '.items.csv' : '/tmp/gatehouse-import-test.csv');
    writeFileSync(file, 'name,vendor,classificationCode,origin,tpp,memoryGb,memoryBandwidthGbPerSecond\nGood,V,c,foreign,1,1,1\nBad,V,c,foreign,1.5,1,1\n');
    const failed = await runCli(['import', 'registry', file, '--kind', 'items'], context.database.environment);
    expect(failed.exitCode).toBe(2);
    expect(failed.stderr).toMatch(/line 3: items\.tpp/);
    expect(await countRows(context.database, 'items')).toBe(0);
    writeFileSync(file, 'name,vendor,classificationCode,origin,tpp,memoryGb,memoryBandwidthGbPerSecond\nGood,V,c,foreign,1,1,1\n');
    const succeeded = await runCli(['import', 'registry', file, '--kind', 'items'], context.database.environment);
    expect(succeeded).toMatchObject({ exitCode: 0 });
    expect(succeeded.stdout).toMatch(/imported 1 items/);
    expect(await countRows(context.database, 'items')).toBe(1);
  });
});
