/**
 * `gatehouse policy validate FILE`, `gatehouse policy diff A B` and
 * `gatehouse evaluate --policy FILE --case FILE [--table]`: thin front doors over the policy
 * module's pure functions; docs/policy.md is the contract.
 *
 * Exit codes:
 *  - 0: valid (validate), identical (diff), evaluated (evaluate);
 *  - 1: `policy diff` found differences, as diff(1) does, so scripts can ask "did it change?";
 *  - 2: a file cannot be read or is not a valid document: one `FILE:LINE: field: reason` line per
 *    problem on standard error and nothing on standard output.
 * The exit code is set on process.exitCode, never by process.exit, so callers and tests stay in
 * control.
 *
 * Extension point: registerPolicyCommands returns the `policy` command, so that
 * `policy publish FILE` (storage, added by the publishing use case) can be registered on it and
 * reuse readPolicyFile, which prints problems and sets exit code 2 the same way:
 *
 *   const { policy } = registerPolicyCommands(program);
 *   policy.command('publish').argument('<file>').action(async (file) => {
 *     const read = await readPolicyFile(file);
 *     if (read === null) return;
 *     … publish read.policy under read.hash (policyHash of its canonical form) …
 *   });
 */
import { readFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import {
  canonicalPolicyJson,
  compilePolicy,
  diffPolicies,
  evaluateApplication,
  formatEvaluationTable,
  formatIssues,
  LANGUAGES,
  parseEvaluationCase,
  parsePolicyDocument,
  policyHash,
} from '../policy/index.js';
import type { DocumentIssue, Language, Policy, ReadResult } from '../policy/index.js';

export const EXIT_CODE_DIFFERENT = 1;
export const EXIT_CODE_BAD_INPUT = 2;

/** Where the commands read and write; tests replace these. */
export interface PolicyCommandInputOutput {
  readonly readTextFile: (path: string) => Promise<string>;
  readonly writeOutput: (text: string) => void;
  readonly writeError: (text: string) => void;
  readonly setExitCode: (code: number) => void;
}

const processInputOutput: PolicyCommandInputOutput = {
  readTextFile: (path) => readFile(path, 'utf8'),
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

export interface PolicyFile {
  policy: Policy;
  /** SHA-256 of the canonical form: the version's identity. */
  hash: string;
}

async function readDocument<T>(path: string, parse: (text: string) => ReadResult<T>, inputOutput: PolicyCommandInputOutput): Promise<T | null> {
  let text: string;
  try {
    text = await inputOutput.readTextFile(path);
  } catch (error) {
    inputOutput.writeError(`${path}: cannot be read: ${error instanceof Error ? error.message : String(error)}\n`);
    inputOutput.setExitCode(EXIT_CODE_BAD_INPUT);
    return null;
  }
  const result = parse(text);
  if (!result.ok) {
    reportIssues(path, result.issues, inputOutput);
    return null;
  }
  return result.value;
}

function reportIssues(path: string, issues: readonly DocumentIssue[], inputOutput: PolicyCommandInputOutput): void {
  inputOutput.writeError(formatIssues(path, issues).map((line) => `${line}\n`).join(''));
  inputOutput.setExitCode(EXIT_CODE_BAD_INPUT);
}

/** Reads and validates a policy document; on failure prints why, sets exit code 2, returns null. */
export async function readPolicyFile(path: string, inputOutput: PolicyCommandInputOutput = processInputOutput): Promise<PolicyFile | null> {
  const policy = await readDocument(path, parsePolicyDocument, inputOutput);
  return policy === null ? null : { policy, hash: policyHash(policy) };
}

export function registerPolicyCommands(program: Command, inputOutput: PolicyCommandInputOutput = processInputOutput): { policy: Command; evaluate: Command } {
  const policy = program.command('policy').description('policy documents: validate, compare; see docs/policy.md');

  policy
    .command('validate')
    .description('check a policy document (YAML or JSON); print its id, title and SHA-256, or each problem as FILE:LINE: field: reason (exit 2)')
    .argument('<file>', 'policy document')
    .option('--canonical', 'print the canonical JSON whose SHA-256 identifies the version')
    .action(async (file: string, options: { canonical?: boolean }) => {
      const read = await readPolicyFile(file, inputOutput);
      if (read === null) return;
      if (options.canonical === true) {
        inputOutput.writeOutput(`${canonicalPolicyJson(read.policy)}\n`);
        return;
      }
      inputOutput.writeOutput(`${file}: valid policy ${read.policy.id} "${read.policy.title}", period ${read.policy.period.start} to ${read.policy.period.end}\nsha256 ${read.hash}\n`);
    });

  policy
    .command('diff')
    .description('say in words what changed from policy A to policy B (exit 0 when the same, 1 when different, 2 when invalid)')
    .argument('<before>', 'policy document A')
    .argument('<after>', 'policy document B')
    .action(async (beforeFile: string, afterFile: string) => {
      // Both are read before either is reported on, so one run shows every file's problems.
      const before = await readPolicyFile(beforeFile, inputOutput);
      const after = await readPolicyFile(afterFile, inputOutput);
      if (before === null || after === null) return;
      const changes = diffPolicies(before.policy, after.policy);
      if (changes.length === 0) {
        inputOutput.writeOutput(`no changes: both are version ${before.hash}\n`);
        return;
      }
      const header = `${changes.length} ${changes.length === 1 ? 'change' : 'changes'} from ${before.hash.slice(0, 12)} to ${after.hash.slice(0, 12)}:\n`;
      inputOutput.writeOutput(header + changes.map((change) => `- ${change.english}\n`).join(''));
      inputOutput.setExitCode(EXIT_CODE_DIFFERENT);
    });

  const evaluate = program
    .command('evaluate')
    .description('evaluate one application (an evaluation case, JSON) against a policy; print the evaluation as JSON, or as a table')
    .requiredOption('--policy <file>', 'policy document')
    .requiredOption('--case <file>', 'evaluation case: organisation, group members, fleet, grants so far, request, items, now')
    .option('--table', 'print a readable table instead of JSON')
    .addOption(new Option('--language <language>', 'language of the table').choices([...LANGUAGES]).default('english'))
    .action(async (options: { policy: string; case: string; table?: boolean; language: Language }) => {
      const read = await readPolicyFile(options.policy, inputOutput);
      const input = await readDocument(options.case, parseEvaluationCase, inputOutput);
      if (read === null || input === null) return;
      const evaluation = evaluateApplication(compilePolicy(read.policy, read.hash), input);
      inputOutput.writeOutput(options.table === true ? formatEvaluationTable(evaluation, options.language) : `${JSON.stringify(evaluation, null, 2)}\n`);
    });

  return { policy, evaluate };
}
