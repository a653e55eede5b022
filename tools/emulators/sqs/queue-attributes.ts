import { SqsRequestError } from './errors';

/** Where a queue's failed messages go: SQS's `RedrivePolicy`. */
export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  /** Receives after which the next receive moves the message to the dead-letter queue, 1–1000. */
  readonly maxReceiveCount: number;
}

/** A standard queue's settable attributes, read and checked. */
export interface QueueSettings {
  /** Seconds each new message stays hidden, 0–900. */
  readonly delaySeconds: number;
  /** Bytes a message (body and attributes) may hold, 1024–1048576. */
  readonly maximumMessageSize: number;
  /** Seconds a message is kept, 60–1209600. */
  readonly messageRetentionPeriod: number;
  /** Seconds a `ReceiveMessage` without `WaitTimeSeconds` waits, 0–20. */
  readonly receiveMessageWaitTimeSeconds: number;
  /** Seconds a received message stays hidden, 0–43200. */
  readonly visibilityTimeout: number;
  readonly redrivePolicy?: RedrivePolicy;
  /** Kept and answered as given: nothing here enforces them. */
  readonly policy?: string;
  readonly redriveAllowPolicy?: string;
  readonly kmsMasterKeyId?: string;
  readonly kmsDataKeyReusePeriodSeconds: number;
  readonly sqsManagedSseEnabled: boolean;
}

/** SQS's defaults for a new standard queue. */
export const DEFAULT_SETTINGS: QueueSettings = {
  delaySeconds: 0,
  maximumMessageSize: 1_048_576,
  messageRetentionPeriod: 345_600,
  receiveMessageWaitTimeSeconds: 0,
  visibilityTimeout: 30,
  kmsDataKeyReusePeriodSeconds: 300,
  sqsManagedSseEnabled: true,
};

/** The attributes SQS computes, which can be read but not set. */
export const READ_ONLY_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;

const INTEGER_RANGES = {
  DelaySeconds: ['delaySeconds', 0, 900],
  MaximumMessageSize: ['maximumMessageSize', 1024, 1_048_576],
  MessageRetentionPeriod: ['messageRetentionPeriod', 60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: ['receiveMessageWaitTimeSeconds', 0, 20],
  VisibilityTimeout: ['visibilityTimeout', 0, 43_200],
  KmsDataKeyReusePeriodSeconds: ['kmsDataKeyReusePeriodSeconds', 60, 86_400],
} as const;

/** The attributes only a FIFO queue has; this server emulates standard queues only. */
const FIFO_ATTRIBUTES = ['FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit'];

const badValue = (name: string, value: string, reason: string, options?: ErrorOptions): SqsRequestError =>
  new SqsRequestError('InvalidAttributeValue', `Invalid value for the parameter ${name}: "${value}" ${reason}.`, options);

function readInteger(name: keyof typeof INTEGER_RANGES, value: string): number {
  const [, min, max] = INTEGER_RANGES[name];
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) throw badValue(name, value, `is not an integer from ${min} to ${max}`);
  return number;
}

/** `RedrivePolicy`: JSON with `deadLetterTargetArn` and `maxReceiveCount` (1–1000); `""` or `{}` removes it. */
function readRedrivePolicy(value: string): RedrivePolicy | undefined {
  if (value === '' || value === '{}') return undefined;
  let parsed: { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
  try {
    parsed = JSON.parse(value) as typeof parsed;
  } catch (error) {
    throw badValue('RedrivePolicy', value, 'is not JSON', { cause: error });
  }
  const arn = parsed?.deadLetterTargetArn;
  if (typeof arn !== 'string' || !/^arn:[^:]+:sqs:[^:]+:\d{12}:[\w-]{1,80}$/.test(arn)) throw badValue('RedrivePolicy', value, 'needs deadLetterTargetArn, a queue ARN');
  const count = Number(parsed.maxReceiveCount);
  if (!Number.isInteger(count) || count < 1 || count > 1000) throw badValue('RedrivePolicy', value, 'needs maxReceiveCount, an integer from 1 to 1000');
  return { deadLetterTargetArn: arn, maxReceiveCount: count };
}

/**
 * Applies `CreateQueue` / `SetQueueAttributes` attributes over `base`, checked as SQS checks them:
 * integers in SQS's ranges, a redrive policy with a queue ARN and a `maxReceiveCount` of 1–1000.
 * Whether the dead-letter queue exists is the caller's question.
 *
 * @throws SqsRequestError `InvalidAttributeName` for an unknown, read-only or FIFO-only attribute,
 *   `InvalidAttributeValue` for a value out of range; both name it
 */
export function applyAttributes(base: QueueSettings, attributes: Readonly<Record<string, string>>): QueueSettings {
  let settings: QueueSettings = base;
  for (const [name, raw] of Object.entries(attributes)) {
    const value = String(raw);
    if (Object.hasOwn(INTEGER_RANGES, name)) {
      const key = INTEGER_RANGES[name as keyof typeof INTEGER_RANGES][0];
      settings = { ...settings, [key]: readInteger(name as keyof typeof INTEGER_RANGES, value) };
    } else if (name === 'RedrivePolicy') {
      const { redrivePolicy: _removed, ...rest } = settings;
      const policy = readRedrivePolicy(value);
      settings = policy === undefined ? rest : { ...rest, redrivePolicy: policy };
    } else if (name === 'Policy' || name === 'RedriveAllowPolicy' || name === 'KmsMasterKeyId') {
      const key = name === 'Policy' ? 'policy' : name === 'RedriveAllowPolicy' ? 'redriveAllowPolicy' : 'kmsMasterKeyId';
      settings = { ...settings, [key]: value === '' ? undefined : value };
    } else if (name === 'SqsManagedSseEnabled') {
      if (value !== 'true' && value !== 'false') throw badValue(name, value, 'is not "true" or "false"');
      settings = { ...settings, sqsManagedSseEnabled: value === 'true' };
    } else if (name === 'FifoQueue' && value === 'false') {
      // A standard queue, said out loud.
    } else if (FIFO_ATTRIBUTES.includes(name)) {
      throw new SqsRequestError('InvalidAttributeName', `Unknown Attribute ${name}: this local SQS server emulates standard queues only, not FIFO queues.`);
    } else {
      throw new SqsRequestError('InvalidAttributeName', `Unknown Attribute ${name}${(READ_ONLY_ATTRIBUTES as readonly string[]).includes(name) ? ' (it is read-only)' : ''}.`);
    }
  }
  return settings;
}

/** The settable attributes as `GetQueueAttributes` answers them (strings; the optional ones only when set). */
export function renderSettings(settings: QueueSettings): Record<string, string> {
  return {
    DelaySeconds: String(settings.delaySeconds),
    MaximumMessageSize: String(settings.maximumMessageSize),
    MessageRetentionPeriod: String(settings.messageRetentionPeriod),
    ReceiveMessageWaitTimeSeconds: String(settings.receiveMessageWaitTimeSeconds),
    VisibilityTimeout: String(settings.visibilityTimeout),
    SqsManagedSseEnabled: String(settings.sqsManagedSseEnabled),
    ...(settings.redrivePolicy === undefined ? {} : { RedrivePolicy: JSON.stringify(settings.redrivePolicy) }),
    ...(settings.policy === undefined ? {} : { Policy: settings.policy }),
    ...(settings.redriveAllowPolicy === undefined ? {} : { RedriveAllowPolicy: settings.redriveAllowPolicy }),
    ...(settings.kmsMasterKeyId === undefined ? {} : { KmsMasterKeyId: settings.kmsMasterKeyId, KmsDataKeyReusePeriodSeconds: String(settings.kmsDataKeyReusePeriodSeconds) }),
  };
}
