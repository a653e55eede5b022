/**
 * What a catalog may tune of the alarms Periscope generates, and the defaults it starts from. One
 * entry per alarm kind: adding a tunable kind is adding its entry here (the generator's factories
 * then read it resolved, and the catalog check accepts it).
 */

/** What a threshold counts, which decides the values it may take. */
export const ThresholdUnit = {
  /** A share of something, from above 0 to 100. */
  Percent: 'percent',
  /** Events per one-minute period, above 0. */
  PerMinute: 'per minute',
  /** Milliseconds, above 0. */
  Milliseconds: 'ms',
  /** Seconds, above 0 (an age: of a message, of an event). */
  Seconds: 's',
  /** Messages at one time (a queue's depth), a whole number from 1. */
  Messages: 'messages',
} as const;

/** One of {@link ThresholdUnit}'s values. */
export type ThresholdUnitName = (typeof ThresholdUnit)[keyof typeof ThresholdUnit];

/** How one kind of generated alarm evaluates by default. */
export interface AlarmThresholdDefault {
  /** Compared with the alarm's statistic, in `unit`. */
  readonly threshold: number;
  readonly unit: ThresholdUnitName;
  /** Seconds per data point; not tunable (1-minute periods for counts, 5 for percentiles and averages). */
  readonly periodSeconds: number;
  /** How many recent periods are looked at. */
  readonly evaluationPeriods: number;
  /** How many of them must breach. */
  readonly datapointsToAlarm: number;
}

/**
 * Periscope's default per tunable alarm kind, each with why. Every threshold is in its kind's unit;
 * "3 of 5" means 3 breaching data points among the last 5 periods.
 */
export const ALARM_THRESHOLD_DEFAULTS = {
  /**
   * A function's error rate (unhandled errors, crashes, timeouts), % of its invocations, counted only
   * in a minute with at least 5 failures. 5% in 3 of 5 minutes: a function failing this often is
   * broken, not unlucky; a slower leak is the SLO burn-rate alarms' job.
   */
  'lambda-errors': { threshold: 5, unit: ThresholdUnit.Percent, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
  /**
   * A quiet function's failed share, % of a minute's invocations, counted only in minutes with fewer
   * failures than the error-rate alarm's floor (5): the SRE workbook's low-traffic advice, alert on
   * what a handful of requests can say. 90% in 3 of the last 10 minutes: a function failing every
   * request at one a minute alarms within about 4 minutes, while one failure an hour never makes 3.
   */
  'lambda-quiet-failures': { threshold: 90, unit: ThresholdUnit.Percent, periodSeconds: 60, evaluationPeriods: 10, datapointsToAlarm: 3 },
  /** Invocations Lambda refused for lack of concurrency, a minute: any sustained throttling means requests are refused. */
  'lambda-throttles': { threshold: 1, unit: ThresholdUnit.PerMinute, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
  /** A function's p99 duration, % of its timeout: this close, the slowest invocations are about to time out. */
  'lambda-duration': { threshold: 80, unit: ThresholdUnit.Percent, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
  /**
   * A function's peak concurrent executions (`ConcurrentExecutions`, Maximum), % of its reserved
   * concurrency, which is also its ceiling: at 80% in 3 of 5 minutes a burst a quarter bigger is
   * throttled, and raising the reservation takes a deploy. Only for functions that reserve concurrency.
   */
  'lambda-concurrency': { threshold: 80, unit: ThresholdUnit.Percent, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
  /**
   * The account's claimed concurrency (`ClaimedAccountConcurrency`, Maximum: unreserved executions plus
   * every reservation), % of its Lambda concurrency limit (`accountConcurrencyLimit`). At 100% functions
   * without reserved concurrency are throttled; 80% leaves the days a quota increase takes. The metric
   * is the account's, so another service's surge fires it too: that is the point, it throttles this one.
   */
  'lambda-account-concurrency': { threshold: 80, unit: ThresholdUnit.Percent, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
  /** API requests answered 5XX, % (with at least 5 a minute), 3 of 5 minutes: customers are failing now; it pages. */
  'api-5xx': { threshold: 5, unit: ThresholdUnit.Percent, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
  /** API requests refused with a 4XX, %: a broken client or a scanner, worth seeing on a dashboard (info). */
  'api-4xx': { threshold: 20, unit: ThresholdUnit.Percent, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
  /**
   * Throttled read events a minute on the table or on one global secondary index (`ReadThrottleEvents`).
   * The SDK retries a throttled call, so a few a minute cost latency only; 10 or more in 2 of 5
   * minutes is capacity running out (a hot key, a spike above twice the previous peak on demand).
   */
  'dynamodb-read-throttles': { threshold: 10, unit: ThresholdUnit.PerMinute, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 2 },
  /** Throttled write events a minute on the table or on one global secondary index (`WriteThrottleEvents`); as for reads. */
  'dynamodb-write-throttles': { threshold: 10, unit: ThresholdUnit.PerMinute, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 2 },
  /** DynamoDB internal errors (HTTP 500) a minute, 2 of 5 minutes: nothing in our code causes them. */
  'dynamodb-system-errors': { threshold: 1, unit: ThresholdUnit.PerMinute, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 2 },
  /**
   * The average time DynamoDB takes to serve one operation's successful requests
   * (`SuccessfulRequestLatency`, Average, as AWS advises: its Maximum is one slow request, often a
   * server-side retry). DynamoDB serves single items in single-digit milliseconds; an average over
   * 100 ms for 15 minutes is DynamoDB degraded or the operation's shape changed (a Query returning far
   * more items), and shows in the API's latency next.
   */
  'dynamodb-latency': { threshold: 100, unit: ThresholdUnit.Milliseconds, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
  /**
   * The age of the oldest message in an SQS consumer's queue (`ApproximateAgeOfOldestMessage`,
   * Maximum), seconds, for a function whose catalog entry sets no `queue.maxAgeSeconds` (which takes
   * its place): a message older than the function's promised latency is users' work stuck, so it pages.
   * For 3 minutes: a message the function keeps failing is back after each visibility timeout until
   * its dead letter queue takes it, and SQS leaves a message received three times out of this metric,
   * so one poison message does not page while a stalled consumer does.
   */
  'sqs-queue-age': { threshold: 300, unit: ThresholdUnit.Seconds, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 3 },
  /**
   * Messages waiting in an SQS consumer's queue (`ApproximateNumberOfMessagesVisible`, Maximum) when
   * its catalog entry sets no `queue.maxDepth` (which takes its place). A queue is there to absorb
   * bursts, so only a backlog above this for 10 minutes warns: the function is not keeping up.
   */
  'sqs-queue-depth': { threshold: 1000, unit: ThresholdUnit.Messages, periodSeconds: 60, evaluationPeriods: 10, datapointsToAlarm: 10 },
  /**
   * Messages in an SQS consumer's dead letter queue (`ApproximateNumberOfMessagesVisible`, Maximum):
   * one is a message that failed every receive. It stays in ALARM until someone redrives or deletes it.
   */
  'sqs-dead-letters': { threshold: 1, unit: ThresholdUnit.Messages, periodSeconds: 60, evaluationPeriods: 1, datapointsToAlarm: 1 },
  /**
   * The oldest message in a consumer's dead letter queue (`ApproximateAgeOfOldestMessage`, Maximum,
   * counted from when it was moved there), seconds: an hour with nobody redriving it, and the queue's
   * retention will drop it in the end.
   */
  'sqs-dead-letter-age': { threshold: 3600, unit: ThresholdUnit.Seconds, periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
  /**
   * Records an SQS consumer reported failed (`BatchItemFailures`, its partial batch response), % of
   * the records it was given (`BatchRecords`), counted only in a minute with at least 5 failed: as the
   * Lambda error rate, 5% in 3 of 5 minutes. SQS retries them, then the dead letter queue keeps them.
   */
  'sqs-batch-failures': { threshold: 5, unit: ThresholdUnit.Percent, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
  /**
   * Events an EventBridge rule or schedule could not deliver to its function after all its retries
   * (`FailedInvocations`, which EventBridge publishes only when there are some): any one is an event
   * the function never got, usually a missing invoke permission or a deleted target.
   */
  'eventbridge-failed-invocations': { threshold: 1, unit: ThresholdUnit.PerMinute, periodSeconds: 60, evaluationPeriods: 1, datapointsToAlarm: 1 },
  /**
   * How long an asynchronous event (SNS, EventBridge, a schedule) waited in Lambda's queue before the
   * function got it (`AsyncEventAge`, Maximum), seconds. Lambda retries a failed event after 1 and 2
   * more minutes, so retries alone stay below 5 minutes; above it in 3 of 5 minutes, the function is
   * throttled or backed up.
   */
  'lambda-async-event-age': { threshold: 300, unit: ThresholdUnit.Seconds, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
  /**
   * Asynchronous events Lambda gave up on (`AsyncEventsDropped`: out of retries, too old, or no
   * concurrency) a minute: any one is work not done. Critical when the function keeps no failed events
   * (no on-failure destination or dead letter queue): they are lost; a warning when they are kept.
   */
  'lambda-async-events-dropped': { threshold: 1, unit: ThresholdUnit.PerMinute, periodSeconds: 60, evaluationPeriods: 1, datapointsToAlarm: 1 },
} as const satisfies Readonly<Record<string, AlarmThresholdDefault>>;

/** A generated alarm kind whose evaluation a catalog may tune: a key of {@link ALARM_THRESHOLD_DEFAULTS}. */
export type TunableAlarmKind = keyof typeof ALARM_THRESHOLD_DEFAULTS;

/** What a catalog may change of one alarm kind's evaluation; what it leaves out keeps the default. */
export interface AlarmThresholdOverride {
  /** In the kind's unit (see {@link ALARM_THRESHOLD_DEFAULTS}). */
  readonly threshold?: number;
  /** Whole periods, at least 1, looking back one day at most. */
  readonly evaluationPeriods?: number;
  /** From 1 to `evaluationPeriods`. @default the default's, or `evaluationPeriods` when that is lower */
  readonly datapointsToAlarm?: number;
}

/**
 * Per alarm kind, what differs from {@link ALARM_THRESHOLD_DEFAULTS}.
 * @example
 * ```ts
 * alarmThresholds: {
 *   'lambda-errors': { threshold: 2 },                        // warn at 2% instead of 5%
 *   'dynamodb-latency': { threshold: 40, evaluationPeriods: 2, datapointsToAlarm: 2 },
 * }
 * ```
 */
export type AlarmThresholdOverrides = { readonly [K in TunableAlarmKind]?: AlarmThresholdOverride };

/** Lambda's default concurrency quota per account and Region, which `accountConcurrencyLimit` replaces. */
export const DEFAULT_ACCOUNT_CONCURRENCY_LIMIT = 1000;
