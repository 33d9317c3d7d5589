/**
 * The policy commands run as a user runs them: in a child process, with real files, exit codes
 * and standard error. The child registers src/cli/policy.command.ts on a bare program, so the
 * test needs neither the rest of the command line nor a database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from './policy-document.js';
import { policyHash } from './compute-policy-hash.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMMANDS = pathToFileURL(join(ROOT, 'src/cli/policy.command.ts')).href;
const POLICY = 'examples/policies/2026-accelerators.yaml';
const CASE = 'examples/cases/platform-h200-adoption-cap.json';

const SCRIPT = `
import { Command } from 'commander';
import { registerPolicyCommands } from ${JSON.stringify(COMMANDS)};
const program = new Command('gatehouse').exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
registerPolicyCommands(program);
await program.parseAsync(process.argv.slice(1), { from: 'user' });
`;

interface Run {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

function gatehouse(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-policy-'));
const exampleText = readFileSync(join(ROOT, POLICY), 'utf8');

describe('gatehouse policy and evaluate', { timeout: 60_000 }, () => {
  it('policy validate prints the version hash of a valid document', async () => {
    const parsed = parsePolicyDocument(exampleText);
    if (!parsed.ok) throw new Error('the example policy is invalid');
    const run = await gatehouse('policy', 'validate', POLICY);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`sha256 ${policyHash(parsed.value)}`);
    expect(run.stderr).toBe('');
  });

  it('policy validate exits 2 with FILE:LINE: field: reason lines on standard error', async () => {
    const file = join(scratch, 'bad.yaml');
    writeFileSync(file, exampleText.replace('    units: 700000', '    units: -700000').replace('defaultAccess: review', 'defaultAccess: review\nsurprise: true'));
    const run = await gatehouse('policy', 'validate', file);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    const lines = exampleText.split('\n');
    const unitsLine = lines.findIndex((line) => line === '    units: 700000') + 1;
    const accessLine = lines.findIndex((line) => line === 'defaultAccess: review') + 1;
    expect(run.stderr).toBe(`${file}:${unitsLine}: nationalQuotas[0].units: must not be negative\n${file}:${accessLine + 1}: surprise: unknown field\n`);
  });

  it('policy diff says what changed and exits 1; the same version exits 0', async () => {
    const file = join(scratch, 'changed.yaml');
    writeFileSync(file, exampleText.replace('foreignShareMaxBasisPoints: 5000', 'foreignShareMaxBasisPoints: 4500'));
    const changed = await gatehouse('policy', 'diff', POLICY, file);
    expect(changed.exitCode).toBe(1);
    expect(changed.stdout).toMatch(/^1 change from [0-9a-f]{12} to [0-9a-f]{12}:\n- adoption cap changed from 50 % to 45 %\n$/);
    const same = await gatehouse('policy', 'diff', POLICY, POLICY);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toMatch(/^no changes/);
  });

  it('evaluate prints the evaluation as JSON, and as a table', async () => {
    const json = await gatehouse('evaluate', '--policy', POLICY, '--case', CASE);
    expect(json.exitCode).toBe(0);
    const evaluation = JSON.parse(json.stdout) as { admissibleUnits: number; policyHash: string; outcome: string };
    expect(evaluation).toMatchObject({ admissibleUnits: 85_664, outcome: 'limit' });
    expect(evaluation.policyHash).toMatch(/^[0-9a-f]{64}$/);
    const table = await gatehouse('evaluate', '--policy', POLICY, '--case', CASE, '--table', '--language', 'chinese');
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toContain('结果：限量；可批准数量：申请 100,000 台，可批准 85,664 台；受采用率上限约束');
  });

  it('evaluate exits 2 on an invalid case, naming its line', async () => {
    const file = join(scratch, 'case.json');
    writeFileSync(file, readFileSync(join(ROOT, CASE), 'utf8').replace('"quantity": 100000', '"quantity": -1'));
    const run = await gatehouse('evaluate', '--policy', POLICY, '--case', file);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: application\\.quantity: must be at least 1\\n$`));
  });
});
