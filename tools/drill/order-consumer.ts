import type { SQSEvent } from 'aws-lambda';
import { ORDER_PLACED_QUEUE } from '../../handlers/orders/adapters/order-queue';
import { createSqsEventSource, type SqsEventSource } from '../emulators/sqs-lambda';
import type { DrillQueues, QueuedMessage, QueueState } from './drill-queues';

/** How Lambda's SQS pollers start, scale and stop (the Lambda developer guide, "Configuring scaling behavior for SQS event source mappings"). */
const SCALING = {
  /** Concurrent batches when messages become available, and again once traffic is low. */
  initial: 5,
  /** More concurrent batches per minute while messages are still available. */
  perMinute: 300,
  /** The most an event source mapping processes at once. */
  max: 1000,
} as const;
/** How many times the poller tries a throttled invocation (a second apart) before leaving the batch to come back after its visibility timeout. */
const THROTTLED_ATTEMPTS = 3;
const THROTTLE_BACKOFF_MS = 1000;
const WINDOW_MS = ORDER_PLACED_QUEUE.maximumBatchingWindowSeconds * 1000;
const VISIBILITY_MS = ORDER_PLACED_QUEUE.visibilityTimeoutSeconds * 1000;

/** The event source mapping's settings a scenario changes. */
export interface ConsumerSettings {
  /** Whether the mapping polls; disabled, messages wait in the queue. @default true */
  readonly enabled?: boolean;
  /** `ScalingConfig.MaximumConcurrency`: at most this many batches at once (2–1000). @default none: Lambda's own scaling */
  readonly maxConcurrency?: number;
}

/** What the host made of one invocation with a batch. */
export type ConsumerInvocation =
  /** Lambda refused it (an injected throttle, or no concurrency left). */
  | { readonly kind: 'throttled' }
  /** The invocation failed (timed out, threw): the whole batch comes back. */
  | { readonly kind: 'failed'; readonly durationMs: number }
  /** The handler answered `response` after `durationMs` (simulated). */
  | { readonly kind: 'ran'; readonly response: unknown; readonly durationMs: number };

/** One batch the event source mapping took, as the report keeps it. */
export interface ConsumerBatch {
  /** Simulated epoch ms of the receive. */
  readonly at: number;
  readonly messageIds: readonly string[];
  /** The records left to come back after the visibility timeout: those the response named, or all when the invocation failed. */
  readonly failedIds: readonly string[];
  /** `processed`: all deleted; `partial`: the response named failed records; `failed`: the invocation failed; `throttled`: it never ran. */
  readonly result: 'processed' | 'partial' | 'failed' | 'throttled';
}

/** Options of {@link OrderConsumer}. */
export interface OrderConsumerOptions {
  readonly queues: DrillQueues;
  /** Runs fulfilOrder once with `event` at simulated time `at`, as Lambda would (the orders host's platform). */
  readonly invoke: (event: SQSEvent, at: number) => Promise<ConsumerInvocation>;
}

/** Tells the event source mapping that a batch's invocation failed, so the batch stays in the queue. */
class BatchNotProcessedError extends Error {
  public constructor(public readonly reason: 'throttled' | 'failed') {
    super(reason === 'throttled' ? 'Lambda throttled fulfilOrder' : 'fulfilOrder failed');
    this.name = 'BatchNotProcessedError';
  }
}

/**
 * fulfilOrder's SQS event source mapping on the drill's clock: the real event source stand-in
 * (`createSqsEventSource`: receive, invoke, delete what succeeded, `ReportBatchItemFailures`),
 * polled at the simulated instants Lambda's pollers would take a batch, rather than in a loop.
 *
 * Modelled from the documentation: batches of up to 10 gathered for the 1 s batching window unless 10
 * are already waiting; 5 concurrent batches when messages appear, 300 more per minute while some are
 * still waiting, back to 5 once the queue is empty, never more than `maxConcurrency`; each poller
 * takes its next batch when its invocation ends; a throttled invocation is tried again a second
 * later, twice, then its batch is left to come back after the queue's visibility timeout (and counts
 * a receive towards the dead letter queue). Approximated: pollers never receive empty (SQS's
 * `NumberOfEmptyReceives` stays near 0); a batch whose window would end after the minute waits for
 * the next minute's drain, which its metrics then fall in; and the minute's batches are invoked after
 * its API requests, so the concurrency an invocation finds counts the API invocations still running
 * at the minute's end (a unit or two at most) rather than those running at its own instant.
 */
export class OrderConsumer {
  readonly #queues: DrillQueues;
  readonly #invoke: OrderConsumerOptions['invoke'];
  readonly #source: SqsEventSource;
  /** Simulated instants a message may become receivable: sent, or back after a failed receive. Kept sorted. */
  #wakes: number[] = [];
  /** When each poller is free again. */
  #pollers: number[] = [];
  #settings: ConsumerSettings = {};
  #batches: ConsumerBatch[] = [];
  /** The poll under way: when it received, and how long its invocation kept the poller. */
  #poll = { at: 0, busyMs: 0 };

  public constructor(options: OrderConsumerOptions) {
    this.#queues = options.queues;
    this.#invoke = options.invoke;
    this.#source = createSqsEventSource({
      client: options.queues.pollingClient,
      queueUrl: options.queues.queueUrl,
      batchSize: ORDER_PLACED_QUEUE.batchSize,
      functionResponseType: 'ReportBatchItemFailures',
      // On a simulated clock: the drill decides when a receive happens, so it never waits.
      waitTimeSeconds: 0,
      invoke: (event) => this.#invokeWithRetries(event),
    });
  }

  /** Forgets the last scenario: no wakes, the initial pollers free at `at`, default settings. */
  public reset(at: number): void {
    this.#wakes = [];
    this.#pollers = Array.from({ length: SCALING.initial }, () => at);
    this.#settings = {};
    this.#batches = [];
  }

  /** The event source mapping's settings from now on. */
  public configure(settings: ConsumerSettings): void {
    this.#settings = settings;
    this.#pollers = this.#pollers.slice(0, this.#cap());
  }

  /** A message may have been sent at `at` (an order placed, another producer's message): a poller will look then. */
  public messageSentAt(at: number): void {
    this.#wake(at);
  }

  /** Every batch taken since the last reset. */
  public batches(): readonly ConsumerBatch[] {
    return this.#batches;
  }

  /**
   * Takes the batches Lambda's pollers would take from `from` to `to` (a simulated minute, after its
   * requests were sent), invoking fulfilOrder for each, then scales the pollers for the next minute.
   */
  public async drain(from: number, to: number): Promise<void> {
    if (this.#settings.enabled === false) {
      // Nothing polls; once enabled again, Lambda starts over with its initial pollers.
      this.#pollers = Array.from({ length: Math.min(this.#cap(), SCALING.initial) }, () => to);
      return;
    }
    for (;;) {
      const wake = this.#wakes[0];
      if (wake === undefined || wake >= to) break;
      const poller = this.#pollers.indexOf(Math.min(...this.#pollers));
      const start = Math.max(wake, this.#pollers[poller] ?? from, from);
      if (start >= to) break;
      const waiting = this.#queues.visibleAt(start);
      if (waiting === 0) {
        this.#dropWakesThrough(start);
        continue;
      }
      const receiveAt = waiting >= ORDER_PLACED_QUEUE.batchSize ? start : start + WINDOW_MS;
      if (receiveAt >= to) break;
      this.#queues.setTime(receiveAt);
      this.#poll = { at: receiveAt, busyMs: 0 };
      const outcome = await this.#source.pollOnce();
      this.#dropWakesThrough(receiveAt);
      // None received: what was visible had been received its last time, and this receive moved it to the dead letter queue.
      if (outcome.records.length === 0) continue;
      if (outcome.records.length === ORDER_PLACED_QUEUE.batchSize) this.#wake(receiveAt);
      if (outcome.failedIds.length > 0) this.#wake(receiveAt + VISIBILITY_MS);
      this.#pollers[poller] = receiveAt + this.#poll.busyMs;
      const result =
        outcome.error instanceof BatchNotProcessedError
          ? outcome.error.reason
          : outcome.error !== undefined || outcome.invalidResponse !== undefined
            ? 'failed'
            : outcome.failedIds.length > 0
              ? 'partial'
              : 'processed';
      this.#batches.push({ at: receiveAt, messageIds: outcome.records.map((r) => r.messageId), failedIds: outcome.failedIds, result });
    }
    this.#scale(to);
  }

  /** The invocation Lambda makes for a batch; a throttled one is tried again a second later, up to {@link THROTTLED_ATTEMPTS} times. */
  async #invokeWithRetries(event: SQSEvent): Promise<unknown> {
    for (let attempt = 0; ; attempt += 1) {
      const at = this.#poll.at + attempt * THROTTLE_BACKOFF_MS;
      const invocation = await this.#invoke(event, at);
      if (invocation.kind === 'ran' || invocation.kind === 'failed') {
        this.#poll.busyMs = at - this.#poll.at + invocation.durationMs;
        if (invocation.kind === 'failed') throw new BatchNotProcessedError('failed');
        return invocation.response;
      }
      if (attempt + 1 === THROTTLED_ATTEMPTS) {
        this.#poll.busyMs = at - this.#poll.at;
        throw new BatchNotProcessedError('throttled');
      }
    }
  }

  /** Lambda's scaling at a minute's end: more pollers while messages wait, back to the initial few once none do. */
  #scale(to: number): void {
    const backlog = this.#queues.visibleAt(to) > 0;
    const target = backlog ? Math.min(this.#cap(), this.#pollers.length + SCALING.perMinute) : Math.min(this.#cap(), SCALING.initial);
    this.#pollers = this.#pollers.slice(0, target);
    while (this.#pollers.length < target) this.#pollers.push(to);
  }

  #cap(): number {
    return Math.min(SCALING.max, this.#settings.maxConcurrency ?? SCALING.max);
  }

  #wake(at: number): void {
    let i = this.#wakes.length;
    while (i > 0 && (this.#wakes[i - 1] as number) > at) i -= 1;
    this.#wakes.splice(i, 0, at);
  }

  #dropWakesThrough(at: number): void {
    let i = 0;
    while (i < this.#wakes.length && (this.#wakes[i] as number) <= at) i += 1;
    this.#wakes.splice(0, i);
  }
}

/** The asynchronous leg at a scenario's end, for its expectations and its report. */
export interface FulfilmentReport {
  /** Every batch fulfilOrder's event source mapping took, in order. */
  readonly batches: readonly ConsumerBatch[];
  /** The messages another producer put on the queue (a scenario's `strayMessages`), with when (simulated). */
  readonly strays: readonly { readonly messageId: string; readonly at: number }[];
  /** What the dead letter queue holds at the end. */
  readonly deadLetters: readonly QueuedMessage[];
  /** The OrderPlaced queue's deepest backlog and oldest message over the scenario's minute samples (its history included). */
  readonly peak: { readonly visible: number; readonly oldestAgeSeconds: number };
  /** Both queues at the end. */
  readonly end: { readonly queue: QueueState; readonly deadLetterQueue: QueueState };
  /** Orders the API placed during the scenario (201), and how many of them the table has FULFILLED at its end. */
  readonly orders: { readonly placed: number; readonly fulfilled: number };
}
