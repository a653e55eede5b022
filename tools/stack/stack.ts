import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ORDER_PLACED_QUEUE } from '../../handlers/orders/adapters/order-queue';
import { ensureIdempotencyTable, ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../emulators/dynamodb-local/dynalite';
import { LOCAL_LAMBDA_ENV, localDynamoDbEnv } from '../emulators/lambda-sandbox/lambda-context';
import { createSqsEventSource, type SqsBatchOutcome } from '../emulators/sqs-lambda';
import { type CompletedTrace, startXRayCollector, type XRayCollector } from '../emulators/xray-daemon';
import { buildLambdaServicePreload } from './build-preload';
import { offlineInvoker } from './offline-invoke';
import { type OfflineProcess, startOffline } from './offline-process';
import { type LocalOrderQueues, startOrderQueues } from './order-queues';

/** Ports and hooks of the local stack; every port can be 0 except the API's in `npm start`. */
export interface LocalStackOptions {
  /** @default 3000 */
  readonly httpPort?: number;
  /** @default 3002 */
  readonly lambdaPort?: number;
  /** @default 4567 */
  readonly dynamoDbPort?: number;
  /** @default 2000, the X-Ray daemon's default port, where a tracer sends when `AWS_XRAY_DAEMON_ADDRESS` is unset */
  readonly xrayPort?: number;
  /** @default 9324 (ElasticMQ's, the port SQS emulators use); 0 picks a free one */
  readonly sqsPort?: number;
  /** The SQS server's clock, which visibility timeouts and message ages follow (a test moves it on to skip a 60 s timeout). @default Date.now */
  readonly sqsClock?: () => number;
  /** @default 'dev' */
  readonly stage?: string;
  /** Each line the handlers and serverless-offline print. */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Each trace, once the collector has all of it. */
  readonly onTrace?: (trace: CompletedTrace) => void;
  /** Each batch the OrderPlaced queue's event source mapping delivered to fulfilOrder. */
  readonly onBatch?: (outcome: SqsBatchOutcome) => void;
  /** How long the X-Ray collector waits for more of a trace before printing it: long enough for the queue's consumer to join the producer's trace. @default 2500 */
  readonly traceQuietMs?: number;
  /** Progress messages while starting. */
  readonly onProgress?: (message: string) => void;
  /** Extra environment for the handlers (e.g. `LOG_LEVEL`). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The running stack. */
export interface LocalStack {
  /** `http://127.0.0.1:<port>`, no stage prefix. */
  readonly apiUrl: string;
  /** The serverless stage it runs: names the functions (`periscope-orders-<stage>-<key>`), the API and the table. */
  readonly stage: string;
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  /** The OrderPlaced queue and its dead letter queue, on the local SQS server. */
  readonly queues: Pick<LocalOrderQueues, 'queueUrl' | 'queueName' | 'deadLetterQueueUrl' | 'deadLetterQueueName' | 'client'> & {
    readonly endpoint: string;
    /** A queue's CloudWatch metrics now, by name (see the SQS server's `queueMetrics`). */
    readonly metrics: LocalOrderQueues['sqs']['queueMetrics'];
  };
  readonly collector: XRayCollector;
  /** The serverless-offline process, whose worker threads run the handlers as Lambda would. */
  readonly offlinePid: number | undefined;
  /** Stops everything, in reverse order of start. Safe to call twice. */
  close(): Promise<void>;
}

/** The project root: where serverless.yml is. */
export const PROJECT_ROOT = resolve(__dirname, '../..');

/**
 * Starts the orders service on local parts: dynalite (in this process) with the table created, the
 * local SQS server with the OrderPlaced queue and its dead letter queue, a UDP X-Ray collector,
 * serverless-offline serving the API and running every function with the handlers' environment set
 * as Lambda sets it: tracing on, real cold starts, a trace header per invocation (set by the
 * `lambda-service-preload`), segments sent to the collector — and Lambda's SQS event source mapping
 * polling the queue and invoking fulfilOrder through serverless-offline's Lambda Invoke API.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const progress = options.onProgress ?? (() => undefined);
  const stage = options.stage ?? 'dev';
  const tableName = `periscope-orders-${stage}-orders`;
  const started: { close: () => Promise<void> }[] = [];
  const close = async (): Promise<void> => {
    for (const part of started.splice(0).reverse()) await part.close().catch(() => undefined);
  };

  try {
    progress('starting DynamoDB (dynalite, in memory)');
    const dynamo: LocalDynamoDb = await startDynalite(options.dynamoDbPort ?? 4567);
    started.push(dynamo);
    await ensureOrdersTable(dynamo.endpoint, tableName);
    // serverless.yml gives the handlers IDEMPOTENCY_TABLE_NAME; the table is created here as the stack would.
    await ensureIdempotencyTable(dynamo.endpoint, `periscope-orders-${stage}-idempotency`);

    progress('starting SQS (the OrderPlaced queue and its dead letter queue, in memory)');
    const queues = await startOrderQueues({ stage, port: options.sqsPort ?? 9324, ...(options.sqsClock ? { now: options.sqsClock } : {}) });
    started.push(queues);

    progress('starting the X-Ray collector');
    const collector = await startXRayCollector({
      port: options.xrayPort ?? 2000,
      quietMs: options.traceQuietMs ?? 2500,
      ...(options.onTrace ? { onTrace: options.onTrace } : {}),
    });
    started.push(collector);

    progress('starting serverless-offline (bundles the handlers with esbuild first)');
    const scratch = mkdtempSync(join(tmpdir(), 'periscope-stack-'));
    started.push({ close: async () => rmSync(scratch, { recursive: true, force: true }) });
    const preload = buildLambdaServicePreload(scratch);
    const httpPort = options.httpPort ?? 3000;
    const lambdaPort = options.lambdaPort ?? 3002;
    const offline: OfflineProcess = await startOffline({
      cwd: PROJECT_ROOT,
      httpPort,
      lambdaPort,
      stage,
      params: { orderEventsQueueUrl: queues.queueUrl },
      onLine: options.onLine ?? (() => undefined),
      env: {
        ...process.env,
        ...LOCAL_LAMBDA_ENV,
        // What Lambda sets and the function reads: tracing is on only under AWS_EXECUTION_ENV; the
        // daemon address, the DynamoDB endpoint, and (per invocation, through the preload) the trace header.
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${collector.address.port}`,
        ...localDynamoDbEnv(dynamo.endpoint),
        AWS_ENDPOINT_URL_SQS: queues.sqs.endpoint,
        NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${JSON.stringify(preload)}`].filter(Boolean).join(' '),
        ...options.env,
      },
    });
    started.push({ close: () => offline.stop() });

    progress("polling the OrderPlaced queue for fulfilOrder (Lambda's SQS event source mapping)");
    const fulfilOrder = offlineInvoker(lambdaPort, `periscope-orders-${stage}-fulfilOrder`);
    started.push({ close: async () => fulfilOrder.close() });
    const mapping = createSqsEventSource({
      client: queues.client(),
      queueUrl: queues.queueUrl,
      queueArn: queues.sqs.arn(queues.queueName),
      batchSize: ORDER_PLACED_QUEUE.batchSize,
      maximumBatchingWindowSeconds: ORDER_PLACED_QUEUE.maximumBatchingWindowSeconds,
      functionResponseType: 'ReportBatchItemFailures',
      invoke: fulfilOrder.invoke,
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
    });
    mapping.start();
    started.push({ close: () => mapping.stop() });
    return {
      apiUrl: `http://127.0.0.1:${httpPort}`,
      stage,
      dynamoDbEndpoint: dynamo.endpoint,
      tableName,
      queues: { ...queues, endpoint: queues.sqs.endpoint, metrics: (name) => queues.sqs.queueMetrics(name) },
      collector,
      offlinePid: offline.child.pid,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
