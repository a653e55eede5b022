import type { Context } from 'aws-lambda';
import { CORRELATION_ID_HEADER } from '../correlation-id';
import { correlationOf, type InvocationCorrelation } from '../invocation-correlation';
import { TriggerEventError } from './errors';

/** Where a producer's correlation comes from: the invocation's Lambda `context`, or what `correlationOf(context)` returned (for code that holds no context, a domain adapter say). */
export type CorrelationSource = Context | InvocationCorrelation;

/** A string attribute, as the SQS and SNS APIs take one. */
interface StringAttribute {
  readonly DataType: 'String';
  readonly StringValue: string;
}

/** What {@link sqsMessageCorrelation} returns: the fields of a `SendMessage` input (or a `SendMessageBatch` entry) it sets. */
export interface SqsMessageCorrelation {
  readonly MessageAttributes: { readonly [CORRELATION_ID_HEADER]: StringAttribute };
  readonly MessageSystemAttributes?: { readonly AWSTraceHeader: StringAttribute };
}

/** What {@link snsMessageCorrelation} returns: the fields of a `Publish` input (or a `PublishBatch` entry) it sets. */
export interface SnsMessageCorrelation {
  readonly MessageAttributes: { readonly [CORRELATION_ID_HEADER]: StringAttribute };
}

/** What {@link eventBridgeEntryCorrelation} returns: the fields of a `PutEvents` entry it sets. */
export interface EventBridgeEntryCorrelation {
  /** The detail as JSON, with `metadata.correlationId` added. */
  readonly Detail: string;
  readonly TraceHeader?: string;
}

const correlationFrom = (source: CorrelationSource): InvocationCorrelation =>
  typeof (source as Partial<InvocationCorrelation> | undefined)?.correlationId === 'string' ? (source as InvocationCorrelation) : correlationOf(source as Context);

const stringAttribute = (value: string): StringAttribute => ({ DataType: 'String', StringValue: value });

/**
 * The message attributes that carry the current invocation's correlation id and trace to an SQS
 * consumer: `x-correlation-id` (read back by `withSqsObservability`, per record) and, while traced,
 * the `AWSTraceHeader` system attribute, which links the consumer's trace to this one. Spread it into
 * a `SendMessageCommand` input or a `SendMessageBatch` entry; merge `MessageAttributes` with your own.
 *
 * @example
 * From `examples/triggers/http-api.ts`:
 * ```ts
 * await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: event.body ?? '{}', ...sqsMessageCorrelation(context) }));
 * ```
 */
export function sqsMessageCorrelation(source: CorrelationSource): SqsMessageCorrelation {
  const { correlationId, traceHeader } = correlationFrom(source);
  const MessageAttributes = { [CORRELATION_ID_HEADER]: stringAttribute(correlationId) };
  return traceHeader === undefined ? { MessageAttributes } : { MessageAttributes, MessageSystemAttributes: { AWSTraceHeader: stringAttribute(traceHeader) } };
}

/**
 * The message attribute that carries the current invocation's correlation id to an SNS subscriber:
 * `x-correlation-id`, which SNS delivers to a Lambda subscriber as `{ Type: 'String', Value }` and
 * `withSnsObservability` reads back. (SNS carries the trace itself when the topic has active tracing.)
 * Spread it into a `PublishCommand` input or a `PublishBatch` entry.
 *
 * @example
 * Inside a wrapped handler, with an SNS client (`@aws-sdk/client-sns`) and the topic's ARN:
 * ```ts
 * await sns.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify({ orderId }), ...snsMessageCorrelation(context) }));
 * ```
 */
export function snsMessageCorrelation(source: CorrelationSource): SnsMessageCorrelation {
  return { MessageAttributes: { [CORRELATION_ID_HEADER]: stringAttribute(correlationFrom(source).correlationId) } };
}

/**
 * A `PutEvents` entry's `Detail` — `detail` with `metadata.correlationId` added (any other
 * metadata kept), which `withEventBridgeObservability` reads back — and, while traced, its
 * `TraceHeader`, which continues this trace in the rule's targets.
 *
 * @throws {@link TriggerEventError} when `detail` is not a JSON object, or its `metadata` is there but not an object
 * @example
 * From `examples/triggers/sqs.ts`:
 * ```ts
 * await events.send(new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'OrderFulfilled', ...eventBridgeEntryCorrelation(context, { orderId }) }] }));
 * ```
 */
export function eventBridgeEntryCorrelation(source: CorrelationSource, detail: Readonly<Record<string, unknown>>): EventBridgeEntryCorrelation {
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    throw new TriggerEventError(
      'eventbridge',
      `eventBridgeEntryCorrelation needs the event's detail as a JSON object, got ${Array.isArray(detail) ? 'an array' : detail === null ? 'null' : typeof detail}`,
    );
  }
  const { metadata } = detail;
  if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))) {
    throw new TriggerEventError(
      'eventbridge',
      `eventBridgeEntryCorrelation adds correlationId to detail.metadata, which must be an object, got ${Array.isArray(metadata) ? 'an array' : metadata === null ? 'null' : typeof metadata}`,
    );
  }
  const { correlationId, traceHeader } = correlationFrom(source);
  const Detail = JSON.stringify({ ...detail, metadata: { ...(metadata as object | undefined), correlationId } });
  return traceHeader === undefined ? { Detail } : { Detail, TraceHeader: traceHeader };
}
