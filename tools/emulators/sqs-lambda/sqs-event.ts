import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSRecordAttributes } from 'aws-lambda';

/** A message attribute as Lambda puts it in the event: lowercase keys, empty lists, binary in base64. */
export interface LambdaSqsMessageAttribute {
  readonly stringValue?: string;
  readonly binaryValue?: string;
  readonly stringListValues: readonly string[];
  readonly binaryListValues: readonly string[];
  readonly dataType: string;
}

/**
 * One record of the event Lambda's SQS poller sends. It is `SQSRecord` from @types/aws-lambda
 * except that `md5OfMessageAttributes` is `null` when the message has no attributes, as Lambda
 * sends it (those types declare it optional).
 */
export interface LambdaSqsRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: SQSRecordAttributes;
  readonly messageAttributes: Readonly<Record<string, LambdaSqsMessageAttribute>>;
  readonly md5OfMessageAttributes: string | null;
  readonly md5OfBody: string;
  readonly eventSource: 'aws:sqs';
  readonly eventSourceARN: string;
  readonly awsRegion: string;
}

/** The event Lambda invokes a function with for a batch of SQS messages. */
export interface LambdaSqsEvent {
  readonly Records: readonly LambdaSqsRecord[];
}

/** Where the messages came from. */
export interface EventSource {
  readonly queueArn: string;
  readonly region: string;
}

/** The system attributes in the order Lambda's events list them; any other SQS returned follows. */
const ATTRIBUTE_ORDER = ['ApproximateReceiveCount', 'SentTimestamp', 'SenderId', 'ApproximateFirstReceiveTimestamp'];

function recordAttributes(attributes: Readonly<Record<string, string>>): SQSRecordAttributes {
  const names = [...ATTRIBUTE_ORDER.filter((name) => attributes[name] !== undefined), ...Object.keys(attributes).filter((name) => !ATTRIBUTE_ORDER.includes(name))];
  return Object.fromEntries(names.map((name) => [name, attributes[name] as string])) as unknown as SQSRecordAttributes;
}

function messageAttribute(value: MessageAttributeValue): LambdaSqsMessageAttribute {
  const dataType = value.DataType ?? 'String';
  const lists = { stringListValues: [...(value.StringListValues ?? [])], binaryListValues: (value.BinaryListValues ?? []).map((bytes) => Buffer.from(bytes).toString('base64')) };
  return value.BinaryValue === undefined ? { stringValue: value.StringValue ?? '', ...lists, dataType } : { binaryValue: Buffer.from(value.BinaryValue).toString('base64'), ...lists, dataType };
}

/**
 * The event Lambda builds from the messages one `ReceiveMessage` (with `All` system and message
 * attributes) returned: each message as a record with its id, receipt handle, body, system
 * attributes, message attributes in Lambda's lowercase shape, both digests and the queue it came from.
 */
export function toLambdaSqsEvent(messages: readonly Message[], source: EventSource): LambdaSqsEvent {
  return {
    Records: messages.map((message) => ({
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: recordAttributes(message.Attributes ?? {}),
      messageAttributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, messageAttribute(value)])),
      md5OfMessageAttributes: message.MD5OfMessageAttributes ?? null,
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: source.queueArn,
      awsRegion: source.region,
    })),
  };
}

const rootOf = (header: string | undefined): string | undefined =>
  header
    ?.split(';')
    .find((part) => part.trim().startsWith('Root='))
    ?.trim();

/**
 * The trace header an invocation for this batch continues: the records' `AWSTraceHeader` when every
 * record carries one with the same `Root` (the producer's trace), else `undefined` (a new trace).
 * Pure: the caller sets it as the invocation's `_X_AMZN_TRACE_ID`.
 *
 * @example
 * ```ts
 * batchTraceHeader(event); // 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'
 * ```
 */
export function batchTraceHeader(event: { readonly Records: readonly { readonly attributes: { readonly AWSTraceHeader?: string } }[] }): string | undefined {
  const headers = event.Records.map((record) => record.attributes.AWSTraceHeader);
  const first = headers[0];
  const root = rootOf(first);
  if (root === undefined) return undefined;
  return headers.every((header) => rootOf(header) === root) ? first : undefined;
}
