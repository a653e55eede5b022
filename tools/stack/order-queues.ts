import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ORDER_PLACED_QUEUE, orderPlacedQueueNames } from '../../handlers/orders/adapters/order-queue';
import { type SqsServer, startSqsServer } from '../emulators/sqs';

/** The orders service's queues on a local SQS server. */
export interface LocalOrderQueues {
  readonly sqs: SqsServer;
  /** The OrderPlaced queue's name and URL. */
  readonly queueName: string;
  readonly queueUrl: string;
  /** Its dead letter queue's name and URL. */
  readonly deadLetterQueueName: string;
  readonly deadLetterQueueUrl: string;
  /** What the handlers need to publish to it: `AWS_ENDPOINT_URL_SQS` and `ORDER_EVENTS_QUEUE_URL`. */
  readonly env: Readonly<Record<string, string>>;
  /** A client for the local server, with placeholder credentials. */
  client(): SQSClient;
  close(): Promise<void>;
}

/** Options of {@link startOrderQueues}. */
export interface OrderQueuesOptions {
  /** @default 'dev' */
  readonly stage?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** The server's clock (the drills' simulated one). @default Date.now */
  readonly now?: () => number;
}

/** A client for a local SQS endpoint, with placeholder credentials. */
export const localSqsClient = (endpoint: string): SQSClient => new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/**
 * Starts the local SQS server with the OrderPlaced queue and its dead letter queue created as
 * serverless.yml creates them (visibility timeout, redrive after `maxReceiveCount` receives, retention).
 */
export async function startOrderQueues(options: OrderQueuesOptions = {}): Promise<LocalOrderQueues> {
  const sqs = await startSqsServer({ port: options.port ?? 0, ...(options.now ? { now: options.now } : {}) });
  const names = orderPlacedQueueNames(options.stage ?? 'dev');
  const client = localSqsClient(sqs.endpoint);
  try {
    const dlq = await client.send(new CreateQueueCommand({ QueueName: names.deadLetterQueue, Attributes: { MessageRetentionPeriod: String(ORDER_PLACED_QUEUE.deadLetterRetentionSeconds) } }));
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: names.queue,
        Attributes: {
          VisibilityTimeout: String(ORDER_PLACED_QUEUE.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(ORDER_PLACED_QUEUE.retentionSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sqs.arn(names.deadLetterQueue), maxReceiveCount: ORDER_PLACED_QUEUE.maxReceiveCount }),
        },
      }),
    );
    const queueUrl = queue.QueueUrl as string;
    return {
      sqs,
      queueName: names.queue,
      queueUrl,
      deadLetterQueueName: names.deadLetterQueue,
      deadLetterQueueUrl: dlq.QueueUrl as string,
      env: { AWS_ENDPOINT_URL_SQS: sqs.endpoint, ORDER_EVENTS_QUEUE_URL: queueUrl },
      client: () => localSqsClient(sqs.endpoint),
      close: () => sqs.close(),
    };
  } catch (error) {
    await sqs.close();
    throw error;
  } finally {
    client.destroy();
  }
}
