import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { LAMBDA_SANDBOX_ENV } from '../drill/lambda-sandbox';
import { ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../emulators/dynamodb-local/dynalite';
import { LOCAL_LAMBDA_ENV, localDynamoDbEnv } from '../emulators/lambda-sandbox/lambda-context';
import { type LocalOrderQueues, startOrderQueues } from '../stack/order-queues';

/** The orders functions' timeout in serverless.yml: an invocation still running then has failed. */
export const INVOCATION_TIMEOUT_MS = 10_000;

/** What an invocation that ran past {@link INVOCATION_TIMEOUT_MS} settles with: Lambda would end it, and API Gateway answer 502. */
export class InvocationTimeoutError extends Error {
  public constructor(timeoutMs: number) {
    super(`no answer within the function's ${timeoutMs} ms timeout: Lambda would end the invocation and API Gateway answer 502`);
    this.name = 'InvocationTimeoutError';
  }
}

/** `work`, or an {@link InvocationTimeoutError} once it has run `timeoutMs`, so a handler that hangs fails its case instead of the run. */
export async function withinTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new InvocationTimeoutError(timeoutMs)), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The local parts the orders handlers run on while fuzzed, with this process made their Lambda sandbox. */
export interface OrdersSandbox {
  readonly dynamo: LocalDynamoDb;
  readonly queues: LocalOrderQueues;
  /** Stops the queues, the X-Ray sink and dynalite. */
  close(): Promise<void>;
}

/** The handlers read their configuration once, when first loaded: the endpoint they were loaded with. */
let loadedFor: string | undefined;

/** A UDP socket that takes the handlers' X-Ray datagrams and drops them, as a daemon that is up. */
function startXRaySink(): Promise<Socket> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.on('message', () => undefined);
      resolve(socket);
    });
  });
}

/**
 * Starts dynalite with the orders table `tableName` and the local SQS server with the OrderPlaced
 * queue, and makes this process a Lambda sandbox for the orders handlers (their environment, X-Ray on
 * and sampled, datagrams to a local sink) — before the caller loads them: the handlers read their
 * table, queue and endpoints once. One sandbox per module registry.
 *
 * @throws `makeError(message)` when the handlers were already loaded for another endpoint
 */
export async function startOrdersSandbox(tableName: string, makeError: (message: string) => Error): Promise<OrdersSandbox> {
  if (loadedFor !== undefined) throw makeError(`the orders handlers are already loaded for ${loadedFor}; start one fuzz target per process (or jest test file)`);
  const dynamo = await startDynalite(0);
  let queues: LocalOrderQueues | undefined;
  let sink: Socket | undefined;
  const close = async (): Promise<void> => {
    sink?.close();
    await queues?.close();
    await dynamo.close();
  };
  try {
    await ensureOrdersTable(dynamo.endpoint, tableName);
    queues = await startOrderQueues();
    sink = await startXRaySink();
    Object.assign(process.env, LAMBDA_SANDBOX_ENV, LOCAL_LAMBDA_ENV, {
      ORDERS_TABLE_NAME: tableName,
      ...localDynamoDbEnv(dynamo.endpoint),
      ...queues.env,
      POWERTOOLS_SERVICE_NAME: 'orders',
      POWERTOOLS_METRICS_NAMESPACE: 'Periscope/Orders',
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(sink.address() as AddressInfo).port}`,
    });
    loadedFor = dynamo.endpoint;
    return { dynamo, queues, close };
  } catch (error) {
    await close();
    throw error;
  }
}
