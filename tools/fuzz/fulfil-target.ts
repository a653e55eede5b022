import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, SQSEvent } from 'aws-lambda';
import { localDynamoDbClient } from '../emulators/dynamodb-local/dynalite';
import { captureWrites } from '../emulators/lambda-sandbox/capture-output';
import { lambdaContext, withInvocationEnv } from '../emulators/lambda-sandbox/lambda-context';
import { batchTraceHeader, type LambdaSqsRecord } from '../emulators/sqs-lambda';
import { toLambdaSqsEvent } from '../emulators/sqs-lambda/sqs-event';
import type { LocalOrderQueues } from '../stack/order-queues';
import { type FulfilInvocation, orderPlacedId } from './batch-contract';
import type { FulfilCase } from './fulfil-cases';
import type { ExistingOrders } from './order-placed-bodies';
import { INVOCATION_TIMEOUT_MS, startOrdersSandbox, withinTimeout } from './orders-sandbox';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type SqsHandler = (event: SQSEvent, context: Context) => Promise<unknown>;

/** The real fulfilOrder consumer, loaded in this process against dynalite, with orders placed by the real createOrder. */
export interface FulfilTarget {
  /** The orders placed before fuzzing. */
  readonly orders: ExistingOrders;
  /** Lambda records of the OrderPlaced messages createOrder published for the fulfillable orders. */
  readonly produced: readonly LambdaSqsRecord[];
  /** The OrderPlaced queue's ARN. */
  readonly queueArn: string;
  /** Runs one case through fulfilOrder as Lambda would (a context, the batch's trace), capturing what it writes, then reads the table. */
  invoke(fuzzCase: FulfilCase): Promise<FulfilInvocation>;
  /** Stops dynalite, the queues and the X-Ray sink. */
  close(): Promise<void>;
}

/** Thrown when fulfilOrder cannot be set up for fuzzing; the message says why. */
export class FulfilTargetError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FulfilTargetError';
  }
}

/** Options of {@link startFulfilTarget}. */
export interface FulfilTargetOptions {
  /** @default 'periscope-orders-fuzz-fulfilment' */
  readonly tableName?: string;
  /** Orders placed for valid events, and decoys only broken ones name. @default 4 and 4 */
  readonly fulfillable?: number;
  readonly decoys?: number;
}

const FUNCTION_NAME = 'periscope-orders-fuzz-fulfilOrder';
const HANDLER_SETTING = 'handlers/orders/fulfil-order.handler';

/** Places `count` orders through the real createOrder; returns their ids. */
async function placeOrders(createOrder: ApiHandler, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const body = JSON.stringify({ customerId: `c-fuzz-${prefix}`, currency: 'EUR', items: [{ sku: `${prefix}-${i}`, quantity: 1, unitPrice: 9.99 }] });
    const event = {
      httpMethod: 'POST',
      resource: '/orders',
      path: '/orders',
      headers: { 'content-type': 'application/json', 'x-correlation-id': `fuzz-${prefix}-${i}` },
      body,
    } as unknown as APIGatewayProxyEvent;
    const { settled, writes } = await captureWrites(() =>
      withInvocationEnv({ handler: 'handlers/orders/handler.createOrder' }, () =>
        createOrder(event, lambdaContext({ functionName: 'periscope-orders-fuzz-createOrder', requestId: `seed-${prefix}-${i}` })),
      ),
    );
    if (!settled.ok || settled.value.statusCode !== 201) {
      throw new FulfilTargetError(`placing the ${prefix} orders failed: ${settled.ok ? settled.value.body : String(settled.error)}\n${writes.map((w) => w.text).join('')}`);
    }
    ids.push((JSON.parse(settled.value.body) as { orderId: string }).orderId);
  }
  return ids;
}

/** Every message on the queue, as Lambda would deliver it (read once; the queue's visibility timeout keeps them from coming back during a run). */
async function receiveAll(queues: LocalOrderQueues, queueArn: string): Promise<LambdaSqsRecord[]> {
  const client = queues.client();
  try {
    const records: LambdaSqsRecord[] = [];
    for (;;) {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({ QueueUrl: queues.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
      );
      if (Messages.length === 0) return records;
      records.push(...toLambdaSqsEvent(Messages, { queueArn, region: 'us-east-1' }).Records);
    }
  } finally {
    client.destroy();
  }
}

/**
 * Starts dynalite with the orders table and the local SQS server with the OrderPlaced queue, makes
 * this process a Lambda sandbox (X-Ray on and sampled, datagrams to a local sink), loads the real
 * createOrder and fulfilOrder, places the fulfillable and decoy orders through createOrder and reads
 * the fulfillable ones' OrderPlaced messages back as Lambda records, for cases to reuse. One target per
 * module registry: the handlers read their table and endpoints once, when first loaded.
 *
 * @throws {@link FulfilTargetError} when the handlers were already loaded for another endpoint, or placing the orders fails
 * @example
 * ```ts
 * const target = await startFulfilTarget();
 * const invocation = await target.invoke(fuzzCase);
 * await target.close();
 * ```
 */
export async function startFulfilTarget(options: FulfilTargetOptions = {}): Promise<FulfilTarget> {
  const tableName = options.tableName ?? 'periscope-orders-fuzz-fulfilment';
  const sandbox = await startOrdersSandbox(tableName, (message) => new FulfilTargetError(message));
  const { queues } = sandbox;
  const documents = localDynamoDbClient(sandbox.dynamo.endpoint);
  try {
    // Loaded only now: the handlers read their configuration when they are first required.
    const { createOrder } = (await import('../../handlers/orders/handler')) as unknown as { createOrder: ApiHandler };
    const { handler } = (await import('../../handlers/orders/fulfil-order')) as unknown as { handler: SqsHandler };
    const queueArn = queues.sqs.arn(queues.queueName);
    const fulfillable = await placeOrders(createOrder, 'fulfillable', options.fulfillable ?? 4);
    const produced = await receiveAll(queues, queueArn);
    const decoys = await placeOrders(createOrder, 'decoy', options.decoys ?? 4);
    const seeded = new Set([...fulfillable, ...decoys]);
    const namedByValidEvents = new Set<string>();

    const readTable = async (): Promise<FulfilInvocation['table']> => {
      const { Items = [] } = await documents.send(new ScanCommand({ TableName: tableName, ProjectionExpression: 'orderId, #status', ExpressionAttributeNames: { '#status': 'status' } }));
      return { orderIds: Items.map((item) => item.orderId?.S ?? ''), fulfilled: Items.filter((item) => item.status?.S === 'FULFILLED').map((item) => item.orderId?.S ?? '') };
    };

    let invocations = 0;
    return {
      orders: { fulfillable, decoys },
      produced,
      queueArn,
      invoke: async (fuzzCase) => {
        for (const { record } of fuzzCase.records) {
          const orderId = orderPlacedId(record.body);
          if (orderId !== undefined && seeded.has(orderId)) namedByValidEvents.add(orderId);
        }
        const requestId = `00000000-0000-4000-8000-${(++invocations).toString(16).padStart(12, '0')}`;
        const context = lambdaContext({ functionName: FUNCTION_NAME, requestId, timeoutMs: INVOCATION_TIMEOUT_MS });
        // As Lambda does: the batch continues its producers' trace when they all share one.
        const traceHeader = fuzzCase.wellFormed
          ? batchTraceHeader({ Records: fuzzCase.records.map(({ record }) => ({ attributes: (record.attributes ?? {}) as { AWSTraceHeader?: string } })) })
          : undefined;
        const { settled, writes } = await captureWrites(() =>
          withInvocationEnv({ handler: HANDLER_SETTING, ...(traceHeader === undefined ? {} : { traceHeader }) }, () =>
            withinTimeout(handler(fuzzCase.event as SQSEvent, context), INVOCATION_TIMEOUT_MS),
          ),
        );
        return { settled, writes, requestId, table: await readTable(), seeded, namedByValidEvents: new Set(namedByValidEvents) };
      },
      close: async () => {
        documents.destroy();
        await sandbox.close();
      },
    };
  } catch (error) {
    documents.destroy();
    await sandbox.close();
    throw error;
  }
}
