/**
 * `gatehouse policy publish FILE`: store a policy document as an immutable version (the same use
 * case as POST /api/v1/policies), and `gatehouse policy in-force`: which version applies today.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { getPolicyInForce } from '../policy/get-policy-versions.js';
import { formatIssues } from '../policy/index.js';
import { publishPolicy, validatePolicyText } from '../policy/publish-policy.js';
import { operatorActor } from '../platform/actor.js';
import { EXIT_BAD_INPUT, reportFailure, withContext } from './cli-support.js';

export function registerPolicyPublishCommands(policy: Command): void {
  policy
    .command('publish')
    .description('publish a policy document as an immutable version identified by its SHA-256; the same content again is a no-op')
    .argument('<file>', 'policy document (YAML or JSON)')
    .action(async (file: string) => {
      try {
        const text = await readFile(file, 'utf8');
        const parsed = validatePolicyText(text);
        if (!parsed.ok) {
          for (const line of formatIssues(file, parsed.issues)) process.stderr.write(`${line}\n`);
          process.exitCode = EXIT_BAD_INPUT;
          return;
        }
        await withContext(async (context) => {
          const published = await publishPolicy(context, operatorActor(), text);
          const { version } = published;
          process.stdout.write(`${published.isNew ? 'published' : 'already published'} ${version.policyId} effective ${version.effectiveFrom}: ${version.hash}\n`);
        });
      } catch (error) {
        reportFailure(error);
      }
    });
  policy
    .command('in-force')
    .description('print the policy version in force today, with the holds placed since it was published')
    .action(async () => {
      try {
        await withContext(async (context) => {
          const inForce = await getPolicyInForce(context, operatorActor());
          const { version } = inForce;
          process.stdout.write(`${version.policyId} "${version.title}" effective ${version.effectiveFrom}, period ${version.periodStart}..${version.periodEnd}\n  hash ${version.hash}\n`);
          for (const hold of inForce.holds) process.stdout.write(`  hold ${hold.id}: ${hold.kind} from ${hold.from} until ${hold.until ?? 'lifted'} — ${hold.reason}\n`);
        });
      } catch (error) {
        reportFailure(error);
      }
    });
}
