/**
 * `npm run fuzz`: property-based fuzzing of the orders handlers (`--target orders`, the default) or
 * of the OrderPlaced queue's consumer (`--target fulfil-order`), in this process, against dynalite
 * and the local SQS server.
 */
import { exitQuietlyOnClosedPipe } from '../stack/cli';
import { formatFulfilCounterexample, tallyLines, writeFulfilEvent } from './fulfil-report';
import { failureLines, formatCounterexample, progressLine, statusLines, summaryLine, writeFullEvent } from './report';
import { runFulfilFuzz } from './run-fulfil-fuzz';
import { runFuzz } from './run-fuzz';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const HELP = `Usage: npm run fuzz [-- --target T] [-- --runs N] [-- --seed S] [-- --path P] [-- --help]

Targets (--target):
  orders        (default) the orders API handlers (createOrder, getOrder, listOrders, routeNotFound):
                generates API Gateway REST events from real ones (fixtures/external/powertools-events)
                with malformed and deeply nested JSON, wrong types, huge bodies, odd Unicode, prototype
                keys, odd content types and encodings, paths, path parameters and query strings, and
                runs each through the real handler in this process against dynalite and the local SQS
                server. Every answer must be a 2xx, or a 4xx with a JSON body { "error": { "code",
                "message" } }, with a JSON content type. A 5xx, a throw, or an answer that is not that
                JSON is a server error.
  fulfil-order  the OrderPlaced queue's consumer (fulfilOrder): generates SQS events of 1-10 records
                from AWS's reference event (test/fixtures/events/sqs-lambda-reference.json) and the
                real createOrder's messages, with arbitrary and malformed bodies, odd message
                attributes (huge, non-string, injection-looking correlation ids), missing fields and
                duplicate message ids, and runs each through the real handler against dynalite, with
                orders placed by the real createOrder. It must never throw for an SQS event, answer
                { batchItemFailures } naming exactly the records it could not process (never one it
                fulfilled, never an id not in the batch), write only JSON lines whose correlation_id
                is one the rules accept (and whose batch line lists the records' ids, each once),
                and write no order from a body that is not a valid OrderPlaced; an event that is not an SQS event must be refused with a TriggerEventError.
                A case that breaks one of these is a property violation.

The run goes on past failures; the first few (one per distinct failure) are shrunk and printed with
the event, what the handler wrote, and the target, seed and path that replay them.

Prints progress on stderr, and ends with one line "N cases, M server errors" (orders) or
"N cases, M property violations" (fulfil-order). Exits 1 when M > 0, 2 on a usage or setup error.

Options:
  --target T   orders (default) or fulfil-order
  --runs N     cases to run (default 10000)
  --seed S     fast-check seed (default: random, printed)
  --path P     replay only the case at this path (from a counterexample), with its seed and target
  --help, -h   this help
`;

/** The handlers a run fuzzes. */
const TARGETS = ['orders', 'fulfil-order'] as const;
type Target = (typeof TARGETS)[number];

/** What the command line asks for. */
interface CliOptions {
  readonly help: boolean;
  readonly target: Target;
  readonly runs?: number;
  readonly seed?: number;
  readonly path?: string;
}

/** Thrown for a command line the fuzzer cannot run; the message names the bad argument. */
class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function wholeNumber(name: string, value: string | undefined, min: number): number {
  const number = Number(value);
  if (value === undefined || !Number.isSafeInteger(number) || number < min) throw new UsageError(`${name} needs a whole number of at least ${min}, got ${value ?? 'nothing'}`);
  return number;
}

/** Reads the arguments; an unknown one or a bad value is an error naming it, not ignored. */
function parseArgs(args: readonly string[]): CliOptions {
  let options: CliOptions = { help: false, target: 'orders' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (name === '--help' || name === '-h') options = { ...options, help: true };
    else if (name === '--target') {
      const target = value();
      if (!(TARGETS as readonly (string | undefined)[]).includes(target)) throw new UsageError(`--target needs one of ${TARGETS.join(', ')}, got ${target ?? 'nothing'}`);
      options = { ...options, target: target as Target };
    } else if (name === '--runs') options = { ...options, runs: wholeNumber('--runs', value(), 1) };
    else if (name === '--seed') options = { ...options, seed: wholeNumber('--seed', value(), -0x80000000) };
    else if (name === '--path') {
      const path = value();
      if (!path || !/^\d+(:\d+)*$/.test(path)) throw new UsageError(`--path needs a fast-check path such as 37 or 37:2:0, got ${path ?? 'nothing'}`);
      options = { ...options, path };
    } else throw new UsageError(`unknown argument ${arg}; see --help`);
  }
  if (options.path !== undefined && options.seed === undefined) throw new UsageError('--path replays a case of one seed: give --seed too');
  return options;
}

const out = (text: string): void => void process.stdout.write(text);
const err = (text: string): void => void process.stderr.write(text);

/** The run options both targets take, from the command line. */
const runOptions = (options: CliOptions) => ({
  ...(options.runs === undefined ? {} : { runs: options.runs }),
  ...(options.seed === undefined ? {} : { seed: options.seed }),
  ...(options.path === undefined ? {} : { path: options.path }),
});

async function fuzzOrders(options: CliOptions): Promise<number> {
  const report = await runFuzz({ ...runOptions(options), onProgress: (progress) => err(`${progressLine(progress)}\n`) });
  err(`fuzz: seed ${report.seed}, ${Math.round(report.elapsedMs / 1000)} s; answers by handler and status:\n${statusLines(report).join('\n')}\n`);
  for (const [index, counterexample] of report.counterexamples.entries()) out(`\n${formatCounterexample(counterexample, index, writeFullEvent(counterexample, index))}`);
  if (report.serverErrors > 0) out(`\nServer errors by failure (the first case of each, up to five, is shrunk and shown above):\n${failureLines(report).join('\n')}\n`);
  out(`${summaryLine(report)}\n`);
  return report.serverErrors > 0 ? 1 : 0;
}

async function fuzzFulfilOrder(options: CliOptions): Promise<number> {
  const report = await runFulfilFuzz({ ...runOptions(options), onProgress: (progress) => err(`${progressLine(progress, 'property violations')}\n`) });
  err(`fuzz: seed ${report.seed}, ${Math.round(report.elapsedMs / 1000)} s; what fulfilOrder was fed and did:\n${tallyLines(report.tallies).join('\n')}\n`);
  for (const [index, counterexample] of report.counterexamples.entries()) out(`\n${formatFulfilCounterexample(counterexample, index, writeFulfilEvent(counterexample, index))}`);
  if (report.violations > 0) out(`\nProperty violations by property (the first case of each, up to five, is shrunk and shown above):\n${failureLines(report).join('\n')}\n`);
  out(`${report.cases} cases, ${report.violations} property violations\n`);
  return report.violations > 0 ? 1 : 0;
}

async function main(args: readonly string[]): Promise<number> {
  const options = parseArgs(args);
  if (options.help) {
    out(HELP);
    return 0;
  }
  return options.target === 'fulfil-order' ? fuzzFulfilOrder(options) : fuzzOrders(options);
}

exitQuietlyOnClosedPipe();
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm run fuzz: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
