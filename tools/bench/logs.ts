/**
 * `logs`: what a successful request costs in CloudWatch Logs: the bytes the orders handlers write to
 * stdout (log lines and EMF blobs) for POST /orders and GET /orders/{orderId} at INFO, and what
 * fulfilOrder writes for each order POST /orders places (the asynchronous leg).
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { formatBytes, rounded } from './figures';
import { averageOutput, bytesByField, bytesByLineKind, emfSeriesOf, type OutputPart, type RequestOutput } from './log-anatomy';
import { type CapturedApiRequest, type CapturedBatch, type CapturedRequest, FULL_BATCH, type LogBytesPlan, type LogBytesReport } from './log-bytes-worker';
import { ROOT } from './support/bundle';
import type { BenchOptions, BenchRunner, BenchSection } from './types';

/** Requests per route: warm-ups first (the cold start lands in one), then the measured ones; then fulfilOrder's batches. */
const PLANS: Readonly<Record<'full' | 'quick', LogBytesPlan>> = {
  full: { warmups: 5, samples: 50, singleBatches: 10, fullBatches: 4 },
  quick: { warmups: 2, samples: 10, singleBatches: 2, fullBatches: 1 },
};
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
  /** The larger of the POST and GET averages: the figure the 1 KB budget is about (an API request's own lines). */
  readonly logBytesPerRequest: number;
  readonly post: RequestOutput;
  readonly get: RequestOutput;
  /** What fulfilOrder writes per invocation, for a batch of one message and a full batch, and per message in a full batch. */
  readonly fulfil: { readonly batchOf1: RequestOutput; readonly batchOfFull: RequestOutput; readonly fullBatch: number; readonly bytesPerMessage: number };
  /** A POST with its share of a full fulfilOrder batch: what placing one order writes in all. */
  readonly orderBytes: number;
  /** What `cost` prices every request at: the larger of {@link orderBytes} and a GET. */
  readonly pricedBytesPerRequest: number;
  /** Distinct EMF metric series (namespace, dimension names and values, metric name) over every request, warm-ups included. */
  readonly emfSeries: number;
  readonly series: readonly string[];
  /** Bytes per POST by top-level field, heaviest first. */
  readonly postFields: readonly OutputPart[];
  /** Bytes per POST by line kind, heaviest first. */
  readonly postLines: readonly OutputPart[];
  /** Bytes per full fulfilOrder batch by line kind, heaviest first. */
  readonly fulfilLines: readonly OutputPart[];
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

function measuredLines(requests: readonly CapturedRequest[], route: CapturedApiRequest['route'], status: number): string[][] {
  const measured = requests.filter((request): request is CapturedApiRequest => request.route === route && request.measured);
  const failed = measured.find((request) => request.status !== status);
  if (failed !== undefined) throw new LogBytesError(`a measured ${route.toUpperCase()} request answered ${failed.status}, not ${status}: only successful requests are measured`);
  return measured.map((request) => [...request.lines]);
}

/** The lines of the measured fulfilOrder batches of `records` messages, each of which must have fulfilled them all. */
function measuredBatches(requests: readonly CapturedRequest[], records: number): string[][] {
  const measured = requests.filter((request): request is CapturedBatch => request.route === 'fulfil' && request.measured && request.records === records);
  if (measured.length === 0) throw new LogBytesError(`no measured fulfilOrder batch of ${records} message${records === 1 ? '' : 's'}`);
  const failed = measured.find((batch) => batch.failed > 0);
  if (failed !== undefined) throw new LogBytesError(`a measured fulfilOrder batch of ${records} reported ${failed.failed} failed: only batches that fulfilled every order are measured`);
  return measured.map((batch) => [...batch.lines]);
}

/** The section's figures from the captured requests. Pure. */
export function logFiguresOf(requests: readonly CapturedRequest[]): LogFigures {
  const post = measuredLines(requests, 'post', 201);
  const get = measuredLines(requests, 'get', 200);
  const series = [...new Set(requests.flatMap((request) => request.lines.flatMap(emfSeriesOf)))].sort();
  const postOutput = averageOutput(post);
  const getOutput = averageOutput(get);
  const single = averageOutput(measuredBatches(requests, 1));
  const fullBatches = measuredBatches(requests, FULL_BATCH);
  const full = averageOutput(fullBatches);
  const round = (output: RequestOutput): RequestOutput => ({ bytes: rounded(output.bytes, 1), lines: rounded(output.lines), emfBlobs: rounded(output.emfBlobs) });
  const roundParts = (parts: readonly OutputPart[]): OutputPart[] => parts.map((part) => ({ part: part.part, bytes: rounded(part.bytes, 1) }));
  const orderBytes = postOutput.bytes + full.bytes / FULL_BATCH;
  return {
    logBytesPerRequest: rounded(Math.max(postOutput.bytes, getOutput.bytes), 1),
    post: round(postOutput),
    get: round(getOutput),
    fulfil: { batchOf1: round(single), batchOfFull: round(full), fullBatch: FULL_BATCH, bytesPerMessage: rounded(full.bytes / FULL_BATCH, 1) },
    orderBytes: rounded(orderBytes, 1),
    pricedBytesPerRequest: rounded(Math.max(orderBytes, getOutput.bytes), 1),
    emfSeries: series.length,
    series,
    postFields: roundParts(bytesByField(post)),
    postLines: roundParts(bytesByLineKind(post)),
    fulfilLines: roundParts(bytesByLineKind(fullBatches)),
  };
}

const describeParts = (parts: readonly OutputPart[]): string =>
  parts
    .slice(0, TOP_PARTS)
    .map((part) => `${part.part} ${formatBytes(part.bytes)}`)
    .join(', ');

/**
 * Measures, in a child process hosting the real orders handlers against dynalite and the local SQS
 * server, what successful POST /orders (201) and GET /orders/{orderId} (200) requests write to stdout
 * at INFO: 5 warm-ups, then the average of 50 each (2 and 10 when `quick`); and what fulfilOrder
 * writes for the orders' OrderPlaced messages, per batch of one (10 measured, 2 when `quick`) and per
 * full batch of 10 (4, and 1).
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
  const row = (label: string, output: RequestOutput, per = 1): string[] => [label, formatBytes(output.bytes), String(output.lines), String(output.emfBlobs), formatBytes(output.bytes / per)];
  const { fulfil } = figures;
  return {
    key: 'logs',
    title: 'Log bytes per successful request (stdout at INFO: log lines and EMF)',
    table: [
      ['invocation', 'bytes / invocation', 'lines', 'EMF blobs', 'bytes / order'],
      row('POST /orders (201)', figures.post),
      row('GET /orders/{orderId} (200)', figures.get),
      row('fulfilOrder, batch of 1', fulfil.batchOf1),
      row(`fulfilOrder, batch of ${fulfil.fullBatch}`, fulfil.batchOfFull, fulfil.fullBatch),
      ['POST + its fulfilment (full batches)', '', '', '', formatBytes(figures.orderBytes)],
    ],
    figures,
    notes: [
      `Everything the handler wrote to stdout/stderr, as UTF-8 with each line's newline; mean of ${plan.samples} requests per route after ${plan.warmups} warm-ups (the cold start's ColdStart EMF blob lands in a warm-up). Budget 1 KB for the larger of POST and GET: an API request's own lines (logBytesPerRequest).`,
      `The asynchronous leg: each POST publishes OrderPlaced, which fulfilOrder (Lambda's SQS event source mapping, batches of up to ${fulfil.fullBatch}) fulfils: one 'batch completed' line (listing the records' correlation ids) and one EMF document (OrderFulfilled, FulfilmentDelay, BatchRecords, BatchItemFailures) per batch; the 'record processed' line per message is at DEBUG (withSqsObservability's processedRecordLogLevel), so not written here. Mean of ${plan.singleBatches} batches of 1 and ${plan.fullBatches} full batches of the POSTs' own messages, after one warm-up batch (fulfilOrder's cold start). A POST with its share of a full batch: ${formatBytes(figures.orderBytes)}; with a batch to itself (traffic under one order per batching window) ${formatBytes(figures.post.bytes + fulfil.batchOf1.bytes)}. cost prices every request at the larger of that and a GET (${formatBytes(figures.pricedBytesPerRequest)}).`,
      "Environment as serverless.yml deploys it: INFO, DEBUG sampling 0, function names periscope-orders-dev-*, a trace header per invocation (tracing is active on Lambda; the logger adds it when present). Requests are tools/drill/api-events.ts's, which carry an x-correlation-id header (drill-<uuid>). Lambda's own START/END/REPORT lines are not counted.",
      `EMF series seen: ${figures.emfSeries} (${figures.series.map((key) => key.split('|').slice(1).join(' ')).join('; ')}). Each function would report its own ColdStart series on Lambda; here the API's functions share one process, so only createOrder's and fulfilOrder's show.`,
      `POST bytes by line: ${describeParts(figures.postLines)}.`,
      `POST bytes by field: ${describeParts(figures.postFields)}.`,
      `fulfilOrder bytes by line, per batch of ${fulfil.fullBatch}: ${describeParts(figures.fulfilLines)}.`,
    ],
  };
};
