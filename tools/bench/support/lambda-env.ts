import { delimiter, join } from 'node:path';
import { LAMBDA_SANDBOX_ENV } from '../../drill/lambda-sandbox';
import { localDynamoDbEnv } from '../../emulators/lambda-sandbox/lambda-context';
import { ROOT } from './bundle';

/** What differs between the benchmark's Lambda sandboxes. */
export interface SandboxEnvOptions {
  /** `AWS_LAMBDA_FUNCTION_NAME`. */
  readonly functionName: string;
  /** `_HANDLER` (`handler.createOrder`); Periscope names the handler subsegment after it. */
  readonly handler: string;
  /** `AWS_XRAY_DAEMON_ADDRESS`: where X-Ray segments go over UDP. */
  readonly xrayDaemonAddress: string;
  /**
   * `AWS_ENDPOINT_URL_DYNAMODB`: the loopback DynamoDB.
   * @default `http://127.0.0.1:9` (the discard port), for clients whose requests never leave the process
   */
  readonly dynamoDbEndpoint?: string;
  /**
   * `AWS_ENDPOINT_URL_SQS`: the loopback SQS server.
   * @default {@link DISCARD_ENDPOINT}, for clients whose requests never leave the process
   */
  readonly sqsEndpoint?: string;
  /**
   * `ORDER_EVENTS_QUEUE_URL`: the queue `POST /orders` publishes `OrderPlaced` to.
   * @default the bench's queue at `sqsEndpoint` (see {@link benchQueueUrl})
   */
  readonly orderEventsQueueUrl?: string;
  /** `_X_AMZN_TRACE_ID` of the first invocation; warm runs set one per invocation. */
  readonly traceHeader?: string;
  /**
   * Folders searched by `require` after the usual `node_modules` walk (`/opt/nodejs/node_modules`
   * for a layer); the project's node_modules, standing in for the runtime's AWS SDK, comes last.
   * @default []
   */
  readonly nodePath?: readonly string[];
}

/** The orders table name every sandbox uses. */
export const BENCH_TABLE_NAME = 'periscope-bench-orders';

/** The OrderPlaced queue's name where a run has one queue for every sandbox. */
export const BENCH_QUEUE_NAME = 'periscope-bench-order-placed';

/** A loopback endpoint nothing answers on (the discard port): for clients that answer in memory. */
export const DISCARD_ENDPOINT = 'http://127.0.0.1:9';

/**
 * A queue's URL at an SQS endpoint, as SQS (and the local server) writes one: `<endpoint>/<account>/<name>`.
 * Its origin is the endpoint's, so the SDK keeps to the endpoint without a warning.
 */
export const benchQueueUrl = (endpoint: string, name = BENCH_QUEUE_NAME): string => `${endpoint}/123456789012/${name}`;

/**
 * The environment of a Node process standing in for a Lambda sandbox, built from nothing (the
 * caller's shell does not leak in): the variables Lambda sets that Powertools and the tracers
 * read when loaded (tracing on, cold start on-demand), the service's settings from serverless.yml
 * (its table and OrderPlaced queue), and loopback endpoints with placeholder credentials, so no call
 * can reach AWS.
 */
export function sandboxEnv(options: SandboxEnvOptions): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    NODE_PATH: [...(options.nodePath ?? []), join(ROOT, 'node_modules')].join(delimiter),
    ...LAMBDA_SANDBOX_ENV,
    LAMBDA_TASK_ROOT: ROOT,
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_XRAY_DAEMON_ADDRESS: options.xrayDaemonAddress,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    _HANDLER: options.handler,
    ...(options.traceHeader === undefined ? {} : { _X_AMZN_TRACE_ID: options.traceHeader }),
    POWERTOOLS_SERVICE_NAME: 'orders',
    POWERTOOLS_METRICS_NAMESPACE: 'Periscope/Orders',
    POWERTOOLS_TRACE_ENABLED: 'true',
    LOG_LEVEL: 'INFO',
    ORDERS_TABLE_NAME: BENCH_TABLE_NAME,
    // Always loopback endpoints: without one a client would resolve the real DynamoDB or SQS endpoint.
    ...localDynamoDbEnv(options.dynamoDbEndpoint ?? DISCARD_ENDPOINT),
    AWS_ENDPOINT_URL_SQS: options.sqsEndpoint ?? DISCARD_ENDPOINT,
    ORDER_EVENTS_QUEUE_URL: options.orderEventsQueueUrl ?? benchQueueUrl(options.sqsEndpoint ?? DISCARD_ENDPOINT),
  };
}
