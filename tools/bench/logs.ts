/**
 * `logs`: what a successful request costs in CloudWatch Logs: the bytes the orders handlers write to
 * stdout (log lines and EMF blobs) for POST /orders and GET /orders/{orderId} at INFO.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { formatBytes, rounded } from './figures';
import { averageOutput, bytesByField, bytesByLineKind, emfSeriesOf, type OutputPart, type RequestOutput } from './log-anatomy';
import type { CapturedRequest, LogBytesPlan, LogBytesReport } from './log-bytes-worker';
import { ROOT } from './support/bundle';
import type { BenchOptions, BenchRunner, BenchSection } from './types';

/** Requests per route: warm-ups first (the cold start lands in one), then the measured ones. */
const PLANS: Readonly<Record<'full' | 'quick', LogBytesPlan>> = { full: { warmups: 5, samples: 50 }, quick: { warmups: 2, samples: 10 } };
/** The worker's whole run, well above its few seconds. */
const WORKER_TIMEOUT_MS = 120_000;
/** The worker runs from here, so tsx finds tsconfig.json (the `periscope` path mapping). */
/** How many fields and line kinds the notes name. */
const TOP_PARTS = 6;

/** Thrown when the log bytes cannot be measured; the message says which request or process failed. */
export class LogBytesError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LogBytesError';
  }
}

/**
 * The figures of the `logs` section, in results.json; `cost` reads them.
 * A type, not an interface: `BenchSection.figures` is a Record, which interfaces are not assignable to.
 */
export type LogFigures = {
  /** The larger of the POST and GET averages: the figure the 1 KB budget is about. */
  readonly logBytesPerRequest: number;
  readonly post: RequestOutput;
  readonly get: RequestOutput;
  /** Distinct EMF metric series (namespace, dimension names and values, metric name) over every request, warm-ups included. */
  readonly emfSeries: number;
  readonly series: readonly string[];
  /** Bytes per POST by top-level field, heaviest first. */
  readonly postFields: readonly OutputPart[];
  /** Bytes per POST by line kind, heaviest first. */
  readonly postLines: readonly OutputPart[];
};

/** Runs tools/bench/log-bytes-worker.ts in a child process (tsx) and returns the requests it captured. */
function captureInWorker(plan: LogBytesPlan): Promise<readonly CapturedRequest[]> {
  return new Promise((settle, fail) => {
    const worker = fork(join(__dirname, 'log-bytes-worker.ts'), [JSON.stringify(plan)], {
      cwd: ROOT,
      execArgv: ['--import', require.resolve('tsx')],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      timeout: WORKER_TIMEOUT_MS,
    });
    let stderr = '';
    let report: LogBytesReport | undefined;
    worker.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    worker.on('message', (message: LogBytesReport) => (report = message));
    worker.on('error', (error) => fail(new LogBytesError(`the log bytes worker could not run: ${error.message}`, { cause: error })));
    worker.on('exit', (code, signal) => {
      if (report !== undefined && 'requests' in report) return settle(report.requests);
      const why = report !== undefined && 'error' in report ? report.error : `it exited with ${signal ?? `code ${code}`} and no report`;
      fail(new LogBytesError(`the log bytes worker failed: ${why}${stderr === '' ? '' : `\nstderr:\n${stderr}`}`));
    });
  });
}

function measuredLines(requests: readonly CapturedRequest[], route: CapturedRequest['route'], status: number): string[][] {
  const measured = requests.filter((request) => request.route === route && request.measured);
  const failed = measured.find((request) => request.status !== status);
  if (failed !== undefined) throw new LogBytesError(`a measured ${route.toUpperCase()} request answered ${failed.status}, not ${status}: only successful requests are measured`);
  return measured.map((request) => [...request.lines]);
}

/** The section's figures from the captured requests. Pure. */
export function logFiguresOf(requests: readonly CapturedRequest[]): LogFigures {
  const post = measuredLines(requests, 'post', 201);
  const get = measuredLines(requests, 'get', 200);
  const series = [...new Set(requests.flatMap((request) => request.lines.flatMap(emfSeriesOf)))].sort();
  const postOutput = averageOutput(post);
  const getOutput = averageOutput(get);
  const round = (output: RequestOutput): RequestOutput => ({ bytes: rounded(output.bytes, 1), lines: rounded(output.lines), emfBlobs: rounded(output.emfBlobs) });
  const roundParts = (parts: readonly OutputPart[]): OutputPart[] => parts.map((part) => ({ part: part.part, bytes: rounded(part.bytes, 1) }));
  return {
    logBytesPerRequest: rounded(Math.max(postOutput.bytes, getOutput.bytes), 1),
    post: round(postOutput),
    get: round(getOutput),
    emfSeries: series.length,
    series,
    postFields: roundParts(bytesByField(post)),
    postLines: roundParts(bytesByLineKind(post)),
  };
}

const describeParts = (parts: readonly OutputPart[]): string =>
  parts
    .slice(0, TOP_PARTS)
    .map((part) => `${part.part} ${formatBytes(part.bytes)}`)
    .join(', ');

/**
 * Measures, in a child process hosting the real orders handlers against dynalite, what successful
 * POST /orders (201) and GET /orders/{orderId} (200) requests write to stdout at INFO: 5 warm-ups,
 * then the average of 50 each (2 and 10 when `quick`).
 *
 * @throws {LogBytesError} when the worker fails or a measured request does not succeed
 * @example
 * ```ts
 * const section = await runLogBytes({ progress: console.error, buildDir: 'tools/bench/.build' });
 * ```
 */
export const runLogBytes: BenchRunner = async (options: BenchOptions): Promise<BenchSection> => {
  const plan = options.quick ? PLANS.quick : PLANS.full;
  options.progress(`logs: ${plan.warmups} warm-up and ${plan.samples} measured requests per route, in a child process`);
  const figures = logFiguresOf(await captureInWorker(plan));
  const row = (label: string, output: RequestOutput): string[] => [label, formatBytes(output.bytes), String(output.lines), String(output.emfBlobs)];
  return {
    key: 'logs',
    title: 'Log bytes per successful request (stdout at INFO: log lines and EMF)',
    table: [['request', 'bytes / request', 'lines', 'EMF blobs'], row('POST /orders (201)', figures.post), row('GET /orders/{orderId} (200)', figures.get)],
    figures,
    notes: [
      `Everything the handler wrote to stdout/stderr, as UTF-8 with each line's newline; mean of ${plan.samples} requests per route after ${plan.warmups} warm-ups (the cold start's ColdStart EMF blob lands in a warm-up). Budget 1 KB for the larger.`,
      "Environment as serverless.yml deploys it: INFO, DEBUG sampling 0, function names periscope-orders-dev-*, a trace header per invocation (tracing is active on Lambda; the logger adds it when present). Requests are tools/drill/api-events.ts's, which carry an x-correlation-id header (drill-<uuid>). Lambda's own START/END/REPORT lines are not counted.",
      `EMF series seen: ${figures.emfSeries} (${figures.series.map((key) => key.split('|').slice(1).join(' ')).join('; ')}). Each function would report its own ColdStart series on Lambda; here they share one process, so only createOrder's shows.`,
      `POST bytes by line: ${describeParts(figures.postLines)}.`,
      `POST bytes by field: ${describeParts(figures.postFields)}.`,
    ],
  };
};
