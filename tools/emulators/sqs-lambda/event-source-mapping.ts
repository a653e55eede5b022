import { DeleteMessageBatchCommand, GetQueueAttributesCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { readBatchResponse } from './batch-response';
import { SqsEventSourceOptionsError, SqsEventSourceQueueError } from './errors';
import { type LambdaSqsEvent, type LambdaSqsRecord, toLambdaSqsEvent } from './sqs-event';

/** Options for {@link createSqsEventSource}: an `AWS::Lambda::EventSourceMapping` for an SQS queue. */
export interface SqsEventSourceOptions {
  /** The queue's URL. */
  readonly queueUrl: string;
  /** The SQS client to poll with; or give `endpoint`. */
  readonly client?: SQSClient;
  /** An SQS endpoint (the local server's) to build a client for, with placeholder credentials. */
  readonly endpoint?: string;
  /** The queue's ARN, the records' `eventSourceARN`. @default read once with `GetQueueAttributes` */
  readonly queueArn?: string;
  /** Records per invocation, 1–10. @default 10 */
  readonly batchSize?: number;
  /** Seconds to keep gathering records for a batch, 0–300, in real time. @default 0 */
  readonly maximumBatchingWindowSeconds?: number;
  /** `ReportBatchItemFailures` to act on the function's `batchItemFailures`. @default none: any error fails the whole batch */
  readonly functionResponseType?: 'ReportBatchItemFailures';
  /**
   * Invokes the function with the event and resolves with its response; rejects when the function
   * fails (an error thrown, a timeout, a function error from Lambda's Invoke API). The caller
   * decides how: the handler in process, or serverless-offline's Invoke API over HTTP.
   */
  readonly invoke: (event: SQSEvent) => Promise<unknown>;
  /** Long-poll wait of each `ReceiveMessage`, 0–20 seconds (drills on a simulated clock use 0). @default 20, as Lambda's pollers */
  readonly waitTimeSeconds?: number;
  /** Told about every batch the loop ({@link SqsEventSource.start}) processed. */
  readonly onBatch?: (outcome: SqsBatchOutcome) => void;
  /** Told when the loop cannot read the queue or delete from it; it retries after a second. @default prints to stderr */
  readonly onError?: (error: unknown) => void;
  /** @default 'us-east-1', when the client is built from `endpoint` */
  readonly region?: string;
}

/** What one poll did. */
export interface SqsBatchOutcome {
  /** The records the function was invoked with; empty when the queue had none (no invocation). */
  readonly records: readonly LambdaSqsRecord[];
  /** The event as invoked, when there was one. */
  readonly event?: LambdaSqsEvent;
  /** What the function returned, when it succeeded. */
  readonly response?: unknown;
  /** Why the function failed, when it did: the whole batch stays for a retry. */
  readonly error?: unknown;
  /** Why a successful response was read as the whole batch failing (ReportBatchItemFailures only). */
  readonly invalidResponse?: string;
  /** The records left in the queue to come back after their visibility timeout. */
  readonly failedIds: readonly string[];
  /** The records deleted from the queue. */
  readonly deleted: number;
}

/** Lambda's SQS poller for one event source mapping. */
export interface SqsEventSource {
  /**
   * One receive (long-polling `waitTimeSeconds`), one invocation when it found records, then the
   * deletion of the records that succeeded.
   * @throws SqsEventSourceQueueError when the queue cannot be read or the deletion fails
   */
  pollOnce(): Promise<SqsBatchOutcome>;
  /** Polls in a loop until {@link SqsEventSource.stop}. */
  start(): void;
  /** Ends the loop: a receive still waiting is abandoned, a batch being processed is finished first. */
  stop(): Promise<void>;
}

const MAX_RECEIVE = 10;
const RETRY_AFTER_MS = 1000;
/** Pause of a loop that does not long-poll, between empty receives. */
const IDLE_MS = 100;

function checkRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new SqsEventSourceOptionsError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

function clientFor(options: SqsEventSourceOptions): SQSClient {
  if (options.client !== undefined) return options.client;
  if (options.endpoint === undefined) throw new SqsEventSourceOptionsError(`an SQS event source for ${options.queueUrl} needs a client or an endpoint`);
  return new SQSClient({ endpoint: options.endpoint, region: options.region ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** Waits `ms`, or less when `signal` aborts. */
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });

/**
 * Lambda's SQS event source mapping, against any SQS endpoint: receives up to `batchSize` messages
 * (with every system and message attribute), gathers more for `maximumBatchingWindowSeconds`,
 * invokes the function with the event exactly as Lambda builds it, then deletes what succeeded.
 * Without `ReportBatchItemFailures`, a failed invocation leaves the whole batch to come back after
 * the queue's visibility timeout and a successful one deletes it all; with it, the records in
 * `batchItemFailures` stay and the others are deleted, and a response Lambda would call invalid
 * leaves the whole batch. Redrive to a dead-letter queue is the queue's own doing. One poller
 * (Lambda scales to more).
 *
 * @example
 * ```ts
 * const source = createSqsEventSource({ endpoint: sqs.endpoint, queueUrl, functionResponseType: 'ReportBatchItemFailures', waitTimeSeconds: 0, invoke: (event) => handler(event, context) });
 * const outcome = await source.pollOnce(); // { records, failedIds, deleted, ... }
 * ```
 * @throws SqsEventSourceOptionsError for an option out of Lambda's range
 */
export function createSqsEventSource(options: SqsEventSourceOptions): SqsEventSource {
  const batchSize = checkRange('batchSize', options.batchSize ?? 10, 1, MAX_RECEIVE);
  const windowMs = checkRange('maximumBatchingWindowSeconds', options.maximumBatchingWindowSeconds ?? 0, 0, 300) * 1000;
  const waitTimeSeconds = checkRange('waitTimeSeconds', options.waitTimeSeconds ?? 20, 0, 20);
  if (options.functionResponseType !== undefined && options.functionResponseType !== 'ReportBatchItemFailures') {
    throw new SqsEventSourceOptionsError(`functionResponseType must be 'ReportBatchItemFailures' or left out, got '${String(options.functionResponseType)}'`);
  }
  const client = clientFor(options);
  const { queueUrl } = options;
  let arn: Promise<string> | undefined = options.queueArn === undefined ? undefined : Promise.resolve(options.queueArn);

  const queueArn = (): Promise<string> => {
    arn ??= client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })).then(
      ({ Attributes }) => Attributes?.['QueueArn'] ?? '',
      (error: unknown) => {
        arn = undefined;
        throw new SqsEventSourceQueueError(`The SQS event source cannot read the ARN of ${queueUrl}`, { cause: error });
      },
    );
    return arn;
  };

  const receive = async (max: number, wait: number, signal?: AbortSignal): Promise<Message[]> => {
    try {
      const command = new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: wait, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] });
      return (await client.send(command, signal === undefined ? {} : { abortSignal: signal })).Messages ?? [];
    } catch (error) {
      if (signal?.aborted) return [];
      throw new SqsEventSourceQueueError(`The SQS event source cannot receive from ${queueUrl}`, { cause: error });
    }
  };

  /** The first receive, then more for the batching window until the batch is full or a receive finds nothing. */
  const gather = async (signal?: AbortSignal): Promise<Message[]> => {
    const messages = await receive(batchSize, waitTimeSeconds, signal);
    const end = Date.now() + windowMs;
    while (messages.length > 0 && messages.length < batchSize && Date.now() < end && !signal?.aborted) {
      const more = await receive(batchSize - messages.length, Math.min(20, Math.ceil((end - Date.now()) / 1000)), signal);
      if (more.length === 0) break;
      messages.push(...more);
    }
    return messages;
  };

  const deleteRecords = async (records: readonly LambdaSqsRecord[]): Promise<number> => {
    let deleted = 0;
    for (let i = 0; i < records.length; i += MAX_RECEIVE) {
      const chunk = records.slice(i, i + MAX_RECEIVE);
      try {
        const result = await client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((record, j) => ({ Id: String(j), ReceiptHandle: record.receiptHandle })) }));
        deleted += result.Successful?.length ?? 0;
      } catch (error) {
        throw new SqsEventSourceQueueError(`The SQS event source cannot delete ${chunk.map((record) => record.messageId).join(', ')} from ${queueUrl}`, { cause: error });
      }
    }
    return deleted;
  };

  const pollWith = async (signal?: AbortSignal): Promise<SqsBatchOutcome> => {
    const messages = await gather(signal);
    if (messages.length === 0) return { records: [], failedIds: [], deleted: 0 };
    const sourceArn = await queueArn();
    const event = toLambdaSqsEvent(messages, { queueArn: sourceArn, region: sourceArn.split(':')[3] ?? options.region ?? 'us-east-1' });
    const ids = event.Records.map((record) => record.messageId);
    let response: unknown;
    try {
      // @types/aws-lambda declares md5OfMessageAttributes optional; Lambda sends null when there are none.
      response = await options.invoke(event as unknown as SQSEvent);
    } catch (error) {
      return { records: event.Records, event, error, failedIds: ids, deleted: 0 };
    }
    const reading = options.functionResponseType === 'ReportBatchItemFailures' ? readBatchResponse(response, ids) : { kind: 'success' as const };
    if (reading.kind === 'invalid') return { records: event.Records, event, response, invalidResponse: reading.reason, failedIds: ids, deleted: 0 };
    const failedIds = reading.kind === 'partial' ? reading.failedIds : [];
    const deleted = await deleteRecords(event.Records.filter((record) => !failedIds.includes(record.messageId)));
    return { records: event.Records, event, response, failedIds, deleted };
  };

  let running: { readonly controller: AbortController; readonly loop: Promise<void> } | undefined;

  const loop = async (signal: AbortSignal): Promise<void> => {
    const onError = options.onError ?? ((error: unknown) => console.error(`[sqs-lambda] ${queueUrl}:`, error));
    while (!signal.aborted) {
      try {
        const outcome = await pollWith(signal);
        if (outcome.records.length > 0) options.onBatch?.(outcome);
        else if (waitTimeSeconds === 0) await sleep(IDLE_MS, signal);
      } catch (error) {
        if (signal.aborted) break;
        onError(error);
        await sleep(RETRY_AFTER_MS, signal);
      }
    }
  };

  return {
    pollOnce: () => pollWith(),
    start: () => {
      if (running !== undefined) return;
      const controller = new AbortController();
      running = { controller, loop: loop(controller.signal) };
    },
    stop: async () => {
      const current = running;
      running = undefined;
      if (current === undefined) return;
      current.controller.abort();
      await current.loop;
    },
  };
}
