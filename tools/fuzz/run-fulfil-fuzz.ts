import type { CapturedWrite } from '../emulators/lambda-sandbox/capture-output';
import { type FulfilInvocation, judgeBatch } from './batch-contract';
import { type FulfilCase, fulfilCase } from './fulfil-cases';
import { startFulfilTarget } from './fulfil-target';
import { type FuzzRunOptions, runEngine } from './fuzz-engine';
import { loadSqsReferenceRecords } from './sqs-reference-event';

/** Options of {@link runFulfilFuzz}: the run's, as for every target. */
export type FulfilFuzzOptions = FuzzRunOptions;

/** A case that broke the consumer's contract, shrunk by fast-check when it failed again on replay. */
export interface FulfilCounterexample {
  readonly seed: number;
  readonly path: string;
  readonly shrunkPath?: string;
  readonly shrinks: number;
  readonly reproduced: boolean;
  readonly fuzzCase: FulfilCase;
  readonly problem: string;
  /** The property it broke (`reported a record it fulfilled`). */
  readonly signature: string;
  /** Everything fulfilOrder wrote while handling {@link fuzzCase}. */
  readonly writes: readonly CapturedWrite[];
}

/** What the consumer was fed and what it did, to show the run reached every path. */
export interface FulfilTallies {
  /** Invocations by outcome: `answered` (a batch response), `threw`. */
  readonly invocations: Readonly<Record<string, number>>;
  /** Records by what it did with them: `fulfilled`, `reported failed`. */
  readonly records: Readonly<Record<string, number>>;
  /** Records by body kind (`order-placed`, `malformed-json`, `produced`, …). */
  readonly bodies: Readonly<Record<string, number>>;
  /** Records by correlation id attribute kind (`plain`, `injection`, `number-type`, …). */
  readonly correlationIds: Readonly<Record<string, number>>;
  /** Records that shared their message id with an earlier one of the batch. */
  readonly duplicateIds: number;
  /** Batches by size. */
  readonly batchSizes: Readonly<Record<string, number>>;
}

/** What a run found. */
export interface FulfilFuzzReport {
  readonly seed: number;
  readonly cases: number;
  /** Cases that broke a property of the consumer's contract (see `judgeBatch`). */
  readonly violations: number;
  readonly counterexamples: readonly FulfilCounterexample[];
  readonly failureCounts: Readonly<Record<string, number>>;
  readonly tallies: FulfilTallies;
  readonly elapsedMs: number;
}

const count = (counts: Record<string, number>, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** Adds one invocation to the tallies. */
function tally(tallies: FulfilTallies, fuzzCase: FulfilCase, { settled }: FulfilInvocation): void {
  count(tallies.invocations as Record<string, number>, settled.ok ? 'answered' : 'threw');
  if (!fuzzCase.wellFormed) return;
  count(tallies.batchSizes as Record<string, number>, String(fuzzCase.records.length));
  const failures = settled.ok ? ((settled.value as { batchItemFailures?: { itemIdentifier?: unknown }[] } | undefined)?.batchItemFailures ?? []) : [];
  const failed = new Set(failures.map((failure) => failure.itemIdentifier));
  for (const { record, kind } of fuzzCase.records) {
    const [body = '?', correlation = '?'] = kind.split('+');
    count(tallies.bodies as Record<string, number>, body);
    count(tallies.correlationIds as Record<string, number>, correlation);
    if (kind.endsWith('+duplicate-id')) (tallies as { duplicateIds: number }).duplicateIds += 1;
    if (settled.ok) count(tallies.records as Record<string, number>, failed.has(record.messageId) ? 'reported failed' : 'fulfilled');
  }
}

/**
 * Fuzzes the fulfilOrder consumer: starts dynalite and the OrderPlaced queue, places orders through
 * the real createOrder, then runs `runs` generated SQS events (see `fulfilCase`: built from AWS's
 * reference event and the producer's real messages, with arbitrary bodies, odd correlation ids,
 * missing fields, 1–10 records and duplicate message ids) through the real handler, judging each
 * against the consumer's contract (see `judgeBatch`) through the fuzz engine (`runEngine`).
 *
 * @example
 * ```ts
 * const report = await runFulfilFuzz({ runs: 300, seed: 42 });
 * console.log(`${report.cases} cases, ${report.violations} property violations`);
 * ```
 */
export async function runFulfilFuzz(options: FulfilFuzzOptions = {}): Promise<FulfilFuzzReport> {
  const reference = loadSqsReferenceRecords();
  const target = await startFulfilTarget();
  const tallies: FulfilTallies = { invocations: {}, records: {}, bodies: {}, correlationIds: {}, duplicateIds: 0, batchSizes: {} };
  try {
    const cases = fulfilCase({ reference, produced: target.produced, orders: target.orders, queueArn: target.queueArn });
    const report = await runEngine({ cases, invoke: target.invoke, judge: judgeBatch }, { ...options, onCase: (fuzzCase, invocation) => tally(tallies, fuzzCase, invocation) });
    const counterexamples = report.counterexamples.map(({ invocation, ...counterexample }) => ({ ...counterexample, writes: invocation.writes }));
    return { seed: report.seed, cases: report.cases, violations: report.failures, counterexamples, failureCounts: report.failureCounts, tallies, elapsedMs: report.elapsedMs };
  } finally {
    await target.close();
  }
}
