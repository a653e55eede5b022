import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, EventBridgeEvent, SNSEvent, SNSEventRecord, SNSMessageAttributes, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { CANARY_CREDENTIALS } from '../../../support/lambda';

/**
 * Real-shaped trigger events for the wrappers' tests: the fixtures under `test/fixtures/events/`
 * (Powertools' own test events and AWS documentation examples, see its README), and what SQS, SNS
 * and EventBridge deliver to Lambda for what a producer sent, following the AWS documentation of each.
 */

const FIXTURES = resolve(__dirname, '../../../fixtures/events');

/** A fixture from `test/fixtures/events/`, parsed afresh (tests may change it). */
export const loadEvent = <T>(file: string): T => JSON.parse(readFileSync(resolve(FIXTURES, file), 'utf8')) as T;

const first = <T>(items: readonly T[]): T => {
  const item = items[0];
  if (item === undefined) throw new Error('the fixture holds no record');
  return item;
};

/** The fixture's first SQS record, as SQS delivered it. */
export const sqsRecord = (): SQSRecord => first(loadEvent<SQSEvent>('sqs-batch.json').Records);

/** A batch of `count` copies of the fixture's first record, each with its own message id and body (`message-<n>`); `change` edits any of them. */
export function sqsBatch(count: number, change: (record: SQSRecord, index: number) => SQSRecord = (record) => record): SQSEvent {
  const template = sqsRecord();
  return {
    Records: Array.from({ length: count }, (_, index) =>
      change({ ...template, messageId: `${template.messageId.slice(0, -4)}${String(index).padStart(4, '0')}`, body: `message-${index}`, messageAttributes: {} }, index),
    ),
  };
}

/** An SQS record with one message attribute, in the shape Lambda delivers it (`{ stringValue, dataType, … }`). */
export const withSqsAttribute = (record: SQSRecord, name: string, stringValue: string, dataType = 'String'): SQSRecord => ({
  ...record,
  messageAttributes: { ...record.messageAttributes, [name]: { stringValue, stringListValues: [], binaryListValues: [], dataType } },
});

/**
 * The record SQS hands Lambda for a `SendMessage` input: its message attributes, renamed as the
 * Lambda event names them (`DataType` → `dataType`, `StringValue` → `stringValue`), and its
 * `AWSTraceHeader` system attribute among the record's `attributes`.
 */
export function deliveredSqsRecord(input: SendMessageCommandInput, messageId: string): SQSRecord {
  const template = sqsRecord();
  const messageAttributes: SQSMessageAttributes = Object.fromEntries(
    Object.entries(input.MessageAttributes ?? {}).map(([name, value]) => [name, { stringValue: value.StringValue, stringListValues: [], binaryListValues: [], dataType: value.DataType ?? 'String' }]),
  );
  const traceHeader = input.MessageSystemAttributes?.AWSTraceHeader?.StringValue;
  return {
    ...template,
    messageId,
    body: input.MessageBody ?? '',
    attributes: { ...template.attributes, ...(traceHeader === undefined ? {} : { AWSTraceHeader: traceHeader }) },
    messageAttributes,
  };
}

/** The fixture's SNS record. */
const snsRecord = (): SNSEventRecord => first(loadEvent<SNSEvent>('sns.json').Records);

/** The fixture's SNS delivery, with `attributes` in place of its own message attributes. */
export function snsEvent(attributes?: SNSMessageAttributes): SNSEvent {
  const record = snsRecord();
  return { Records: [{ ...record, Sns: { ...record.Sns, ...(attributes === undefined ? {} : { MessageAttributes: attributes }) } }] };
}

/** The delivery SNS makes to a Lambda subscriber for a `Publish` input: each message attribute as `{ Type, Value }`. */
export function deliveredSnsEvent(input: PublishCommandInput, messageId: string): SNSEvent {
  const record = snsRecord();
  const attributes: SNSMessageAttributes = Object.fromEntries(
    Object.entries(input.MessageAttributes ?? {}).map(([name, value]) => [name, { Type: value.DataType ?? 'String', Value: value.StringValue ?? '' }]),
  );
  return { Records: [{ ...record, Sns: { ...record.Sns, MessageId: messageId, Message: input.Message ?? '', MessageAttributes: attributes } }] };
}

/** An EventBridge event as a rule's Lambda target receives it. */
export type BusEvent = EventBridgeEvent<string, unknown>;

/** The event EventBridge delivers to a rule's target for a `PutEvents` entry: its `Detail` parsed into `detail`. */
export function deliveredEventBridgeEvent(entry: PutEventsRequestEntry): BusEvent {
  const template = loadEvent<BusEvent>('eventbridge-custom.json');
  return { ...template, source: entry.Source ?? template.source, 'detail-type': entry.DetailType ?? template['detail-type'], detail: JSON.parse(entry.Detail ?? '{}') as unknown };
}

/** The fixture's HTTP API (payload v2) request, carrying {@link CANARY_CREDENTIALS} (its own `authorization` header replaced) and `headers`. */
export function httpApiEvent(headers: Record<string, string> = {}, file = 'http-api.json'): APIGatewayProxyEventV2 {
  const event = loadEvent<APIGatewayProxyEventV2>(file);
  const ownHeaders = Object.fromEntries(Object.entries(event.headers).filter(([name]) => name !== 'authorization'));
  const [cookieName, cookieValue] = CANARY_CREDENTIALS.Cookie.split('=');
  return {
    ...event,
    headers: { ...ownHeaders, authorization: CANARY_CREDENTIALS.Authorization, ...headers },
    // v2 events carry the Cookie header apart, as `cookies`.
    cookies: [`${cookieName}=${cookieValue}`],
    body: '{}',
  };
}

/** The fixture's function URL request (route key `$default`), carrying {@link CANARY_CREDENTIALS}. */
export const functionUrlEvent = (headers: Record<string, string> = {}): APIGatewayProxyEventV2 => httpApiEvent(headers, 'function-url.json');
