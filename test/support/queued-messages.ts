import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { OrderPlaced } from '../../handlers/orders/domain/order-placed';

/** A message taken off the OrderPlaced queue, read the way a test asserts on it. */
export interface QueuedOrderPlaced {
  /** The message body, parsed. */
  readonly event: OrderPlaced;
  /** Its `x-correlation-id` message attribute. */
  readonly correlationId: string | undefined;
  /** Its `event-type` message attribute. */
  readonly eventType: string | undefined;
  /** Its `AWSTraceHeader` system attribute, when the producer was traced. */
  readonly traceHeader: string | undefined;
  readonly message: Message;
}

/**
 * Takes every message visible on the queue now, with all system and message attributes, and
 * deletes them, so a later call sees only what was sent after this one.
 * @example
 * ```ts
 * const [placed] = (await takeQueuedMessages(queues.client(), queues.queueUrl)).map(readOrderPlaced);
 * ```
 */
export async function takeQueuedMessages(client: SQSClient, queueUrl: string): Promise<Message[]> {
  const taken: Message[] = [];
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
    );
    if (Messages.length === 0) return taken;
    await client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle })) }));
    taken.push(...Messages);
  }
}

/** An OrderPlaced message's body and the attributes that carry its correlation and trace. */
export function readOrderPlaced(message: Message): QueuedOrderPlaced {
  return {
    event: JSON.parse(message.Body ?? 'null') as OrderPlaced,
    correlationId: message.MessageAttributes?.['x-correlation-id']?.StringValue,
    eventType: message.MessageAttributes?.['event-type']?.StringValue,
    traceHeader: message.Attributes?.AWSTraceHeader,
    message,
  };
}
