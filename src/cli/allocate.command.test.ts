import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT_CODE_BAD_INPUT, registerAllocateCommand } from './allocate.command.js';

interface Captured {
  output: string;
  error: string;
  exitCode: number | undefined;
}

async function runCommand(argumentsAfterAllocate: readonly string[], standardInput = ''): Promise<Captured> {
  const captured: Captured = { output: '', error: '', exitCode: undefined };
  const program = new Command().exitOverride();
  registerAllocateCommand(program, {
    readStandardInput: () => Promise.resolve(standardInput),
    writeOutput: (text) => {
      captured.output += text;
    },
    writeError: (text) => {
      captured.error += text;
    },
    setExitCode: (code) => {
      captured.exitCode = code;
    },
  });
  await program.parseAsync(['allocate', ...argumentsAfterAllocate], { from: 'user' });
  return captured;
}

const problem = {
  budget: 12,
  method: 'tiered',
  inner: 'max-min',
  minLot: 2,
  applications: [
    { id: 'alpha', demand: 5, tier: 1, submittedAt: '2026-01-05T09:00:00Z' },
    { id: 'beta', demand: 20, cap: 6, tier: 2 },
    { id: 'gamma', demand: 8, tier: 2, submittedAt: '2026-01-05T08:00:00Z' },
    { id: 'delta', demand: 1, tier: 2 },
  ],
};

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gatehouse-allocate-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('gatehouse allocate', () => {
  it('reads a file and prints the report, nothing on standard error', async () => {
    const file = join(directory, 'problem.json');
    await writeFile(file, JSON.stringify(problem));
    const run = await runCommand([file]);
    expect(run.error).toBe('');
    expect(run.exitCode).toBeUndefined();
    const report = JSON.parse(run.output);
    // Tier 1: alpha 5. Tier 2 shares 7 by max-min: delta 1 (below the lot of 2, removed), then
    // beta and gamma share 7: level 7/2, 3 each and the leftover unit to gamma (earlier).
    expect(report.grants).toEqual([
      { id: 'alpha', units: 5, boundBy: 'demand' },
      { id: 'beta', units: 3, boundBy: 'budget' },
      { id: 'gamma', units: 4, boundBy: 'budget' },
      { id: 'delta', units: 0, boundBy: 'min-lot' },
    ]);
    expect(report.minLotRounds).toEqual([{ round: 1, removed: ['delta'] }]);
    expect(report.granted).toBe(12);
  });

  it('reads standard input for "-" and when no file is given, byte for byte the same', async () => {
    const file = join(directory, 'same.json');
    await writeFile(file, JSON.stringify(problem, null, 2));
    const fromFile = await runCommand([file]);
    const fromDash = await runCommand(['-'], JSON.stringify(problem));
    const fromNothing = await runCommand([], JSON.stringify(problem));
    expect(fromDash.output).toBe(fromFile.output);
    expect(fromNothing.output).toBe(fromFile.output);
  });

  it('names each bad field on standard error, exits 2 and prints nothing', async () => {
    const bad = {
      budget: 10,
      method: 'max-min',
      applications: [{ id: 'a', demand: 1 }, { id: 'b', demand: 1 }, { id: 'c', demand: 1 }, { id: 'd', demand: -4 }],
    };
    const run = await runCommand(['-'], JSON.stringify(bad));
    expect(run.output).toBe('');
    expect(run.exitCode).toBe(EXIT_CODE_BAD_INPUT);
    expect(run.error).toBe('gatehouse allocate: applications[3].demand: must be an integer ≥ 0\n');

    const several = await runCommand(['-'], JSON.stringify({ method: 'lottery', applications: [{ id: 'a', demand: 1, colour: 'red' }] }));
    expect(several.error.split('\n')).toEqual([
      'gatehouse allocate: budget: is required',
      'gatehouse allocate: method: must be one of "fcfs", "pro-rata", "max-min", "weighted", "tiered"',
      'gatehouse allocate: applications[0].colour: is not a known field',
      '',
    ]);
    expect(several.exitCode).toBe(2);
  });

  it('reports unreadable files and invalid JSON with exit code 2', async () => {
    const missing = await runCommand([join(directory, 'absent.json')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.output).toBe('');
    expect(missing.error).toMatch(/^gatehouse allocate: .*absent\.json: cannot be read \(ENOENT/);

    const broken = await runCommand(['-'], '{"budget": ');
    expect(broken.exitCode).toBe(2);
    expect(broken.output).toBe('');
    expect(broken.error).toMatch(/^gatehouse allocate: input: is not valid JSON/);
  });

  it('writes to the real process streams by default', async () => {
    const file = join(directory, 'default.json');
    await writeFile(file, JSON.stringify(problem));
    const program = new Command().exitOverride();
    registerAllocateCommand(program);
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['allocate', file], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(written.join('')).method).toBe('tiered');
  });
});
