import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureIdempotencyTable, ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../emulators/dynamodb-local/dynalite';
import { LOCAL_LAMBDA_ENV, localDynamoDbEnv } from '../emulators/lambda-sandbox/lambda-context';
import { type CompletedTrace, startXRayCollector, type XRayCollector } from '../emulators/xray-daemon';
import { buildLambdaServicePreload } from './build-preload';
import { type OfflineProcess, startOffline } from './offline-process';

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
  /** @default 'dev' */
  readonly stage?: string;
  /** Each line the handlers and serverless-offline print. */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Each trace, once the collector has all of it. */
  readonly onTrace?: (trace: CompletedTrace) => void;
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
  readonly collector: XRayCollector;
  /** The serverless-offline process, whose worker threads run the handlers as Lambda would. */
  readonly offlinePid: number | undefined;
  /** Stops everything, in reverse order of start. Safe to call twice. */
  close(): Promise<void>;
}

/** The project root: where serverless.yml is. */
export const PROJECT_ROOT = resolve(__dirname, '../..');

/**
 * Starts the orders service on local parts: dynalite (in this process) with the table created, a
 * UDP X-Ray collector, and serverless-offline serving the API with the handlers' environment set
 * as Lambda sets it: tracing on, real cold starts, a trace header per invocation (set by the
 * `lambda-service-preload`), segments sent to the collector.
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

    progress('starting the X-Ray collector');
    const collector = await startXRayCollector({ port: options.xrayPort ?? 2000, ...(options.onTrace ? { onTrace: options.onTrace } : {}) });
    started.push(collector);

    progress('starting serverless-offline (bundles the handlers with esbuild first)');
    const scratch = mkdtempSync(join(tmpdir(), 'periscope-stack-'));
    started.push({ close: async () => rmSync(scratch, { recursive: true, force: true }) });
    const preload = buildLambdaServicePreload(scratch);
    const httpPort = options.httpPort ?? 3000;
    const offline: OfflineProcess = await startOffline({
      cwd: PROJECT_ROOT,
      httpPort,
      lambdaPort: options.lambdaPort ?? 3002,
      stage,
      onLine: options.onLine ?? (() => undefined),
      env: {
        ...process.env,
        ...LOCAL_LAMBDA_ENV,
        // What Lambda sets and the function reads: tracing is on only under AWS_EXECUTION_ENV; the
        // daemon address, the DynamoDB endpoint, and (per invocation, through the preload) the trace header.
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${collector.address.port}`,
        ...localDynamoDbEnv(dynamo.endpoint),
        NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${JSON.stringify(preload)}`].filter(Boolean).join(' '),
        ...options.env,
      },
    });
    started.push({ close: () => offline.stop() });
    return { apiUrl: `http://127.0.0.1:${httpPort}`, stage, dynamoDbEndpoint: dynamo.endpoint, tableName, collector, offlinePid: offline.child.pid, close };
  } catch (error) {
    await close();
    throw error;
  }
}
