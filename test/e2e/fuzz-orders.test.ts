import { eventChanges, printableJson } from '../../tools/fuzz/report';
import { type Counterexample, type FuzzReport, runFuzz } from '../../tools/fuzz/run-fuzz';
import { SHARED_DIR } from '../support/lambda';

/** Cases per `npm test` run: a short form of `npm run fuzz` (10,000), through the same runner. */
const RUNS = 500;
/** Fixed, so `npm test` is repeatable; `FUZZ_SEED=<n> npx jest test/e2e/fuzz-orders.test.ts` tries others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_617);

/** A counterexample as a failing assertion shows it: what broke, the replay command, and the event's changes. */
const described = (c: Counterexample): string =>
  `${c.fuzzCase.route} (${c.fuzzCase.kind}) ${c.problem}; replay: npm run fuzz -- --seed ${c.seed} --path ${c.shrunkPath ?? c.path}\n${printableJson(eventChanges(c.fuzzCase.event as never, c.templateEvent as never))}\n${c.writes.map((w) => w.text).join('')}`;

/**
 * The orders handlers under property-based fuzzing (see `tools/fuzz/`): real API Gateway events made
 * odd in every way the fuzzer knows, run through the real handlers against dynalite.
 */
describe('orders handlers under fuzzing', () => {
  let report: FuzzReport;

  beforeAll(async () => {
    report = await runFuzz({ runs: RUNS, seed: SEED, sharedDir: SHARED_DIR, maxCounterexamples: 3, shrinkTimeMs: 10_000 });
  });

  it(`answers ${RUNS} generated requests with a 2xx or a JSON 4xx: no 5xx, no throw, no body that is not JSON`, () => {
    expect(report.cases).toBe(RUNS);
    expect(report.counterexamples.map(described)).toEqual([]);
    expect(report.serverErrors).toBe(0);
  });

  it('runs the happy paths too: orders created, read back and listed', () => {
    expect(report.statuses.createOrder['201']).toBeGreaterThan(0);
    expect(report.statuses.getOrder['200']).toBeGreaterThan(0);
    expect(report.statuses.listOrders['200']).toBeGreaterThan(0);
    expect(report.statuses.routeNotFound['404']).toBeGreaterThan(0);
  });
});
