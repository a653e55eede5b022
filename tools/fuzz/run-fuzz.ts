import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { CapturedWrite } from '../emulators/lambda-sandbox/capture-output';
import { failureSignature } from './failure-signature';
import { loadFixtureEvents } from './fixture-events';
import { type FuzzRunOptions, type Judgement, runEngine } from './fuzz-engine';
import { type FuzzCase, ORDERS_ROUTES, type OrdersRoute, ordersCase } from './orders-cases';
import { type Invocation, startOrdersTarget } from './orders-target';
import { checkResponse } from './response-contract';

export type { FuzzProgress } from './fuzz-engine';

/** Options of {@link runFuzz}: the run's, as for every target, and where the real events come from. */
export interface FuzzOptions extends FuzzRunOptions {
  /** Where the shared fixtures are. @default see `sharedFixturesDir` */
  readonly sharedDir?: string;
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

/** The response contract as the engine's judge: a broken promise, told apart by what the handler logged. */
const judgeResponse = (_fuzzCase: FuzzCase, { settled, writes }: Invocation): Judgement => {
  const verdict = checkResponse(settled);
  return verdict.ok ? { ok: true } : { ok: false, problem: verdict.problem, signature: failureSignature(verdict, writes) };
};

/**
 * Fuzzes the orders handlers: starts dynalite, the OrderPlaced queue and the real handlers in this
 * process, runs `runs` generated API Gateway events through them (see `ordersCase`) and checks every
 * answer against the response contract (see `checkResponse`), through the fuzz engine (`runEngine`):
 * a failing case does not stop the run, and the first of each distinct failure is shrunk afterwards,
 * with what the handler wrote. Handler output never reaches the terminal.
 *
 * @example
 * ```ts
 * const report = await runFuzz({ runs: 500, seed: 42 });
 * console.log(`${report.cases} cases, ${report.serverErrors} server errors`);
 * ```
 */
export async function runFuzz(options: FuzzOptions = {}): Promise<FuzzReport> {
  const templates = loadFixtureEvents(options.sharedDir);
  const target = await startOrdersTarget((templates[0] as (typeof templates)[number]).event);
  const statuses = Object.fromEntries(ORDERS_ROUTES.map((route) => [route, {}])) as Record<OrdersRoute, Record<string, number>>;
  try {
    const report = await runEngine(
      { cases: ordersCase({ templates, known: target.known }), invoke: target.invoke, judge: judgeResponse },
      {
        ...options,
        onCase: (fuzzCase, { settled }) => {
          const status = settled.ok ? String(settled.value?.statusCode) : 'threw';
          const counts = statuses[fuzzCase.route];
          counts[status] = (counts[status] ?? 0) + 1;
        },
      },
    );
    const counterexamples = report.counterexamples.map(({ invocation, ...counterexample }) => ({
      ...counterexample,
      writes: invocation.writes,
      templateEvent: (templates.find((t) => t.file === counterexample.fuzzCase.template) as (typeof templates)[number]).event,
    }));
    return { seed: report.seed, cases: report.cases, serverErrors: report.failures, counterexamples, failureCounts: report.failureCounts, statuses, elapsedMs: report.elapsedMs };
  } finally {
    await target.close();
  }
}
