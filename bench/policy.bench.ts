/**
 * Policy evaluation throughput: 100,000 generated applications against the 2026 example policy,
 * in process. Target: at least 200,000 evaluations a second.
 *
 * Measured side by side, each the median of several runs over the same applications:
 *  - compiled: the policy compiled once (compilePolicy: holds sorted, end uses as sets, the
 *    quotas, caps and envelopes that cover each item looked up once per item), then
 *    evaluateApplication per application;
 *      · "outcomes and numbers" (withSentences: false), the bulk path an allocation round uses
 *        to get every application's cap;
 *      · "with sentences", both the English and the Chinese sentence of every rule rendered;
 *  - baseline, "not precomputed": compilePolicy called again for every application, i.e. the
 *    same evaluation without the one-off preparation, with and without sentences;
 *  - for scale, "re-parse": the YAML document read, validated and compiled for every application,
 *    on a sample of the applications (it is two orders of magnitude slower).
 * The evaluations are checked to agree before anything is printed.
 *
 * Ends with the JSON summary line of bench-report.ts.
 */
import { readFileSync } from 'node:fs';
import { compilePolicy, evaluateApplication, parsePolicyDocument, policyHash } from '../src/policy/index.js';
import type { CompiledPolicy, EvaluationInput, Grant, ItemUnits, Policy, PolicyItem } from '../src/policy/index.js';
import type { OrganisationCategory } from '../src/registry/organisation.js';
import { median, printSummary, result } from './bench-report.js';

const APPLICATIONS = 100_000;
const RUNS = 5;
const BASELINE_RUNS = 3;
const REPARSE_SAMPLE = 1_000;
const TARGET_PER_SECOND = 200_000;

const policyText = readFileSync(new URL('../examples/policies/2026-accelerators.yaml', import.meta.url), 'utf8');
const parsed = parsePolicyDocument(policyText);
if (!parsed.ok) throw new Error(`the example policy is invalid: ${JSON.stringify(parsed.issues)}`);
const policy: Policy = parsed.value;
const hash = policyHash(policy);

/** Deterministic pseudo-random numbers (mulberry32), so every run evaluates the same applications. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ITEMS: PolicyItem[] = [
  { id: 'nvidia-h200-sxm-141gb', name: 'NVIDIA H200 SXM 141 GB', family: 'H200', classificationCode: '3A090.a', origin: 'foreign', tpp: 15_832, memoryBandwidthGbPerSecond: 4_800 },
  { id: 'nvidia-h200-nvl-141gb', name: 'NVIDIA H200 NVL 141 GB', family: 'H200', classificationCode: '3A090.a', origin: 'foreign', tpp: 13_360, memoryBandwidthGbPerSecond: 4_800 },
  { id: 'amd-mi325x', name: 'AMD Instinct MI325X', family: 'MI325X', classificationCode: '3A090.a', origin: 'foreign', tpp: 20_800, memoryBandwidthGbPerSecond: 6_000 },
  { id: 'nvidia-h20-96gb', name: 'NVIDIA H20 96 GB', family: 'H20', classificationCode: '3A991', origin: 'foreign', tpp: 2_368, memoryBandwidthGbPerSecond: 4_000 },
  { id: 'nvidia-b200-sxm-192gb', name: 'NVIDIA B200 SXM 192 GB', family: 'B200', classificationCode: '3A090.a', origin: 'foreign', tpp: 36_000, memoryBandwidthGbPerSecond: 8_000 },
  { id: 'huawei-ascend-910c', name: 'Huawei Ascend 910C', family: 'Ascend 910', classificationCode: '3A090.a', origin: 'domestic', tpp: 12_800, memoryBandwidthGbPerSecond: 3_200 },
  { id: 'huawei-ascend-910b', name: 'Huawei Ascend 910B', family: 'Ascend 910', classificationCode: '3A090.a', origin: 'domestic', tpp: 5_120, memoryBandwidthGbPerSecond: 1_600 },
];
const items = new Map(ITEMS.map((item) => [item.id, item]));
const [H200_SXM, H200_NVL, MI325X, H20, B200, ASCEND_910C, ASCEND_910B] = ITEMS as [PolicyItem, PolicyItem, PolicyItem, PolicyItem, PolicyItem, PolicyItem, PolicyItem];

const CATEGORIES: OrganisationCategory[] = ['big-tech-platform', 'cloud-provider', 'state-backed', 'telecom-operator', 'research-institute', 'small-firm', 'other'];
const END_USES = ['ai-training', 'ai-inference', 'cloud-services', 'scientific-research', 'military', 'crypto-mining'];

function generateApplications(count: number): EvaluationInput[] {
  const random = randomSource(2026);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  // Most applications ask for an H200; a few for items the policy caps differently or refuses.
  const requested = [H200_SXM, H200_SXM, H200_SXM, H200_NVL, MI325X, H20, B200, ASCEND_910C];
  const inputs: EvaluationInput[] = [];
  for (let index = 0; index < count; index += 1) {
    const organisationId = `org-${between(1, 5_000)}`;
    const groupSize = between(1, 4);
    const groupMemberIds = [organisationId, ...Array.from({ length: groupSize - 1 }, (_, member) => `${organisationId}-member-${member}`)];
    const hasFleet = random() < 0.85;
    const fleet = hasFleet
      ? {
          asOf: `2025-12-${String(between(1, 31)).padStart(2, '0')}`,
          holdings: [
            { itemId: ASCEND_910C.id, installedUnits: between(0, 200_000) },
            { itemId: ASCEND_910B.id, installedUnits: between(0, 100_000) },
            { itemId: H20.id, installedUnits: between(0, 150_000) },
          ],
          domesticUnitsCommitted: between(0, 100_000),
        }
      : null;
    const month = between(1, 11);
    const day = between(1, 28);
    const now = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(between(0, 23)).padStart(2, '0')}:00:00.000Z`;
    const grants: Grant[] = [];
    for (let count = between(0, 4); count > 0; count -= 1) {
      grants.push({ organisationId: pick(groupMemberIds), itemId: pick([H200_SXM.id, H200_NVL.id, H20.id]), units: between(100, 40_000), grantedAt: `2026-01-${String(between(1, 28)).padStart(2, '0')}T10:00:00.000Z` });
    }
    const nationalGranted: ItemUnits[] = [
      { itemId: H200_SXM.id, units: between(0, 500_000) },
      { itemId: H200_NVL.id, units: between(0, 100_000) },
      { itemId: MI325X.id, units: between(0, 40_000) },
    ];
    const categoryGranted: ItemUnits[] = nationalGranted.map((entry) => ({ itemId: entry.itemId, units: Math.floor(entry.units * random() * 0.5) }));
    const item = pick(requested);
    inputs.push({
      application: {
        id: `APP-${index}`,
        organisationId,
        itemId: item.id,
        quantity: between(1, 50_000),
        endUse: random() < 0.95 ? pick(END_USES.slice(0, 4)) : pick(END_USES.slice(4)),
        domesticJustification: random() < 0.97 ? 'Domestic accelerators do not run our training stack this year.' : null,
        region: pick(['CN-BJ', 'CN-SH', 'CN-GD', 'CN-ZJ']),
      },
      organisation: { id: organisationId, category: pick(CATEGORIES), parentId: null },
      groupMemberIds,
      fleet,
      grants,
      nationalGranted,
      categoryGranted,
      items,
      now,
    });
  }
  return inputs;
}

const applications = generateApplications(APPLICATIONS);

type Evaluate = (input: EvaluationInput) => number;

/** Evaluations a second over every application, median of `runs`; also a checksum of admissible units. */
function measure(evaluate: Evaluate, inputs: readonly EvaluationInput[], runs: number): { perSecond: number; checksum: number } {
  const rates: number[] = [];
  let checksum = 0;
  for (let run = 0; run < runs; run += 1) {
    let sum = 0;
    const started = process.hrtime.bigint();
    for (const input of inputs) sum += evaluate(input);
    const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    rates.push(inputs.length / elapsedSeconds);
    checksum = sum;
  }
  return { perSecond: median(rates), checksum };
}

const compiled: CompiledPolicy = compilePolicy(policy, hash);
const numbersOnly = { withSentences: false };
const variants: Record<string, Evaluate> = {
  compiledNumbers: (input) => evaluateApplication(compiled, input, numbersOnly).admissibleUnits,
  compiledSentences: (input) => {
    const evaluation = evaluateApplication(compiled, input);
    // Read the text so that no engine could skip building it.
    return evaluation.admissibleUnits + (evaluation.rules[evaluation.rules.length - 1]!.chinese.length > 0 ? 0 : 1);
  },
  baselineNumbers: (input) => evaluateApplication(compilePolicy(policy, hash), input, numbersOnly).admissibleUnits,
  baselineSentences: (input) => evaluateApplication(compilePolicy(policy, hash), input).admissibleUnits,
  reparse: (input) => {
    const again = parsePolicyDocument(policyText);
    if (!again.ok) throw new Error('the example policy became invalid');
    return evaluateApplication(compilePolicy(again.value), input).admissibleUnits;
  },
};

// A short warm-up so the first measured run is not the JIT's first sight of the code.
for (const evaluate of Object.values(variants)) for (const input of applications.slice(0, 200)) evaluate(input);

const compiledNumbers = measure(variants['compiledNumbers']!, applications, RUNS);
const baselineNumbers = measure(variants['baselineNumbers']!, applications, BASELINE_RUNS);
const compiledSentences = measure(variants['compiledSentences']!, applications, RUNS);
const baselineSentences = measure(variants['baselineSentences']!, applications, BASELINE_RUNS);
const sample = applications.slice(0, REPARSE_SAMPLE);
const reparse = measure(variants['reparse']!, sample, 1);
const sampleCompiled = measure(variants['compiledSentences']!, sample, 1);

// Every way of evaluating must admit the same quantities, or the comparison means nothing.
if (new Set([compiledNumbers.checksum, baselineNumbers.checksum, baselineSentences.checksum]).size !== 1 || compiledSentences.checksum !== compiledNumbers.checksum) {
  throw new Error('the compiled and baseline evaluations disagree');
}
if (reparse.checksum !== sampleCompiled.checksum) throw new Error('the re-parsing evaluation disagrees');

const format = (value: number) => Math.round(value).toLocaleString('en-US');
process.stdout.write(`policy evaluation, ${format(APPLICATIONS)} applications against ${policy.id} (${hash.slice(0, 12)}), median of ${RUNS} runs (baselines ${BASELINE_RUNS})\n`);
process.stdout.write(`  compiled, outcomes and numbers:        ${format(compiledNumbers.perSecond)}/s   (target ${format(TARGET_PER_SECOND)}/s: ${compiledNumbers.perSecond >= TARGET_PER_SECOND ? 'met' : 'NOT met'})\n`);
process.stdout.write(`  not precomputed, outcomes and numbers: ${format(baselineNumbers.perSecond)}/s   ratio ${(compiledNumbers.perSecond / baselineNumbers.perSecond).toFixed(2)}\n`);
process.stdout.write(`  compiled, with both sentences:         ${format(compiledSentences.perSecond)}/s   (target ${format(TARGET_PER_SECOND)}/s: ${compiledSentences.perSecond >= TARGET_PER_SECOND ? 'met' : 'NOT met'})\n`);
process.stdout.write(`  not precomputed, with both sentences:  ${format(baselineSentences.perSecond)}/s   ratio ${(compiledSentences.perSecond / baselineSentences.perSecond).toFixed(2)}\n`);
process.stdout.write(`  re-parse and validate the YAML per application (${format(REPARSE_SAMPLE)} sampled): ${format(reparse.perSecond)}/s\n`);

printSummary('policy', [
  result('evaluate, compiled policy, outcomes and numbers', compiledNumbers.perSecond, 'evaluations/s', baselineNumbers.perSecond, {
    baselineIs: 'compilePolicy per application (not precomputed)',
    targetPerSecond: TARGET_PER_SECOND,
  }),
  result('evaluate, compiled policy, with English and Chinese sentences', compiledSentences.perSecond, 'evaluations/s', baselineSentences.perSecond, {
    baselineIs: 'compilePolicy per application (not precomputed)',
    targetPerSecond: TARGET_PER_SECOND,
  }),
  result('evaluate, re-parsing and re-validating the YAML policy per application', reparse.perSecond, 'evaluations/s', null, { sampledApplications: REPARSE_SAMPLE }),
]);
