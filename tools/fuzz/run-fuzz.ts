import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import type { CapturedWrite } from '../emulators/lambda-sandbox/capture-output';
import { failureSignature } from './failure-signature';
import { loadFixtureEvents } from './fixture-events';
import { type FuzzCase, ORDERS_ROUTES, type OrdersRoute, ordersCase } from './orders-cases';
import { type Invocation, startOrdersTarget } from './orders-target';
import { checkResponse, type Verdict } from './response-contract';

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  /** Cases to generate and run. @default 10000 */
  readonly runs?: number;
  /** fast-check's seed; the same seed generates the same cases. @default a random one */
  readonly seed?: number;
  /** Replays only the case at this fast-check path (from a report), and shrinks it if it fails. @default every case */
  readonly path?: string;
  /** Failures shrunk and reported, one per distinct failure (see `failureSignature`); the rest are only counted. @default 5 */
  readonly maxCounterexamples?: number;
  /** Time allowed to shrink each counterexample; then the smallest found so far is reported. @default 20000 */
  readonly shrinkTimeMs?: number;
  /** Called every {@link progressEvery} cases, after the last, and before each shrink. */
  readonly onProgress?: (progress: FuzzProgress) => void;
  /** @default 500 */
  readonly progressEvery?: number;
  /** Where the shared fixtures are. @default see `sharedFixturesDir` */
  readonly sharedDir?: string;
}

/** How far a run is. */
export interface FuzzProgress {
  readonly cases: number;
  readonly runs: number;
  readonly serverErrors: number;
  readonly elapsedMs: number;
  /** Set while failures are replayed and shrunk, after the cases ran: which one. */
  readonly shrinking?: { readonly index: number; readonly of: number };
}

/** A case that broke the response contract, shrunk by fast-check when it failed again on replay. */
export interface Counterexample {
  readonly seed: number;
  /** fast-check path of the case as first generated: `--seed <seed> --path <path>` replays it. */
  readonly path: string;
  /** fast-check path of the shrunk case, when shrinking reproduced the failure. */
  readonly shrunkPath?: string;
  readonly shrinks: number;
  /** Whether the failure happened again when the case was replayed (it may depend on what earlier cases stored). */
  readonly reproduced: boolean;
  /** The smallest failing case found (the original when it did not fail again). */
  readonly fuzzCase: FuzzCase;
  /** The real event the case started from, as read from the fixture. */
  readonly templateEvent: APIGatewayProxyEvent;
  readonly problem: string;
  /** The failure it stands for (see `failureSignature`). */
  readonly signature: string;
  /** Everything the handler wrote while answering {@link fuzzCase}. */
  readonly writes: readonly CapturedWrite[];
}

/** What a run found. */
export interface FuzzReport {
  readonly seed: number;
  readonly cases: number;
  /** Cases that broke the contract: a 5xx, a throw, or an answer that is not the promised JSON. */
  readonly serverErrors: number;
  readonly counterexamples: readonly Counterexample[];
  /** Server errors by failure signature: how many cases each distinct failure accounts for. */
  readonly failureCounts: Readonly<Record<string, number>>;
  /** How many responses of each status each handler gave (`threw` for a throw). */
  readonly statuses: Readonly<Record<OrdersRoute, Readonly<Record<string, number>>>>;
  readonly elapsedMs: number;
}

/** A failure the main pass saw, before shrinking. */
interface Failure {
  readonly signature: string;
  readonly path: string;
  readonly fuzzCase: FuzzCase;
  readonly verdict: Extract<Verdict, { ok: false }>;
  readonly writes: readonly CapturedWrite[];
}

/** Thrown inside the shrinking property so fast-check sees a failure; carries the verdict. */
class ContractBrokenError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ContractBrokenError';
  }
}

const newSeed = (): number => Math.floor(Math.random() * 0x7fffffff);

/**
 * Fuzzes the orders handlers: starts dynalite and the real handlers in this process, runs `runs`
 * generated API Gateway events through them (see `ordersCase`) and checks every answer against the
 * response contract (see `checkResponse`). A failing case does not stop the run: it is counted, and
 * the first `maxCounterexamples` are replayed by seed and path and shrunk by fast-check afterwards,
 * each with what the handler wrote. Handler output never reaches the terminal.
 *
 * @example
 * ```ts
 * const report = await runFuzz({ runs: 500, seed: 42 });
 * console.log(`${report.cases} cases, ${report.serverErrors} server errors`);
 * ```
 */
export async function runFuzz(options: FuzzOptions = {}): Promise<FuzzReport> {
  const started = Date.now();
  const runs = options.path === undefined ? (options.runs ?? 10_000) : 1;
  const seed = options.seed ?? newSeed();
  const progressEvery = options.progressEvery ?? 500;
  const shrinkTimeMs = options.shrinkTimeMs ?? 20_000;
  const templates = loadFixtureEvents(options.sharedDir);
  const target = await startOrdersTarget((templates[0] as (typeof templates)[number]).event);
  try {
    const cases = ordersCase({ templates, known: target.known });
    const tally = new Tally(options.maxCounterexamples ?? 5);
    const progress = (): FuzzProgress => ({ cases: tally.cases, runs, serverErrors: tally.serverErrors, elapsedMs: Date.now() - started });
    let found: Omit<Counterexample, 'templateEvent'>[];
    if (options.path === undefined) {
      // Every case runs and is tallied; fast-check sees no failure, so it neither stops nor shrinks here.
      const mainPass = fc.asyncProperty(cases, async (fuzzCase) => {
        tally.record(String(tally.cases), fuzzCase, await target.invoke(fuzzCase));
        if (tally.cases % progressEvery === 0) options.onProgress?.(progress());
        return true;
      });
      await fc.check(mainPass, { seed, numRuns: runs });
      if (tally.cases % progressEvery !== 0) options.onProgress?.(progress());
      found = [];
      for (const [index, failure] of tally.failures.entries()) {
        options.onProgress?.({ ...progress(), shrinking: { index, of: tally.failures.length } });
        found.push((await shrink(cases, seed, failure.path, target.invoke, shrinkTimeMs, undefined)) ?? unshrunk(seed, failure));
      }
    } else {
      const replayed = await shrink(cases, seed, options.path, target.invoke, shrinkTimeMs, (fuzzCase, invocation) => tally.record(options.path as string, fuzzCase, invocation));
      found = replayed ? [replayed] : [];
      options.onProgress?.(progress());
    }
    const counterexamples = found.map((counterexample) => ({
      ...counterexample,
      templateEvent: (templates.find((t) => t.file === counterexample.fuzzCase.template) as (typeof templates)[number]).event,
    }));
    return { seed, cases: tally.cases, serverErrors: tally.serverErrors, counterexamples, failureCounts: tally.failureCounts, statuses: tally.statuses, elapsedMs: Date.now() - started };
  } finally {
    await target.close();
  }
}

/** Counts cases, server errors and statuses, and keeps the first failure of each signature. */
class Tally {
  public cases = 0;
  public serverErrors = 0;
  public readonly failures: Failure[] = [];
  public readonly failureCounts: Record<string, number> = {};
  public readonly statuses = Object.fromEntries(ORDERS_ROUTES.map((route) => [route, {}])) as Record<OrdersRoute, Record<string, number>>;
  readonly #keep: number;

  public constructor(keep: number) {
    this.#keep = keep;
  }

  public record(path: string, fuzzCase: FuzzCase, { settled, writes }: Invocation): void {
    this.cases += 1;
    const status = settled.ok ? String(settled.value?.statusCode) : 'threw';
    const counts = this.statuses[fuzzCase.route];
    counts[status] = (counts[status] ?? 0) + 1;
    const verdict = checkResponse(settled);
    if (verdict.ok) return;
    this.serverErrors += 1;
    const signature = failureSignature(verdict, writes);
    const seen = this.failureCounts[signature] ?? 0;
    this.failureCounts[signature] = seen + 1;
    if (seen === 0 && this.failures.length < this.#keep) this.failures.push({ signature, path, fuzzCase, verdict, writes });
  }
}

/** A failure reported as first seen, when replaying it did not fail again. */
const unshrunk = (seed: number, failure: Failure): Omit<Counterexample, 'templateEvent'> => ({
  seed,
  path: failure.path,
  shrinks: 0,
  reproduced: false,
  fuzzCase: failure.fuzzCase,
  problem: failure.verdict.problem,
  signature: failure.signature,
  writes: failure.writes,
});

/**
 * Replays the case at `path` of `seed` and, when it fails, lets fast-check shrink it within `timeMs`;
 * the shrunk case's own output is kept. `onFirst` sees the replayed case's invocation.
 *
 * @returns the smallest failing case found, or `undefined` when the replayed case did not fail
 */
async function shrink(
  cases: fc.Arbitrary<FuzzCase>,
  seed: number,
  path: string,
  invoke: (fuzzCase: FuzzCase) => Promise<Invocation>,
  timeMs: number,
  onFirst: ((fuzzCase: FuzzCase, invocation: Invocation) => void) | undefined,
): Promise<Omit<Counterexample, 'templateEvent'> | undefined> {
  const failing = new WeakMap<FuzzCase, { verdict: Extract<Verdict, { ok: false }>; writes: readonly CapturedWrite[] }>();
  let first = true;
  const property = fc.asyncProperty(cases, async (fuzzCase) => {
    const invocation = await invoke(fuzzCase);
    if (first) onFirst?.(fuzzCase, invocation);
    first = false;
    const verdict = checkResponse(invocation.settled);
    if (verdict.ok) return true;
    failing.set(fuzzCase, { verdict, writes: invocation.writes });
    throw new ContractBrokenError(verdict.problem);
  });
  const details = (await fc.check(property, { seed, path, numRuns: 1, plugins: [fc.interruptAfterTimeLimit(timeMs)] })) as fc.RunDetails<[FuzzCase]>;
  const shrunk = details.failed && details.counterexample ? details.counterexample[0] : undefined;
  const found = shrunk ? failing.get(shrunk) : undefined;
  if (!shrunk || !found) return undefined;
  return {
    seed,
    path,
    ...(details.counterexamplePath ? { shrunkPath: details.counterexamplePath } : {}),
    shrinks: details.numShrinks,
    reproduced: true,
    fuzzCase: shrunk,
    problem: found.verdict.problem,
    signature: failureSignature(found.verdict, found.writes),
    writes: found.writes,
  };
}
