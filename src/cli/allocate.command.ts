/**
 * `gatehouse allocate [FILE|-]`: reads an allocation problem as JSON (from FILE, or standard input
 * when FILE is "-" or absent) and prints the allocation report as JSON. A thin front door over
 * the allocation module's runAllocation use case; docs/allocation.md is the contract.
 *
 * Exit codes: 0 with the report on standard output; 2 when the input cannot be read or is not a
 * valid problem, with one "gatehouse allocate: <field>: <message>" line per problem on standard
 * error and nothing on standard output. The exit code is set on process.exitCode, never by
 * process.exit, so that the caller (and tests) stay in control.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { runAllocation } from '../allocation/index.js';

/** Exit code for input that cannot be read or is not a valid problem. */
export const EXIT_CODE_BAD_INPUT = 2;

/** Where the command reads and writes; tests replace these. */
export interface AllocateCommandInputOutput {
  readonly readStandardInput: () => Promise<string>;
  readonly writeOutput: (text: string) => void;
  readonly writeError: (text: string) => void;
  readonly setExitCode: (code: number) => void;
}

async function readProcessStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

const processInputOutput: AllocateCommandInputOutput = {
  readStandardInput: readProcessStandardInput,
  writeOutput: (text) => {
    process.stdout.write(text);
  },
  writeError: (text) => {
    process.stderr.write(text);
  },
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

export function registerAllocateCommand(program: Command, inputOutput: AllocateCommandInputOutput = processInputOutput): void {
  program
    .command('allocate')
    .description(
      'divide a budget of whole units among applications (fcfs, pro-rata, max-min, weighted, tiered; ' +
        'category shares, minimum lot) and print the grants as JSON; see docs/allocation.md',
    )
    .argument('[file]', 'problem JSON file; "-" or absent reads standard input')
    .action(async (file: string | undefined) => {
      await allocateFromFile(file, inputOutput);
    });
}

async function allocateFromFile(file: string | undefined, inputOutput: AllocateCommandInputOutput): Promise<void> {
  const isStandardInput = file === undefined || file === '-';
  let text: string;
  try {
    text = isStandardInput ? await inputOutput.readStandardInput() : await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    inputOutput.writeError(`gatehouse allocate: ${isStandardInput ? 'standard input' : file}: cannot be read (${reason})\n`);
    inputOutput.setExitCode(EXIT_CODE_BAD_INPUT);
    return;
  }
  const run = runAllocation(text);
  if (!run.ok) {
    const lines = run.issues.map((issue) => `gatehouse allocate: ${issue.field === '' ? 'input' : issue.field}: ${issue.message}\n`);
    inputOutput.writeError(lines.join(''));
    inputOutput.setExitCode(EXIT_CODE_BAD_INPUT);
    return;
  }
  inputOutput.writeOutput(run.text);
}
