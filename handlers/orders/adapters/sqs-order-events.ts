import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sqsMessageCorrelation } from 'periscope';
import type { MessageTrace, OrderEvents, OrderPlaced } from '../domain/order-placed';

/** The message attribute that names the event's type, so a consumer (or a subscription filter) can tell events apart without parsing the body. */
export const EVENT_TYPE_ATTRIBUTE = 'event-type';

/**
 * Publishes the orders' events to one SQS queue (the `OrderPlaced` queue the fulfilment function
 * consumes), each message carrying the request's correlation id and trace header (through
 * Periscope's `sqsMessageCorrelation`), so the consumer's logs and trace continue the request's.
 */
export class SqsOrderEvents implements OrderEvents {
  readonly #client: SQSClient;
  readonly #queueUrl: string;

  /**
   * @param client - an SQS client, built once per module and traced (`telemetry.tracer.captureAWSv3Client`)
   * @param queueUrl - the queue's URL (`ORDER_EVENTS_QUEUE_URL`)
   */
  public constructor(client: SQSClient, queueUrl: string) {
    this.#client = client;
    this.#queueUrl = queueUrl;
  }

  public async orderPlaced(event: OrderPlaced, trace: MessageTrace): Promise<void> {
    const correlation = sqsMessageCorrelation(trace);
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: JSON.stringify(event),
        ...correlation,
        MessageAttributes: { ...correlation.MessageAttributes, [EVENT_TYPE_ATTRIBUTE]: { DataType: 'String', StringValue: event.type } },
      }),
    );
  }
}
