/**
 * The command line as an operator uses it: real child processes against a private database.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoPolicyPath } from '../demo/seed-demo.js';
import { databaseState, seedDemo } from '../demo/seed-demo.js';
import { operatorActor } from '../platform/actor.js';
import { runCli } from '../platform/test-support/run-cli.js';
import { countRows, openTestContext, testDialects } from '../platform/test-support/test-database.js';
import { createItem } from '../registry/index.js';

describe.each(testDialects())('gatehouse command line on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  afterEach(async () => {
    await context.database.close();
  });

  it('audit verify exits 0 on an intact chain and 1 naming the entry whose byte changed', async () => {
    context = await openTestContext(dialect);
    await seedDemo(context, operatorActor('test'));
    const intact = await runCli(['audit', 'verify'], context.database.environment);
    expect(intact.exitCode).toBe(0);
    expect(intact.stdout).toMatch(/audit chain intact: \d+ entries/);

    const victim = await context.database.db.selectFrom('audit_entries').select(['sequence', 'after_json']).where('sequence', '=', 7).executeTakeFirstOrThrow();
    await context.database.db.updateTable('audit_entries').set({ after_json: victim.after_json!.replace('"', "'") }).where('sequence', '=', 7).execute();
    const broken = await runCli(['audit', 'verify'], context.database.environment);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toMatch(/entry 7 \(.+\) was altered/);
  });

  it('migrate reports an up-to-date database', async () => {
    context = await openTestContext(dialect);
    const result = await runCli(['migrate'], context.database.environment);
    expect(result).toMatchObject({ exitCode: 0 });
    expect(result.stdout).toMatch(/already up to date/);
  });

  it('demo refuses a database that holds other data, even with --reset', async () => {
    context = await openTestContext(dialect);
    await createItem(context, operatorActor('test'), { name: 'Real item', vendor: 'V', classificationCode: 'c', origin: 'foreign', tpp: 1, memoryGb: 1, memoryBandwidthGbPerSecond: 1 });
    for (const args of [['demo', '--port', '0'], ['demo', '--port', '0', '--reset']]) {
      const result = await runCli(args, context.database.environment);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/not the demo's/);
    }
    expect(await countRows(context.database, 'items')).toBe(1);
    expect(await databaseState(context.database.db)).toBe('other');
  });

  it('user add and token create give a working sign-in; bad input exits 2', async () => {
    context = await openTestContext(dialect);
    const added = await runCli(['user', 'add', '--login', 'ann', '--role', 'reviewer'], context.database.environment);
    expect(added).toMatchObject({ exitCode: 0 });
    const token = await runCli(['token', 'create', '--user', 'ann', '--days', '7'], context.database.environment);
    expect(token.exitCode).toBe(0);
    expect(token.stdout.trim()).toMatch(/^gh_[A-Za-z0-9_-]{20,}$/);
    expect(await countRows(context.database, 'api_tokens')).toBe(1);
    const badRole = await runCli(['user', 'add', '--login', 'bob', '--role', 'emperor'], context.database.environment);
    expect(badRole.exitCode).toBe(2);
    expect(badRole.stderr).toMatch(/role must be one of/);
    const applicantWithoutOrganisation = await runCli(['user', 'add', '--login', 'cat', '--role', 'applicant'], context.database.environment);
    expect(applicantWithoutOrganisation.exitCode).toBe(2);
    const unknownCommand = await runCli(['frobnicate'], context.database.environment);
    expect(unknownCommand.exitCode).toBe(2);
  });
});

describe.each(testDialects())('gatehouse policy publish on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  afterEach(async () => {
    await context.database.close();
  });

  it('publishes once, says so on a repeat, and refuses a bad document with its line (exit 2)', async () => {
    context = await openTestContext(dialect);
    const path = demoPolicyPath();
    const first = await runCli(['policy', 'publish', path], context.database.environment);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/^published accelerators-2026 effective 2026-01-01: [0-9a-f]{64}\n$/);
    const again = await runCli(['policy', 'publish', path], context.database.environment);
    expect(again.stdout).toMatch(/^already published/);
    const broken = join(tmpdir(), `broken-policy-${process.pid}.yaml`);
    writeFileSync(broken, readFileSync(path, 'utf8').replace('foreignShareMaxBasisPoints: 5000', 'foreignShareMaxBasisPoints: 15000'));
    const refused = await runCli(['policy', 'publish', broken], context.database.environment);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/broken-policy-\d+\.yaml:\d+: adoptionCap\.foreignShareMaxBasisPoints/);
    expect(await countRows(context.database, 'audit_entries')).toBe(1);
  });
});
