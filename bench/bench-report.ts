/**
 * Shared by every benchmark: medians over repeated runs (the machine is shared and noisy) and the
 * one JSON summary line that ends each run:
 *   {"bench":"<name>","results":[{"name":…,"value":…,"unit":"…/s","baseline":…,"ratio":…}]}
 */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  [extra: string]: unknown;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Rounds to three significant decimals so the summary line stays readable. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function result(name: string, value: number, unit: string, baseline: number | null, extra: Record<string, unknown> = {}): BenchResult {
  const ratio = baseline === null || baseline === 0 ? null : round3(value / baseline);
  return { name, value: round3(value), unit, baseline: baseline === null ? null : round3(baseline), ratio, ...extra };
}

export function printSummary(bench: string, results: readonly BenchResult[]): void {
  process.stdout.write(`${JSON.stringify({ bench, results })}\n`);
}
