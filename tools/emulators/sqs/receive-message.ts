import { invalidParameter, SqsRequestError } from './errors';
import { readVisibilityTimeout } from './handle-actions';
import { waitForReceivable } from './long-poll';
import { md5OfAttributes } from './md5';
import { selectAttributes } from './message-attributes';
import type { ReceivedMessage, SqsQueue } from './queue';
import type { QueueRegistry } from './queue-registry';

/** What `ReceiveMessage` needs besides its input: the clock read afresh while it waits. */
export interface ReceiveContext {
  readonly registry: QueueRegistry;
  readonly clock: () => number;
  /** Aborted when the client goes away or the server closes: a waiting receive answers at once. */
  readonly signal: AbortSignal;
}

interface ReceiveInput {
  readonly QueueUrl?: unknown;
  readonly MaxNumberOfMessages?: unknown;
  readonly VisibilityTimeout?: unknown;
  readonly WaitTimeSeconds?: unknown;
  /** Deprecated name of `MessageSystemAttributeNames`, still sent by older clients. */
  readonly AttributeNames?: readonly string[];
  readonly MessageSystemAttributeNames?: readonly string[];
  readonly MessageAttributeNames?: readonly string[];
}

/** The system attributes a receive can ask for. */
const SYSTEM_ATTRIBUTES = new Set([
  'All',
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
]);

function readInteger(name: string, value: unknown, fallback: number, min: number, max: number): number {
  const number = value ?? fallback;
  if (!Number.isInteger(number) || (number as number) < min || (number as number) > max) {
    throw invalidParameter(`Value ${String(number)} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}, if provided.`);
  }
  return number as number;
}

/** The system attributes asked for, with the values this receive has. */
function systemAttributes(message: ReceivedMessage, names: readonly string[]): Record<string, string> {
  const all = names.includes('All');
  const values: Record<string, string | undefined> = {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
    AWSTraceHeader: message.traceHeader,
    DeadLetterQueueSourceArn: message.deadLetterSourceArn,
    MessageGroupId: message.groupId,
  };
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined && (all || names.includes(entry[0]))));
}

/** A received message in the JSON protocol: the attributes asked for, and the digest of those returned. */
function render(message: ReceivedMessage, systemNames: readonly string[], attributeNames: readonly string[]): Record<string, unknown> {
  const attributes = selectAttributes(message.attributes, attributeNames);
  const md5 = md5OfAttributes(attributes);
  const system = systemAttributes(message, systemNames);
  return {
    MessageId: message.id,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(Object.keys(system).length === 0 ? {} : { Attributes: system }),
    ...(md5 === undefined ? {} : { MD5OfMessageAttributes: md5, MessageAttributes: attributes }),
  };
}

function receiveFrom(queue: SqsQueue, registry: QueueRegistry, max: number, visibilityTimeout: number, now: number): ReceivedMessage[] {
  const target = queue.settings.redrivePolicy?.deadLetterTargetArn;
  return queue.receive(max, visibilityTimeout, now, target === undefined ? undefined : registry.byArn(target));
}

/**
 * `ReceiveMessage`: up to `MaxNumberOfMessages` (1–10) visible messages, hidden for
 * `VisibilityTimeout` (the queue's by default). With `WaitTimeSeconds` (0–20, the queue's
 * `ReceiveMessageWaitTimeSeconds` by default) it long-polls: it answers as soon as a message can be
 * received, or empty when the wait is over. An empty answer counts as an empty receive.
 */
export async function receiveMessage(input: ReceiveInput, context: ReceiveContext): Promise<Record<string, unknown>> {
  const queue = context.registry.byUrl(input.QueueUrl);
  const max = readInteger('MaxNumberOfMessages', input.MaxNumberOfMessages, 1, 1, 10);
  const waitSeconds = readInteger('WaitTimeSeconds', input.WaitTimeSeconds, queue.settings.receiveMessageWaitTimeSeconds, 0, 20);
  const visibilityTimeout = readVisibilityTimeout(input.VisibilityTimeout ?? queue.settings.visibilityTimeout);
  const systemNames = [...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])];
  const unknown = systemNames.find((name) => !SYSTEM_ATTRIBUTES.has(name));
  if (unknown !== undefined) throw new SqsRequestError('InvalidAttributeName', `Unknown Attribute ${unknown}.`);
  const deadline = Date.now() + waitSeconds * 1000;
  let received = receiveFrom(queue, context.registry, max, visibilityTimeout, context.clock());
  while (received.length === 0 && Date.now() < deadline && !context.signal.aborted) {
    await waitForReceivable(queue, context.clock, deadline - Date.now(), context.signal);
    // The queue may have been deleted while waiting: answer as SQS would, QueueDoesNotExist.
    received = receiveFrom(context.registry.get(queue.name), context.registry, max, visibilityTimeout, context.clock());
  }
  if (received.length === 0) {
    queue.counters.emptyReceives += 1;
    return {};
  }
  return { Messages: received.map((message) => render(message, systemNames, input.MessageAttributeNames ?? [])) };
}
