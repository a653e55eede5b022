import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type Datapoint, sqsQueueDatapoints } from '../emulators/cloudwatch/metric-store';
import { type SqsQueueMetrics, sqsMetricsSince } from '../emulators/sqs';
import { type LocalOrderQueues, type OrderQueuesOptions, startOrderQueues } from '../stack/order-queues';
import { sqsJsonClient } from './sqs-json-client';

/** The attributes `CreateQueue` takes that a queue's `GetQueueAttributes` (`All`) answers. */
const SETTABLE_ATTRIBUTES = ['DelaySeconds', 'MaximumMessageSize', 'MessageRetentionPeriod', 'ReceiveMessageWaitTimeSeconds', 'VisibilityTimeout', 'RedrivePolicy'] as const;

/** The largest `SendMessageBatch`, and the most a receive returns. */
const SQS_BATCH = 10;

/** A queue's depth and age at one instant, as its gauges say. */
export interface QueueState {
  /** `ApproximateNumberOfMessagesVisible`. */
  readonly visible: number;
  /** `ApproximateNumberOfMessagesNotVisible`: received, not yet deleted. */
  readonly inFlight: number;
  /** `ApproximateAgeOfOldestMessage`, seconds. */
  readonly oldestAgeSeconds: number;
}

/** A message still in a queue, read back without changing what the drill measured. */
export interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  /** `ApproximateReceiveCount`: receives across both queues. */
  readonly receiveCount: number;
}

const stateOf = (metrics: SqsQueueMetrics): QueueState => ({
  visible: metrics.ApproximateNumberOfMessagesVisible,
  inFlight: metrics.ApproximateNumberOfMessagesNotVisible,
  oldestAgeSeconds: metrics.ApproximateAgeOfOldestMessage,
});

/**
 * The OrderPlaced queue and its dead letter queue as a drill uses them: the local SQS server on the
 * drill's clock (`startOrderQueues`, created as serverless.yml creates them), emptied between
 * scenarios, sampled once a simulated minute for CloudWatch, and read back at a scenario's end.
 */
export class DrillQueues {
  readonly #queues: LocalOrderQueues;
  readonly #client: SQSClient;
  readonly #pollingClient: SQSClient & { destroy(): void };
  readonly #setTime: (at: number) => void;
  /** Each queue's metrics at the last sample: CloudWatch's per-minute counts are the differences. */
  readonly #previous = new Map<string, SqsQueueMetrics>();
  #attributes: ReadonlyMap<string, Record<string, string>> | undefined;

  private constructor(queues: LocalOrderQueues, setTime: (at: number) => void) {
    this.#queues = queues;
    this.#client = queues.client();
    this.#pollingClient = sqsJsonClient(queues.sqs.endpoint);
    this.#setTime = setTime;
  }

  /**
   * Starts the server with both queues on a clock the drill sets (`setTime` before every call that
   * reaches SQS: a handler's send, a poll, a sample).
   */
  public static async start(options: Pick<OrderQueuesOptions, 'stage'>): Promise<DrillQueues> {
    let now = 0;
    const queues = await startOrderQueues({ ...options, now: () => now });
    return new DrillQueues(queues, (at) => {
      now = at;
    });
  }

  /** What the handlers need to publish to the queue: `AWS_ENDPOINT_URL_SQS` and `ORDER_EVENTS_QUEUE_URL`. */
  public get env(): Readonly<Record<string, string>> {
    return this.#queues.env;
  }

  public get queueName(): string {
    return this.#queues.queueName;
  }

  public get queueUrl(): string {
    return this.#queues.queueUrl;
  }

  public get deadLetterQueueName(): string {
    return this.#queues.deadLetterQueueName;
  }

  /** The event source mapping's client of the local server: lean, it polls thousands of times a drill (see `sqsJsonClient`). */
  public get pollingClient(): SQSClient {
    return this.#pollingClient;
  }

  /** Moves the server's clock to simulated time `at`. */
  public setTime(at: number): void {
    this.#setTime(at);
  }

  /** The OrderPlaced queue's messages receivable at `at`. */
  public visibleAt(at: number): number {
    this.#setTime(at);
    return this.#queues.sqs.queueMetrics(this.#queues.queueName).ApproximateNumberOfMessagesVisible;
  }

  /** Both queues' depth and age at `at`. */
  public statesAt(at: number): { readonly queue: QueueState; readonly deadLetterQueue: QueueState } {
    this.#setTime(at);
    return { queue: stateOf(this.#queues.sqs.queueMetrics(this.#queues.queueName)), deadLetterQueue: stateOf(this.#queues.sqs.queueMetrics(this.#queues.deadLetterQueueName)) };
  }

  /**
   * Empties both queues for a new scenario at `at` (whose clock may be earlier than the last one's):
   * each is deleted and created again with its own attributes, so no message, count or receipt
   * handle of the last scenario is left. (A purge would keep the counts, and SQS refuses a second
   * purge within 60 seconds, which a clock set back would see as one.)
   */
  public async reset(at: number): Promise<void> {
    this.#setTime(at);
    const { queueUrl, deadLetterQueueUrl, queueName, deadLetterQueueName } = this.#queues;
    this.#attributes ??= new Map(await Promise.all([queueName, deadLetterQueueName].map(async (name) => [name, await this.#settable(name === queueName ? queueUrl : deadLetterQueueUrl)] as const)));
    await this.#client.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    await this.#client.send(new DeleteQueueCommand({ QueueUrl: deadLetterQueueUrl }));
    // The dead letter queue first: the queue's redrive policy names it.
    for (const name of [deadLetterQueueName, queueName]) await this.#client.send(new CreateQueueCommand({ QueueName: name, Attributes: this.#attributes.get(name) }));
    this.#previous.clear();
  }

  async #settable(queueUrl: string): Promise<Record<string, string>> {
    const { Attributes = {} } = await this.#client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));
    return Object.fromEntries(SETTABLE_ATTRIBUTES.flatMap((name) => (Attributes[name] === undefined ? [] : [[name, Attributes[name]]])));
  }

  /** Sends `bodies` to the OrderPlaced queue at `at`, as another producer would; their message ids, in order. */
  public async send(bodies: readonly string[], at: number): Promise<string[]> {
    this.#setTime(at);
    const ids: string[] = [];
    for (let i = 0; i < bodies.length; i += SQS_BATCH) {
      const entries = bodies.slice(i, i + SQS_BATCH).map((body, j) => ({ Id: String(j), MessageBody: body }));
      const { Successful = [], Failed = [] } = await this.#client.send(new SendMessageBatchCommand({ QueueUrl: this.#queues.queueUrl, Entries: entries }));
      if (Failed.length > 0) throw new Error(`the local SQS server refused ${Failed.length} of the drill's messages: ${Failed.map((f) => f.Message).join('; ')}`);
      ids.push(...entries.map((entry) => Successful.find((s) => s.Id === entry.Id)?.MessageId ?? ''));
    }
    return ids;
  }

  /** Both queues' `AWS/SQS` datapoints of the minute ending at `at` (gauges now, counts since the last sample). */
  public minuteMetrics(at: number): Datapoint[] {
    this.#setTime(at);
    return [this.#queues.queueName, this.#queues.deadLetterQueueName].flatMap((name) => {
      const current = this.#queues.sqs.queueMetrics(name);
      const previous = this.#previous.get(name);
      this.#previous.set(name, current);
      return sqsQueueDatapoints(name, previous === undefined ? current : sqsMetricsSince(previous, current), at);
    });
  }

  /**
   * Every message in the dead letter queue at `at`, read by receiving them all (hidden for the rest
   * of the scenario): call it last, once the scenario's metrics are taken.
   */
  public async drainDeadLetters(at: number): Promise<QueuedMessage[]> {
    this.#setTime(at);
    const messages: QueuedMessage[] = [];
    for (;;) {
      const { Messages = [] } = await this.#client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.#queues.deadLetterQueueUrl,
          MaxNumberOfMessages: SQS_BATCH,
          VisibilityTimeout: 43_200,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      if (Messages.length === 0) return messages;
      // The receive that reads it counts too.
      messages.push(...Messages.map((m) => ({ messageId: m.MessageId ?? '', body: m.Body ?? '', receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 0) - 1 })));
    }
  }

  public async close(): Promise<void> {
    this.#client.destroy();
    this.#pollingClient.destroy();
    await this.#queues.close();
  }
}
