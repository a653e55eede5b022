import { randomUUID } from 'node:crypto';
import { checkBatch, runBatch } from './batch';
import { invalidParameter, SqsRequestError } from './errors';
import { md5OfAttributes, md5OfBody } from './md5';
import { attributesSize, checkCharacters, readMessageAttributes, readSystemAttributes } from './message-attributes';
import type { SqsQueue, StoredMessage } from './queue';
import type { ActionContext } from './queue-actions';

/** What `SendMessage` and each `SendMessageBatch` entry carry. */
interface SendInput {
  readonly MessageBody?: unknown;
  readonly DelaySeconds?: unknown;
  readonly MessageAttributes?: unknown;
  readonly MessageSystemAttributes?: unknown;
  readonly MessageDeduplicationId?: unknown;
  readonly MessageGroupId?: unknown;
}

/** The largest batch SQS takes: the sum of its bodies. */
const MAX_BATCH_BYTES = 1_048_576;
const MAX_DELAY_SECONDS = 900;

/**
 * Checks one message to send as SQS does and stores it: a body of allowed characters, a delay of
 * 0–900 s (the queue's by default), attributes by SQS's rules, a size within the queue's
 * `MaximumMessageSize`. Its `AWSTraceHeader` is the one given as a system attribute, else the
 * request's `X-Amzn-Trace-Id` header, as SQS takes it.
 */
function sendOne(queue: SqsQueue, input: SendInput, context: ActionContext): Record<string, string> {
  const body = input.MessageBody;
  if (body === undefined || body === null) throw new SqsRequestError('MissingParameter', 'The request must contain the parameter MessageBody.');
  if (typeof body !== 'string' || body === '') throw invalidParameter('The request must contain a non-empty MessageBody.');
  checkCharacters(body, 'The message body');
  const delay = input.DelaySeconds ?? queue.settings.delaySeconds;
  if (!Number.isInteger(delay) || (delay as number) < 0 || (delay as number) > MAX_DELAY_SECONDS) {
    throw invalidParameter(`Value ${String(delay)} for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= ${MAX_DELAY_SECONDS}.`);
  }
  if (input.MessageDeduplicationId !== undefined) throw invalidParameter('The request includes MessageDeduplicationId, a parameter that is not valid for a standard queue.');
  const attributes = readMessageAttributes(input.MessageAttributes);
  const system = readSystemAttributes(input.MessageSystemAttributes);
  const size = Buffer.byteLength(body) + attributesSize(attributes);
  if (size > queue.settings.maximumMessageSize) {
    throw invalidParameter(`One or more parameters are invalid. Reason: Message must be shorter than ${queue.settings.maximumMessageSize} bytes (this one holds ${size}).`);
  }
  const traceHeader = system['AWSTraceHeader']?.StringValue ?? context.traceHeader;
  const message: StoredMessage = {
    id: randomUUID(),
    body,
    md5OfBody: md5OfBody(body),
    attributes,
    senderId: context.senderId,
    sentAt: context.now,
    enqueuedAt: context.now,
    delayedUntil: context.now + (delay as number) * 1000,
    visibleAt: context.now,
    receiveCount: 0,
    ...(traceHeader === undefined ? {} : { traceHeader }),
    ...(typeof input.MessageGroupId === 'string' ? { groupId: input.MessageGroupId } : {}),
  };
  queue.enqueue(message);
  const attributesMd5 = md5OfAttributes(attributes);
  const systemMd5 = md5OfAttributes(system);
  return {
    MessageId: message.id,
    MD5OfMessageBody: message.md5OfBody,
    ...(attributesMd5 === undefined ? {} : { MD5OfMessageAttributes: attributesMd5 }),
    ...(systemMd5 === undefined ? {} : { MD5OfMessageSystemAttributes: systemMd5 }),
  };
}

const sendMessage = (input: SendInput & { QueueUrl?: unknown }, context: ActionContext) => sendOne(context.registry.byUrl(input.QueueUrl), input, context);

/** `SendMessageBatch`: up to 10 messages; one SQS refuses is reported in `Failed` and the others are sent. */
const sendMessageBatch = (input: { QueueUrl?: unknown; Entries?: readonly (SendInput & { Id?: unknown })[] }, context: ActionContext) => {
  const queue = context.registry.byUrl(input.QueueUrl);
  const entries = checkBatch(input.Entries, 'SendMessageBatch');
  const bytes = entries.reduce((sum, entry) => sum + (typeof entry.MessageBody === 'string' ? Buffer.byteLength(entry.MessageBody) : 0), 0);
  if (bytes > MAX_BATCH_BYTES) throw new SqsRequestError('BatchRequestTooLong', `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes. You have sent ${bytes} bytes.`);
  return runBatch(entries, (entry) => sendOne(queue, entry, context));
};

/** The sending actions, by name. */
export const SEND_ACTIONS = {
  SendMessage: sendMessage,
  SendMessageBatch: sendMessageBatch,
} as const;
