import { randomBytes } from 'node:crypto';
import { invalidParameter, SqsRequestError } from './errors';
import type { WireAttributes } from './message-attributes';
import type { QueueSettings } from './queue-attributes';

/** A message while it is in a queue. */
export interface StoredMessage {
  readonly id: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly attributes: WireAttributes;
  /** `AWSTraceHeader`, from the sender's system attributes or its `X-Amzn-Trace-Id` header. */
  readonly traceHeader?: string;
  readonly senderId: string;
  /** Fair-queue tag of a standard queue, returned as the `MessageGroupId` attribute. */
  readonly groupId?: string;
  /** When it was first sent (epoch ms): `SentTimestamp`, and where retention counts from, also after a redrive. */
  readonly sentAt: number;
  /** When it entered this queue: where `ApproximateAgeOfOldestMessage` counts from (a redrive restarts it). */
  enqueuedAt: number;
  delayedUntil: number;
  visibleAt: number;
  /** Receives across all queues, as `ApproximateReceiveCount`. */
  receiveCount: number;
  firstReceivedAt?: number;
  /** When the current receive happened, to cap the total visibility timeout at 12 hours. */
  receivedAt?: number;
  /** The latest receive's handle: the only one that deletes the message. */
  receiptHandle?: string;
  /** Set once a redrive moved it from that queue: `DeadLetterQueueSourceArn`. */
  deadLetterSourceArn?: string;
}

/** A message as one receive hands it out: a copy, so later receives do not change what was answered. */
export type ReceivedMessage = Readonly<StoredMessage> & { readonly receiptHandle: string; readonly firstReceivedAt: number };

/** Cumulative counts behind the `NumberOf…` metrics. */
export interface QueueCounters {
  sent: number;
  received: number;
  deleted: number;
  emptyReceives: number;
}

/** The longest a message can stay in flight from one receive: 12 hours. */
const MAX_VISIBILITY_SECONDS = 43_200;
/** Receives after which AWS leaves a message out of `ApproximateAgeOfOldestMessage`. */
const POISON_RECEIVES = 3;
const PURGE_INTERVAL_MS = 60_000;

/**
 * One standard queue's messages and their state on a clock the caller passes in (`now`, epoch ms):
 * delay, visibility, receive counts, receipt handles, redrive to a dead-letter queue and retention,
 * as SQS documents them. Messages are handed out oldest first.
 */
export class SqsQueue {
  public readonly counters: QueueCounters = { sent: 0, received: 0, deleted: 0, emptyReceives: 0 };
  public modifiedAt: number;
  private readonly messages = new Map<string, StoredMessage>();
  /** Every handle this queue issued, to its message, so an old or repeated one is told from a made-up one. */
  private readonly handles = new Map<string, StoredMessage>();
  private readonly listeners = new Set<() => void>();
  private lastPurgeAt: number | undefined;

  public constructor(
    public readonly name: string,
    public readonly arn: string,
    public settings: QueueSettings,
    public readonly createdAt: number,
  ) {
    this.modifiedAt = createdAt;
  }

  /** Calls `listener` whenever a message may have become receivable; returns the unsubscribe. */
  public subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Drops the messages whose retention period, counted from when they were first sent, has passed. */
  public dropExpired(now: number): void {
    const retentionMs = this.settings.messageRetentionPeriod * 1000;
    for (const [id, message] of this.messages) if (message.sentAt + retentionMs <= now) this.messages.delete(id);
  }

  /** Adds a message sent to this queue. */
  public enqueue(message: StoredMessage): void {
    this.messages.set(message.id, message);
    this.counters.sent += 1;
    this.notify();
  }

  private visible(message: StoredMessage, now: number): boolean {
    return message.delayedUntil <= now && message.visibleAt <= now;
  }

  /** Whether a receive now would find a message (or redrive one). */
  public hasVisible(now: number): boolean {
    this.dropExpired(now);
    for (const message of this.messages.values()) if (this.visible(message, now)) return true;
    return false;
  }

  /**
   * Receives up to `max` visible messages, oldest first, hiding each for `visibilityTimeout` seconds
   * under a new receipt handle. A visible message already received `maxReceiveCount` times is moved
   * to `deadLetterQueue` instead (the receive that would exceed the count moves it, as SQS does),
   * keeping its id, body, attributes, sent time and receive count.
   */
  public receive(max: number, visibilityTimeout: number, now: number, deadLetterQueue: SqsQueue | undefined): ReceivedMessage[] {
    this.dropExpired(now);
    const received: ReceivedMessage[] = [];
    const policy = this.settings.redrivePolicy;
    for (const message of [...this.messages.values()]) {
      if (received.length >= max) break;
      if (!this.visible(message, now)) continue;
      if (policy !== undefined && deadLetterQueue !== undefined && message.receiveCount >= policy.maxReceiveCount) {
        this.messages.delete(message.id);
        deadLetterQueue.adoptRedriven(message, this.arn, now);
        continue;
      }
      const handle = `AQEB${randomBytes(96).toString('base64')}`;
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.receivedAt = now;
      message.visibleAt = now + visibilityTimeout * 1000;
      message.receiptHandle = handle;
      this.handles.set(handle, message);
      received.push({ ...message, receiptHandle: handle, firstReceivedAt: message.firstReceivedAt });
    }
    this.counters.received += received.length;
    return received;
  }

  /** Takes in a message a source queue's redrive moved here: visible at once, its age restarting now. */
  private adoptRedriven(message: StoredMessage, sourceArn: string, now: number): void {
    const { receiptHandle: _old, receivedAt: _at, ...rest } = message;
    this.messages.set(message.id, { ...rest, enqueuedAt: now, delayedUntil: now, visibleAt: now, deadLetterSourceArn: sourceArn });
    this.notify();
  }

  private messageFor(handle: string): StoredMessage {
    const message = this.handles.get(handle);
    if (message === undefined) throw new SqsRequestError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle for the queue ${this.name}.`);
    return message;
  }

  /**
   * Deletes the message `handle` was issued for, if it is the message's latest handle. As SQS
   * documents, an earlier handle of a message received again succeeds but deletes nothing, and
   * deleting a message already gone (deleted, moved, expired) succeeds.
   *
   * @returns whether a message was deleted
   * @throws SqsRequestError `ReceiptHandleIsInvalid` for a handle this queue never issued
   */
  public delete(handle: string): boolean {
    const message = this.messageFor(handle);
    this.counters.deleted += 1;
    if (this.messages.get(message.id) !== message || message.receiptHandle !== handle) return false;
    this.messages.delete(message.id);
    return true;
  }

  /**
   * Hides the in-flight message `handle` was issued for `seconds` from now (0 makes it visible at once).
   *
   * @throws SqsRequestError `ReceiptHandleIsInvalid` for an unknown handle or a message gone,
   *   `MessageNotInflight` when it is visible again or was received again since,
   *   `InvalidParameterValue` past the 12-hour limit from its receive
   */
  public changeVisibility(handle: string, seconds: number, now: number): void {
    const message = this.messageFor(handle);
    if (this.messages.get(message.id) !== message)
      throw new SqsRequestError('ReceiptHandleIsInvalid', `The receipt handle "${handle}" is for a message no longer in ${this.name} (deleted, moved to its dead-letter queue, or expired).`);
    if (message.receiptHandle !== handle || message.visibleAt <= now) {
      throw new SqsRequestError(
        'MessageNotInflight',
        `The message ${message.id} is not in flight for this receipt handle (${message.receiptHandle !== handle ? 'it was received again since' : 'its visibility timeout has expired'}).`,
      );
    }
    if (now + seconds * 1000 - (message.receivedAt ?? now) > MAX_VISIBILITY_SECONDS * 1000) {
      throw invalidParameter(`Value ${seconds} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_SECONDS} seconds].`);
    }
    message.visibleAt = now + seconds * 1000;
    if (seconds === 0) this.notify();
  }

  /**
   * Deletes every message.
   *
   * @throws SqsRequestError `PurgeQueueInProgress` within 60 seconds of the last purge, as SQS refuses it
   */
  public purge(now: number): void {
    if (this.lastPurgeAt !== undefined && now - this.lastPurgeAt < PURGE_INTERVAL_MS) {
      throw new SqsRequestError(
        'PurgeQueueInProgress',
        `Only one PurgeQueue operation on ${this.name} is allowed every 60 seconds (the last was ${Math.round((now - this.lastPurgeAt) / 1000)} s ago).`,
      );
    }
    this.lastPurgeAt = now;
    this.messages.clear();
  }

  /** The queue's depths: messages receivable now, in flight, and delayed. */
  public depths(now: number): { readonly visible: number; readonly notVisible: number; readonly delayed: number } {
    this.dropExpired(now);
    let visible = 0;
    let notVisible = 0;
    let delayed = 0;
    for (const message of this.messages.values()) {
      if (message.delayedUntil > now) delayed += 1;
      else if (message.visibleAt > now) notVisible += 1;
      else visible += 1;
    }
    return { visible, notVisible, delayed };
  }

  /**
   * `ApproximateAgeOfOldestMessage` as AWS defines it: seconds since the oldest message still in the
   * queue entered it (a redriven message counts from its move), leaving out messages received 3 times
   * or more while any other is there; 0 when the queue is empty.
   */
  public ageOfOldestSeconds(now: number): number {
    this.dropExpired(now);
    const all = [...this.messages.values()];
    const fresh = all.filter((message) => message.receiveCount < POISON_RECEIVES);
    const counted = fresh.length > 0 ? fresh : all;
    if (counted.length === 0) return 0;
    const oldest = Math.min(...counted.map((message) => message.enqueuedAt));
    return Math.max(0, Math.floor((now - oldest) / 1000));
  }
}
