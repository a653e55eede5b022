import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SqsRequestError, SqsServerStartError } from './errors';
import { HANDLE_ACTIONS } from './handle-actions';
import { readQueueMetrics, type SqsQueueMetrics } from './metrics';
import { type ActionContext, QUEUE_ACTIONS } from './queue-actions';
import { QueueRegistry } from './queue-registry';
import { receiveMessage } from './receive-message';
import { SEND_ACTIONS } from './send-actions';

/** Options for {@link startSqsServer}. */
export interface SqsServerOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /**
   * The clock messages live on, epoch ms: delays, visibility timeouts, retention, timestamps and
   * ages follow it (a drill's simulated time). Long polling waits in real time but answers as soon
   * as a message is receivable on this clock.
   * @default Date.now
   */
  readonly now?: () => number;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly accountId?: string;
  /** The `SenderId` messages carry: the sender's IAM user id in SQS. @default 'AIDAIT2UOQQY3AUEKVGXU' (moto's) */
  readonly senderId?: string;
}

/** A running local SQS server. */
export interface SqsServer {
  /** `http://<host>:<port>`: the SQS client's `endpoint` (or `AWS_ENDPOINT_URL_SQS`). */
  readonly endpoint: string;
  /** The queue's URL: `<endpoint>/<account>/<name>`. */
  url(name: string): string;
  /** The queue's ARN: `arn:aws:sqs:<region>:<account>:<name>`. */
  arn(name: string): string;
  /**
   * The queue's metrics now, as SQS reports them to CloudWatch (see {@link SqsQueueMetrics}:
   * cumulative counts, gauges on the server's clock).
   * @throws SqsRequestError `QueueDoesNotExist` naming the queue
   */
  queueMetrics(name: string): SqsQueueMetrics;
  /** The names of the queues, in creation order. */
  listQueues(): string[];
  /** Answers waiting receives empty, stops listening and closes every connection. */
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AmazonSQS.';
const JSON_1_0 = 'application/x-amz-json-1.0';

type Action = (input: never, context: ActionContext) => object;
const ACTIONS: Record<string, Action> = { ...QUEUE_ACTIONS, ...SEND_ACTIONS, ...HANDLE_ACTIONS };
const ANSWERED = [...Object.keys(ACTIONS), 'ReceiveMessage'].sort();

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const send = (response: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void => {
  if (response.writableEnded || response.destroyed) return;
  response.writeHead(status, { 'content-type': JSON_1_0, 'x-amzn-requestid': randomUUID(), ...headers });
  response.end(JSON.stringify(body));
};

/**
 * SQS's JSON error shape: the error's name in `__type` (`com.amazonaws.sqs#QueueDoesNotExist`) and
 * its query-protocol code in `x-amzn-query-error` (`AWS.SimpleQueueService.NonExistentQueue;Sender`),
 * from which @aws-sdk/client-sqs picks its exception class.
 */
const refuse = (response: ServerResponse, error: SqsRequestError): void =>
  send(
    response,
    error.statusCode,
    { __type: `com.amazonaws.sqs#${error.type}`, message: error.message },
    { 'x-amzn-query-error': `${error.queryCode};${error.statusCode < 500 ? 'Sender' : 'Receiver'}` },
  );

/** The action a request names, or the refusal that says why it names none this server answers. */
function actionOf(request: IncomingMessage): string {
  const contentType = String(request.headers['content-type'] ?? '');
  const target = String(request.headers['x-amz-target'] ?? '');
  if (!contentType.startsWith(JSON_1_0) || !target.startsWith(TARGET_PREFIX)) {
    throw new SqsRequestError(
      'UnknownOperationException',
      `This local SQS server speaks the AWS JSON 1.0 protocol only (Content-Type: ${JSON_1_0}, X-Amz-Target: AmazonSQS.<Action>), as @aws-sdk/client-sqs 3.x does; got Content-Type "${contentType}" and X-Amz-Target "${target}".`,
    );
  }
  const action = target.slice(TARGET_PREFIX.length);
  if (action !== 'ReceiveMessage' && !Object.hasOwn(ACTIONS, action)) {
    throw new SqsRequestError('UnknownOperationException', `This local SQS server does not answer the action ${action}; it answers ${ANSWERED.join(', ')}.`);
  }
  return action;
}

function parseInput(body: string, action: string): Record<string, unknown> {
  try {
    const input = JSON.parse(body || '{}') as unknown;
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) return input as Record<string, unknown>;
  } catch (error) {
    throw new SqsRequestError('InvalidParameterValue', `The body of ${action} is not JSON.`, { cause: error });
  }
  throw new SqsRequestError('InvalidParameterValue', `The body of ${action} is not a JSON object.`);
}

/**
 * Starts a local SQS server on loopback, speaking the AWS JSON 1.0 protocol that
 * @aws-sdk/client-sqs 3.x sends, for standard queues: queues with their attributes and redrive
 * policies, messages with delays, visibility timeouts, receipt handles, receive counts, redrive to a
 * dead-letter queue, retention and long polling, and the MD5 digests the SDK checks. Everything
 * lives in memory, on the clock passed in.
 *
 * @example
 * ```ts
 * const sqs = await startSqsServer({ now: () => clock.now });
 * const client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 * await client.send(new CreateQueueCommand({ QueueName: 'orders' }));
 * sqs.queueMetrics('orders').ApproximateNumberOfMessagesVisible; // 0
 * await sqs.close();
 * ```
 * @throws SqsServerStartError when the host and port cannot be listened on
 */
export async function startSqsServer(options: SqsServerOptions = {}): Promise<SqsServer> {
  const clock = options.now ?? Date.now;
  const registry = new QueueRegistry(options.region ?? 'us-east-1', options.accountId ?? '123456789012');
  const senderId = options.senderId ?? 'AIDAIT2UOQQY3AUEKVGXU';
  const closing = new AbortController();

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    try {
      const action = actionOf(request);
      const input = parseInput(body, action);
      if (action === 'ReceiveMessage') {
        // The client giving up, or the server closing, ends a long poll at once.
        const gone = new AbortController();
        response.once('close', () => gone.abort());
        const signal = AbortSignal.any([gone.signal, closing.signal]);
        send(response, 200, await receiveMessage(input, { registry, clock, signal }));
        return;
      }
      const traceHeader = request.headers['x-amzn-trace-id'];
      const context: ActionContext = { registry, now: clock(), senderId, ...(typeof traceHeader === 'string' ? { traceHeader } : {}) };
      send(response, 200, (ACTIONS[action] as Action)(input as never, context));
    } catch (error) {
      if (!(error instanceof SqsRequestError)) throw error;
      refuse(response, error);
    }
  };

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => send(response, 500, { __type: 'com.amazonaws.sqs#InternalError', message: `The local SQS server failed: ${String(error)}` }));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new SqsServerStartError(`The local SQS server cannot listen on ${host}:${options.port ?? 0}: ${error.message}`, { cause: error })));
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  registry.endpoint = `http://${host}:${port}`;

  return {
    endpoint: registry.endpoint,
    url: (name) => registry.url(name),
    arn: (name) => registry.arn(name),
    queueMetrics: (name) => readQueueMetrics(registry.get(name), clock()),
    listQueues: () => registry.all().map((queue) => queue.name),
    close: async () => {
      closing.abort();
      // Let the waiting receives write their empty answers before the connections go.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
