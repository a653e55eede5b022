import type { Context, EventBridgeEvent, SNSEvent, SQSRecord } from 'aws-lambda';
import { acceptedCorrelationId, CORRELATION_ID_HEADER } from '../correlation-id';

/**
 * How a consumer reads back the correlation id a producer put on a message (see
 * `producer-correlation.ts`). Every id read here is untrusted input: it is taken only when
 * `acceptedCorrelationId` accepts it, else the message's own id stands in.
 */

/** A `String` (or `String.<custom>`) attribute's value; `Number` and `Binary` ones are not ids. */
const stringValue = (dataType: unknown, value: unknown): string | undefined => (typeof dataType === 'string' && dataType.startsWith('String') ? acceptedCorrelationId(value) : undefined);

/** An SQS record's correlation id: its `x-correlation-id` message attribute (`{ dataType: 'String', stringValue }`), else its message id. */
export function sqsRecordCorrelationId(record: SQSRecord): string {
  const attribute = record.messageAttributes?.[CORRELATION_ID_HEADER];
  return stringValue(attribute?.dataType, attribute?.stringValue) ?? record.messageId;
}

/**
 * An SNS delivery's correlation id: the first record's `x-correlation-id` message attribute (SNS
 * delivers it to Lambda as `{ Type: 'String', Value }`), else that record's `MessageId`, else the
 * Lambda request id. SNS delivers one record per invocation.
 */
export function snsCorrelationId(event: SNSEvent, context: Pick<Context, 'awsRequestId'>): string {
  const message = event?.Records?.[0]?.Sns;
  const attribute = message?.MessageAttributes?.[CORRELATION_ID_HEADER];
  return stringValue(attribute?.Type, attribute?.Value) ?? message?.MessageId ?? context.awsRequestId;
}

/** An EventBridge event's correlation id: `detail.metadata.correlationId`, else the event's `id`, else the Lambda request id. */
export function eventBridgeCorrelationId(event: EventBridgeEvent<string, unknown>, context: Pick<Context, 'awsRequestId'>): string {
  const detail = event?.detail as { metadata?: { correlationId?: unknown } } | null | undefined;
  const metadata = typeof detail === 'object' && detail !== null ? detail.metadata : undefined;
  const supplied = typeof metadata === 'object' && metadata !== null ? acceptedCorrelationId(metadata.correlationId) : undefined;
  return supplied ?? (typeof event?.id === 'string' && event.id !== '' ? event.id : context.awsRequestId);
}
