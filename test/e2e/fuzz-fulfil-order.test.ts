import { printableJson } from '../../tools/fuzz/report';
import { type FulfilCounterexample, type FulfilFuzzReport, runFulfilFuzz } from '../../tools/fuzz/run-fulfil-fuzz';

/** Cases per `npm test` run: a short form of `npm run fuzz -- --target fulfil-order` (10,000), through the same runner. */
const RUNS = 300;
/** Fixed, so `npm test` is repeatable; `FUZZ_SEED=<n> npx jest test/e2e/fuzz-fulfil-order.test.ts` tries others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);

/** A counterexample as a failing assertion shows it: what broke, the replay command, the records and what the consumer wrote. */
const described = (c: FulfilCounterexample): string =>
  `${c.fuzzCase.kind} ${c.problem}; replay: npm run fuzz -- --target fulfil-order --seed ${c.seed} --path ${c.shrunkPath ?? c.path}\n${printableJson(c.fuzzCase.records.map(({ kind, record }) => ({ kind, record })))}\n${c.writes.map((w) => w.text).join('')}`;

/**
 * The fulfilOrder consumer under property-based fuzzing (see `tools/fuzz/`): SQS events built from
 * AWS's reference event and the producer's real messages, made odd in every way the fuzzer knows,
 * run through the real handler against dynalite, with orders placed by the real createOrder.
 */
describe('fulfilOrder under fuzzing', () => {
  let report: FulfilFuzzReport;

  beforeAll(async () => {
    report = await runFulfilFuzz({ runs: RUNS, seed: SEED, maxCounterexamples: 3, shrinkTimeMs: 10_000 });
  });

  it(`keeps its contract on ${RUNS} generated events: no throw, exactly the failed records reported, only accepted correlation ids logged, no order written from a body that is not a valid OrderPlaced`, () => {
    expect(report.cases).toBe(RUNS);
    expect(report.counterexamples.map(described)).toEqual([]);
    expect(report.violations).toBe(0);
  });

  it('runs every path: records fulfilled and reported failed, odd and refused correlation ids, duplicate ids, batches of one and of ten', () => {
    const { records, bodies, correlationIds, duplicateIds, batchSizes, invocations } = report.tallies;
    expect(records['fulfilled']).toBeGreaterThan(0);
    expect(records['reported failed']).toBeGreaterThan(0);
    expect(bodies['order-placed']! + (bodies['produced'] ?? 0)).toBeGreaterThan(0);
    for (const kind of ['unknown-order', 'broken-field', 'malformed-json', 'not-json']) expect([kind, bodies[kind]]).toEqual([kind, expect.any(Number)]);
    for (const kind of ['plain', 'injection', 'odd-text', 'non-string-value']) expect([kind, correlationIds[kind]]).toEqual([kind, expect.any(Number)]);
    expect(duplicateIds).toBeGreaterThan(0);
    expect([batchSizes['1'], batchSizes['10']]).toEqual([expect.any(Number), expect.any(Number)]);
    expect(invocations['answered']).toBeGreaterThan(0);
  });
});
