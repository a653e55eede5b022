import fc from 'fast-check';

/** What a target's judge says of one case: kept, or broken with what broke and the failure it stands for. */
export type Judgement = { readonly ok: true } | { readonly ok: false; readonly problem: string; readonly signature: string };

/**
 * What the engine fuzzes: cases, how one is run, and how its run is judged. The orders API and the
 * fulfilOrder consumer are two targets with their own cases and contracts.
 */
export interface FuzzTarget<C extends object, I> {
  readonly cases: fc.Arbitrary<C>;
  /** Runs one case; never throws (a handler's throw is part of what it resolves with). */
  invoke(fuzzCase: C): Promise<I>;
  /** Judges a run against the target's contract. */
  judge(fuzzCase: C, invocation: I): Judgement;
}

/** How long and how a fuzz run goes, whatever its target: what `npm run fuzz` passes on. */
export interface FuzzRunOptions {
  /** Cases to generate and run; ignored when `path` is set. @default 10000 */
  readonly runs?: number;
  /** fast-check's seed; the same seed generates the same cases. @default a random one */
  readonly seed?: number;
  /** Replays only the case at this fast-check path (from a report), and shrinks it if it fails. @default every case */
  readonly path?: string;
  /** Failures shrunk and reported, one per distinct signature; the rest are only counted. @default 5 */
  readonly maxCounterexamples?: number;
  /** Time allowed to shrink each counterexample; then the smallest found so far is reported. @default 20000 */
  readonly shrinkTimeMs?: number;
  /** Called every {@link FuzzRunOptions.progressEvery} cases, after the last, and before each shrink. */
  readonly onProgress?: (progress: FuzzProgress) => void;
  /** @default 500 */
  readonly progressEvery?: number;
}

/** Options of {@link runEngine}. */
export interface EngineOptions<C extends object, I> extends FuzzRunOptions {
  /** Told about every case of the main pass (or the replayed one), for a target's own counts. */
  readonly onCase?: (fuzzCase: C, invocation: I) => void;
}

/** How far a run is. */
export interface FuzzProgress {
  readonly cases: number;
  readonly runs: number;
  /** Cases that broke the contract so far. */
  readonly failures: number;
  readonly elapsedMs: number;
  /** Set while failures are replayed and shrunk, after the cases ran: which one. */
  readonly shrinking?: { readonly index: number; readonly of: number };
}

/** A case that broke the contract, shrunk by fast-check when it failed again on replay. */
export interface EngineCounterexample<C, I> {
  readonly seed: number;
  /** fast-check path of the case as first generated: `--seed <seed> --path <path>` replays it. */
  readonly path: string;
  /** fast-check path of the shrunk case, when shrinking reproduced the failure. */
  readonly shrunkPath?: string;
  readonly shrinks: number;
  /** Whether the failure happened again when the case was replayed (it may depend on what earlier cases stored). */
  readonly reproduced: boolean;
  /** The smallest failing case found (the original when it did not fail again). */
  readonly fuzzCase: C;
  /** Its run. */
  readonly invocation: I;
  readonly problem: string;
  readonly signature: string;
}

/** What a run found. */
export interface EngineReport<C, I> {
  readonly seed: number;
  readonly cases: number;
  /** Cases that broke the contract. */
  readonly failures: number;
  readonly counterexamples: readonly EngineCounterexample<C, I>[];
  /** Failures by signature: how many cases each distinct failure accounts for. */
  readonly failureCounts: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
}

/** A failure the main pass saw, before shrinking. */
interface Failure<C, I> {
  readonly path: string;
  readonly fuzzCase: C;
  readonly invocation: I;
  readonly judgement: Extract<Judgement, { ok: false }>;
}

/** Thrown inside the shrinking property so fast-check sees a failure. */
class ContractBrokenError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ContractBrokenError';
  }
}

const newSeed = (): number => Math.floor(Math.random() * 0x7fffffff);

/**
 * Runs `runs` generated cases through a target and judges each. A failing case does not stop the run:
 * it is counted by signature, and the first case of each of the first `maxCounterexamples` signatures
 * is replayed by seed and path afterwards and shrunk by fast-check. With `path`, only that case is
 * replayed (and shrunk if it fails).
 *
 * @example
 * ```ts
 * const report = await runEngine(target, { runs: 500, seed: 42 });
 * console.log(`${report.cases} cases, ${report.failures} failures`);
 * ```
 */
export async function runEngine<C extends object, I>(target: FuzzTarget<C, I>, options: EngineOptions<C, I> = {}): Promise<EngineReport<C, I>> {
  const started = Date.now();
  const runs = options.path === undefined ? (options.runs ?? 10_000) : 1;
  const seed = options.seed ?? newSeed();
  const progressEvery = options.progressEvery ?? 500;
  const shrinkTimeMs = options.shrinkTimeMs ?? 20_000;
  const keep = options.maxCounterexamples ?? 5;
  let cases = 0;
  let failed = 0;
  const failures: Failure<C, I>[] = [];
  const failureCounts: Record<string, number> = {};
  const progress = (): FuzzProgress => ({ cases, runs, failures: failed, elapsedMs: Date.now() - started });

  const record = (path: string, fuzzCase: C, invocation: I): void => {
    cases += 1;
    options.onCase?.(fuzzCase, invocation);
    const judgement = target.judge(fuzzCase, invocation);
    if (judgement.ok) return;
    failed += 1;
    const seen = failureCounts[judgement.signature] ?? 0;
    failureCounts[judgement.signature] = seen + 1;
    if (seen === 0 && failures.length < keep) failures.push({ path, fuzzCase, invocation, judgement });
  };

  const counterexamples: EngineCounterexample<C, I>[] = [];
  if (options.path === undefined) {
    // Every case runs and is tallied; fast-check sees no failure, so it neither stops nor shrinks here.
    const mainPass = fc.asyncProperty(target.cases, async (fuzzCase) => {
      record(String(cases), fuzzCase, await target.invoke(fuzzCase));
      if (cases % progressEvery === 0) options.onProgress?.(progress());
      return true;
    });
    await fc.check(mainPass, { seed, numRuns: runs });
    if (cases % progressEvery !== 0) options.onProgress?.(progress());
    for (const [index, failure] of failures.entries()) {
      options.onProgress?.({ ...progress(), shrinking: { index, of: failures.length } });
      counterexamples.push((await shrink(target, seed, failure.path, shrinkTimeMs, undefined)) ?? unshrunk(seed, failure));
    }
  } else {
    const replayed = await shrink(target, seed, options.path, shrinkTimeMs, (fuzzCase, invocation) => record(options.path as string, fuzzCase, invocation));
    if (replayed) counterexamples.push(replayed);
    options.onProgress?.(progress());
  }
  return { seed, cases, failures: failed, counterexamples, failureCounts, elapsedMs: Date.now() - started };
}

/** A failure reported as first seen, when replaying it did not fail again. */
const unshrunk = <C, I>(seed: number, failure: Failure<C, I>): EngineCounterexample<C, I> => ({
  seed,
  path: failure.path,
  shrinks: 0,
  reproduced: false,
  fuzzCase: failure.fuzzCase,
  invocation: failure.invocation,
  problem: failure.judgement.problem,
  signature: failure.judgement.signature,
});

/**
 * Replays the case at `path` of `seed` and, when it fails, lets fast-check shrink it within `timeMs`;
 * the shrunk case's own run is kept. `onFirst` sees the replayed case's run.
 *
 * @returns the smallest failing case found, or `undefined` when the replayed case did not fail
 */
async function shrink<C extends object, I>(
  target: FuzzTarget<C, I>,
  seed: number,
  path: string,
  timeMs: number,
  onFirst: ((fuzzCase: C, invocation: I) => void) | undefined,
): Promise<EngineCounterexample<C, I> | undefined> {
  const failing = new WeakMap<C, { judgement: Extract<Judgement, { ok: false }>; invocation: I }>();
  let first = true;
  const property = fc.asyncProperty(target.cases, async (fuzzCase) => {
    const invocation = await target.invoke(fuzzCase);
    if (first) onFirst?.(fuzzCase, invocation);
    first = false;
    const judgement = target.judge(fuzzCase, invocation);
    if (judgement.ok) return true;
    failing.set(fuzzCase, { judgement, invocation });
    throw new ContractBrokenError(judgement.problem);
  });
  const details = (await fc.check(property, { seed, path, numRuns: 1, plugins: [fc.interruptAfterTimeLimit(timeMs)] })) as fc.RunDetails<[C]>;
  const shrunk = details.failed && details.counterexample ? details.counterexample[0] : undefined;
  const found = shrunk === undefined ? undefined : failing.get(shrunk);
  if (shrunk === undefined || found === undefined) return undefined;
  return {
    seed,
    path,
    ...(details.counterexamplePath ? { shrunkPath: details.counterexamplePath } : {}),
    shrinks: details.numShrinks,
    reproduced: true,
    fuzzCase: shrunk,
    invocation: found.invocation,
    problem: found.judgement.problem,
    signature: found.judgement.signature,
  };
}
