import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { LOCAL_LAMBDA_ENV, localDynamoDbEnv } from '../emulators/lambda-sandbox/lambda-context';
import { freePort } from '../stack/ports';
import { type LocalStack, startLocalStack } from '../stack/stack';
import { type MemorySample, type MemoryTrend, memoryTrend } from './memory-trend';
import { checkWorkerHeap, type WorkerHeapReport } from './worker-heap';

/** What to run. */
export interface LoadOptions {
  /** @default 60 */
  readonly durationSeconds?: number;
  /** Concurrent connections. @default 4 */
  readonly connections?: number;
  /** serverless-offline RSS growth after the warm-up still called flat (reported, not judged). @default 24 */
  readonly toleranceMiB?: number;
  /** Progress lines. */
  readonly progress?: (line: string) => void;
}

/** What the load run measured. */
export interface LoadReport {
  readonly durationSeconds: number;
  readonly connections: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Answers outside 2xx, connection errors and timeouts: the run passes only with 0. */
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** serverless-offline's resident memory (its worker threads run the handlers; it also holds its own state). */
  readonly offlineRss: MemoryTrend;
  readonly offlineRssSamples: readonly MemorySample[];
  /** The handlers' heap after GC in a Lambda worker process, block after block: the leak verdict. */
  readonly workerHeap: WorkerHeapReport;
}

/** Thrown when the run cannot be set up (the stack does not start, the seed order is refused). */
export class LoadRunError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LoadRunError';
  }
}

/** What Lambda sets that the handlers read, for the heap-check worker (the stack sets the same for serverless-offline). */
const LAMBDA_WORKER_ENV: Readonly<Record<string, string>> = {
  ...LOCAL_LAMBDA_ENV,
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  _HANDLER: 'handler.createOrder',
};

const ORDER_BODY = JSON.stringify({ customerId: 'load-customer', currency: 'EUR', items: [{ sku: 'book-1', quantity: 2, unitPrice: 12.5 }] });
const JSON_HEADERS = { 'content-type': 'application/json' };
/** Where Linux keeps a process's resident memory, in kB. */
const rssOf = (pid: number): number => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new LoadRunError(`cannot read the resident memory of process ${pid} from /proc`);
  return Number(match[1]) * 1024;
};

/**
 * Starts the local stack (dynalite, the local SQS server with the OrderPlaced queue and its consumer,
 * X-Ray collector, serverless-offline running the real handlers in its worker threads) on free
 * loopback ports, stores one order, then drives `POST /orders` and
 * `GET /orders/{id}` with autocannon for the duration, sampling the offline process's resident
 * memory every 2 s.
 *
 * @throws {@link LoadRunError} when the stack or the seed order fails
 */
export async function runLoad(options: LoadOptions = {}): Promise<LoadReport> {
  const durationSeconds = options.durationSeconds ?? 60;
  const connections = options.connections ?? 4;
  const progress = options.progress ?? (() => undefined);
  const stack: LocalStack = await startLocalStack({
    httpPort: await freePort(),
    lambdaPort: await freePort(),
    dynamoDbPort: 0,
    sqsPort: 0,
    xrayPort: 0,
    onProgress: (message) => progress(`stack: ${message}`),
    onLine: () => undefined, // the handlers' own lines: thousands a second, not this report
  });
  try {
    const pid = stack.offlinePid;
    if (pid === undefined) throw new LoadRunError('serverless-offline started without a process id to watch');
    const seeded = await fetch(`${stack.apiUrl}/orders`, { method: 'POST', headers: JSON_HEADERS, body: ORDER_BODY });
    if (seeded.status !== 201) throw new LoadRunError(`the seed order was answered ${seeded.status}: ${await seeded.text()}`);
    const { orderId } = (await seeded.json()) as { orderId: string };

    const samples: MemorySample[] = [];
    const started = Date.now();
    const sample = (): void => {
      samples.push({ atSeconds: (Date.now() - started) / 1000, bytes: rssOf(pid) });
    };
    sample();
    const sampler = setInterval(sample, 2000);
    const ticker = setInterval(() => progress(`load: ${Math.round((Date.now() - started) / 1000)} of ${durationSeconds} s, serverless-offline at ${Math.round(rssOf(pid) / 2 ** 20)} MiB`), 10_000);
    let result: autocannon.Result;
    try {
      result = await autocannon({
        url: stack.apiUrl,
        connections,
        duration: durationSeconds,
        timeout: 10,
        requests: [
          { method: 'POST', path: '/orders', headers: JSON_HEADERS, body: ORDER_BODY },
          { method: 'GET', path: `/orders/${orderId}` },
        ],
      });
    } finally {
      clearInterval(sampler);
      clearInterval(ticker);
    }
    sample();
    progress('worker heap: the same requests in a Lambda worker process, heap read after GC per block');
    const workerHeap = await checkWorkerHeap({
      env: {
        ...process.env,
        ...LAMBDA_WORKER_ENV,
        ORDERS_TABLE_NAME: stack.tableName,
        ...localDynamoDbEnv(stack.dynamoDbEndpoint),
        // The stack's OrderPlaced queue: the worker's orders are published there (and fulfilled by the stack's consumer).
        AWS_ENDPOINT_URL_SQS: stack.queues.endpoint,
        ORDER_EVENTS_QUEUE_URL: stack.queues.queueUrl,
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${stack.collector.address.port}`,
      },
      progress,
    });
    return {
      durationSeconds,
      connections,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      offlineRss: memoryTrend(samples, { warmUpSeconds: Math.min(15, durationSeconds / 4), toleranceMiB: options.toleranceMiB ?? 24 }),
      offlineRssSamples: samples,
      workerHeap,
    };
  } finally {
    await stack.close();
  }
}
