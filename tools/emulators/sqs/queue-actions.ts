import { SqsRequestError } from './errors';
import type { SqsQueue } from './queue';
import { applyAttributes, READ_ONLY_ATTRIBUTES, renderSettings } from './queue-attributes';
import type { QueueRegistry } from './queue-registry';

/** What every action gets besides its input. */
export interface ActionContext {
  readonly registry: QueueRegistry;
  /** The clock messages and queues live on, epoch ms. */
  readonly now: number;
  /** The request's `X-Amzn-Trace-Id` header, which SQS keeps as a sent message's `AWSTraceHeader`. */
  readonly traceHeader?: string;
  readonly senderId: string;
}

type Attributes = Readonly<Record<string, string>>;

/** Every attribute name `GetQueueAttributes` takes. */
const KNOWN_ATTRIBUTES = new Set<string>([
  'All',
  ...READ_ONLY_ATTRIBUTES,
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'Policy',
  'SqsManagedSseEnabled',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
]);

/** Every attribute of a queue, as `GetQueueAttributes` with `All` answers them. */
function allAttributes(queue: SqsQueue, now: number): Record<string, string> {
  const depths = queue.depths(now);
  return {
    ApproximateNumberOfMessages: String(depths.visible),
    ApproximateNumberOfMessagesDelayed: String(depths.delayed),
    ApproximateNumberOfMessagesNotVisible: String(depths.notVisible),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.modifiedAt / 1000)),
    QueueArn: queue.arn,
    ...renderSettings(queue.settings),
  };
}

const createQueue = (input: { QueueName?: unknown; Attributes?: Attributes }, context: ActionContext) => {
  const queue = context.registry.create(input.QueueName, input.Attributes ?? {}, context.now);
  return { QueueUrl: context.registry.url(queue.name) };
};

const getQueueUrl = (input: { QueueName?: unknown }, context: ActionContext) => {
  if (typeof input.QueueName !== 'string' || input.QueueName === '') throw new SqsRequestError('MissingParameter', 'The request must contain the parameter QueueName.');
  return { QueueUrl: context.registry.url(context.registry.get(input.QueueName).name) };
};

const getQueueAttributes = (input: { QueueUrl?: unknown; AttributeNames?: readonly string[] }, context: ActionContext) => {
  const queue = context.registry.byUrl(input.QueueUrl);
  const names = input.AttributeNames ?? [];
  const unknown = names.find((name) => !KNOWN_ATTRIBUTES.has(name));
  if (unknown !== undefined) throw new SqsRequestError('InvalidAttributeName', `Unknown Attribute ${unknown}.`);
  const all = allAttributes(queue, context.now);
  const chosen = names.includes('All') ? all : Object.fromEntries(names.filter((name) => all[name] !== undefined).map((name) => [name, all[name] as string]));
  return Object.keys(chosen).length === 0 ? {} : { Attributes: chosen };
};

const setQueueAttributes = (input: { QueueUrl?: unknown; Attributes?: Attributes }, context: ActionContext) => {
  const queue = context.registry.byUrl(input.QueueUrl);
  const settings = applyAttributes(queue.settings, input.Attributes ?? {});
  context.registry.checkDeadLetterTarget(settings.redrivePolicy?.deadLetterTargetArn);
  queue.settings = settings;
  queue.modifiedAt = context.now;
  return {};
};

/** `ListQueues`: by name prefix, `MaxResults` (1–1000) per page with a `NextToken` for the rest. */
const listQueues = (input: { QueueNamePrefix?: string; MaxResults?: number; NextToken?: string }, context: ActionContext) => {
  const max = input.MaxResults;
  if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= 1000))
    throw new SqsRequestError('InvalidParameterValue', `Value ${max} for parameter MaxResults is invalid. Reason: must be between 1 and 1000.`);
  const start = input.NextToken === undefined ? 0 : Number(Buffer.from(input.NextToken, 'base64').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw new SqsRequestError('InvalidParameterValue', `Invalid NextToken value "${input.NextToken}".`);
  const urls = context.registry
    .all()
    .filter((queue) => queue.name.startsWith(input.QueueNamePrefix ?? ''))
    .map((queue) => context.registry.url(queue.name));
  const end = max === undefined ? Math.min(urls.length, 1000) : start + max;
  const page = urls.slice(start, end);
  return {
    ...(page.length === 0 ? {} : { QueueUrls: page }),
    ...(max !== undefined && end < urls.length ? { NextToken: Buffer.from(String(end)).toString('base64') } : {}),
  };
};

const deleteQueue = (input: { QueueUrl?: unknown }, context: ActionContext) => {
  context.registry.delete(context.registry.byUrl(input.QueueUrl));
  return {};
};

const purgeQueue = (input: { QueueUrl?: unknown }, context: ActionContext) => {
  context.registry.byUrl(input.QueueUrl).purge(context.now);
  return {};
};

/** The queue-level actions, by name. */
export const QUEUE_ACTIONS = {
  CreateQueue: createQueue,
  GetQueueUrl: getQueueUrl,
  GetQueueAttributes: getQueueAttributes,
  SetQueueAttributes: setQueueAttributes,
  ListQueues: listQueues,
  DeleteQueue: deleteQueue,
  PurgeQueue: purgeQueue,
} as const;
