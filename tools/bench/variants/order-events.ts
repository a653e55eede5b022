import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MessageTrace, OrderEvents, OrderPlaced } from '../../../handlers/orders/domain/order-placed';
// The runtime's module itself, not the `periscope` index the sample's adapter imports, which would bundle the whole toolkit into a baseline.
import { sqsMessageCorrelation } from '../../../src/runtime/triggers/producer-correlation';

/** The sample's message attribute naming the event's type (`EVENT_TYPE_ATTRIBUTE` in handlers/orders/adapters/sqs-order-events.ts). */
const EVENT_TYPE_ATTRIBUTE = 'event-type';

/**
 * `OrderPlaced` published as the sample publishes it (handlers/orders/adapters/sqs-order-events.ts),
 * for the baselines: one `SendMessage` with the same body and attributes (`x-correlation-id`, and
 * `AWSTraceHeader` when given a trace header; `event-type`). A baseline passes the request's
 * correlation id and no trace header: stock Powertools' X-Ray capture carries the trace to SQS in
 * the request's `X-Amzn-Trace-Id` instead. The bench checks the messages match the sample's
 * (test/unit/tools/bench/variants-answer-like-the-sample.test.ts).
 */
export class BenchOrderEvents implements OrderEvents {
  readonly #client: SQSClient;
  readonly #queueUrl: string;

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
