import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import type { AlarmNotificationMessage } from '../../src/cloudwatch';
import { refOf } from '../emulators/cloudwatch/alarm-evaluator/cfn-read';
import { resolveSub } from '../emulators/cloudwatch/alarm-evaluator/cfn-sub';
import type { CfnValue } from '../emulators/cloudwatch/alarm-evaluator/types';
import type { Datapoint } from '../emulators/cloudwatch/metric-store';
import { alarmStateChangeEvent } from '../emulators/eventbridge/alarm-state-change';
import { matchesEventPattern, transformInput } from '../emulators/eventbridge/event-pattern';
import { type AsyncHandler, DeadLetterQueue, invokeAsync } from '../emulators/sns-lambda/async-invoke';
import { captureLines } from './capture';

/** A CloudFormation resource as the alarm generator writes it. */
type Resource = { readonly Type: string; readonly Properties: Record<string, unknown> };

/** An alarm notification to deliver: the topics its actions name, and the CloudWatch message. */
export interface AlarmNotification {
  readonly alarmName: string;
  readonly state: string;
  /** The alarm's actions as the template gives them (`{ Ref: <topic> }` or an ARN). */
  readonly actions: readonly unknown[];
  /** The JSON CloudWatch publishes to the topic. */
  readonly message: Record<string, unknown>;
}

/** What became of one notification on one topic. */
export interface Delivery {
  readonly at: number;
  readonly alarmName: string;
  readonly state: string;
  /** The topic's name (`orders-dev-critical`), or the EventBridge rule's for an alarm state change event. */
  readonly topic: string;
  /** How it came: a topic's notification (the alarm's actions), or the alarm state change rule (every change of every alarm). */
  readonly via: 'sns' | 'eventbridge';
  /** People paged: the topic's email and https subscriptions (the pager). */
  readonly pages: readonly string[];
  /**
   * How the Slack notifier's asynchronous invocation ended; undefined when no notifier is subscribed.
   * `queued`: Lambda throttled it and will retry; `lost`: every attempt failed and the dead letter
   * queue could not keep it; `not-delivered`: SNS could not invoke the notifier.
   */
  readonly slack?: 'delivered' | 'dead-lettered' | 'queued' | 'lost' | 'not-delivered';
  readonly attempts?: number;
  /** An EventBridge delivery's event source (`aws.cloudwatch`, `aws.codedeploy`, `aws.cloudformation`). */
  readonly source?: string;
}

/** An event on the default bus, as AWS services send them (`version`, `id`, `detail-type`, `source`, …, `detail`). */
export interface BusEvent {
  readonly source: string;
  readonly 'detail-type': string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

/**
 * What an event is about, for its deliveries: an alarm and its new state, a deployment group and the
 * deployment's state, a stack (its name) and its status.
 */
export function eventSubject(event: BusEvent): { name: string; state: string } {
  const detail = event.detail as Record<string, unknown> & { state?: unknown; 'status-details'?: { status?: unknown } };
  if (event.source === 'aws.cloudwatch') return { name: String(detail['alarmName']), state: String((detail.state as { value?: unknown } | undefined)?.value) };
  if (event.source === 'aws.codedeploy') return { name: String(detail['deploymentGroup']), state: String(detail.state) };
  if (event.source === 'aws.cloudformation')
    return { name: String(detail['stack-id']).split(':stack/')[1]?.split('/')[0] ?? String(detail['stack-id']), state: String(detail['status-details']?.status) };
  return { name: event['detail-type'], state: '' };
}

/** Options of {@link AlertRouter}. */
export interface AlertRouterOptions {
  /** The template's resources: topics and their subscriptions. */
  readonly resources: Readonly<Record<string, Resource>>;
  /** The real Slack notifier handler (SNS events, and the alarm state change rule's events). */
  readonly notifier: AsyncHandler<unknown>;
  /** Lines the notifier printed during an invocation (its EMF), at simulated time `at`. */
  readonly onNotifierLines?: (lines: readonly string[], at: number) => void;
  /** The notifier's timeout per attempt, real ms; its Slack retries fit inside it. @default 2000 */
  readonly notifierTimeoutMs?: number;
  readonly region?: string;
  readonly accountId?: string;
  /** The notifier's deployed function name: the `FunctionName` of the Lambda metrics its invocations make. */
  readonly notifierFunctionName?: string;
  /** Receives the AWS metrics of the alert path (Lambda's for the notifier, SNS's for the topics), at simulated time. */
  readonly onMetrics?: (points: readonly Datapoint[]) => void;
}

/** What is broken on the alert path itself. */
export interface AlertPathFaults {
  /** Lambda throttles every invocation of the notifier: events wait in its queue, retried. */
  readonly notifierThrottled?: boolean;
  /** The notifier's dead letter queue refuses messages (deleted, or its permission removed). */
  readonly deadLetterQueueDown?: boolean;
  /** SNS cannot invoke the notifier from these tiers' topics (its permission removed). */
  readonly failingTopics?: readonly string[];
}

/** Lambda's documented waits before the retries of an asynchronous invocation that failed: 1 minute, then 2 more. */
const RETRY_DELAYS_MS = [60_000, 120_000] as const;

/**
 * Delivers alarm notifications as SNS does: to every subscription of each topic an alarm's actions
 * name. Email and https subscriptions are pages (recorded); a `lambda` subscription is the real
 * Slack notifier, invoked asynchronously as SNS invokes Lambda — retried twice, then kept in the
 * dead letter queue. Lambda's retry delays (minutes) are not waited for: the drill's clock is simulated.
 */
export class AlertRouter {
  readonly #options: AlertRouterOptions;
  readonly #dlq = new DeadLetterQueue<unknown>();
  readonly #deliveries: Delivery[] = [];
  /** When (simulated) each dead-lettered event was kept. */
  readonly #deadLetteredAt: number[] = [];
  /** Invocations Lambda throttled, waiting for a retry: the event, when it was queued, and its delivery to complete. */
  #queued: { input: unknown; queuedAt: number; index: number }[] = [];
  #faults: AlertPathFaults = {};

  public constructor(options: AlertRouterOptions) {
    this.#options = options;
  }

  /** Everything delivered so far, oldest first. */
  public deliveries(): readonly Delivery[] {
    return this.#deliveries;
  }

  /** The SNS events the notifier could not deliver after every retry. */
  public deadLetters(): number {
    return this.#dlq.records().length;
  }

  /** How long (ms) the oldest dead-lettered event has waited at `at`; undefined when none waits. */
  public oldestDeadLetterAge(at: number): number | undefined {
    const oldest = this.#deadLetteredAt[0];
    return oldest === undefined ? undefined : at - oldest;
  }

  /** What is broken on the alert path from now on. */
  public setFaults(faults: AlertPathFaults): void {
    this.#faults = faults;
  }

  /**
   * Once a simulated minute: Lambda retries the throttled invocations — still throttled (another
   * `Throttles`), or now run, each with its `AsyncEventAge`.
   */
  public async tick(at: number): Promise<void> {
    if (this.#queued.length === 0) return;
    if (this.#faults.notifierThrottled === true) {
      this.#record('Throttles', this.#queued.length, at);
      return;
    }
    const queued = this.#queued;
    this.#queued = [];
    for (const entry of queued) {
      const outcome = await this.#run(entry.input, at, at - entry.queuedAt);
      const delivery = this.#deliveries[entry.index] as Delivery;
      this.#deliveries[entry.index] = { ...delivery, ...outcome };
    }
  }

  #record(metricName: string, value: number, at: number, unit = 'Count'): void {
    const functionName = this.#options.notifierFunctionName;
    if (functionName === undefined) return;
    this.#options.onMetrics?.([{ namespace: 'AWS/Lambda', metricName, dimensions: { FunctionName: functionName }, timestamp: at, value, unit }]);
  }

  /** Invokes the notifier asynchronously, as Lambda does: queued while throttled, else run with its retries. */
  async #invoke(input: unknown, at: number): Promise<Pick<Delivery, 'slack' | 'attempts'> & { queued?: true }> {
    if (this.#faults.notifierThrottled === true) {
      this.#record('Throttles', 1, at);
      return { slack: 'queued', queued: true };
    }
    return this.#run(input, at, 0);
  }

  async #run(input: unknown, at: number, ageMs: number): Promise<Pick<Delivery, 'slack' | 'attempts'>> {
    const queueDown = this.#faults.deadLetterQueueDown === true;
    const { result, lines } = await captureLines(() =>
      invokeAsync(this.#options.notifier, input, {
        retryDelaysMs: [0],
        sleep: async () => undefined,
        timeoutMs: this.#options.notifierTimeoutMs ?? 2000,
        onFailure: (record) => {
          if (!queueDown) this.#dlq.send(record);
        },
      }),
    );
    this.#options.onNotifierLines?.(lines, at);
    // Each attempt is an invocation; the retries come after Lambda's waits, so their events are older.
    for (let attempt = 0; attempt < result.attempts; attempt += 1) {
      const waited = RETRY_DELAYS_MS.slice(0, attempt).reduce((sum, ms) => sum + ms, 0);
      this.#record('Invocations', 1, at);
      this.#record('Errors', result.status === 'succeeded' && attempt === result.attempts - 1 ? 0 : 1, at);
      this.#record('AsyncEventAge', ageMs + waited, at, 'Milliseconds');
    }
    if (result.status === 'succeeded') return { slack: 'delivered', attempts: result.attempts };
    if (queueDown) {
      this.#record('DestinationDeliveryFailures', 1, at);
      this.#record('AsyncEventsDropped', 1, at);
      return { slack: 'lost', attempts: result.attempts };
    }
    this.#deadLetteredAt.push(at);
    return { slack: 'dead-lettered', attempts: result.attempts };
  }

  /**
   * Sends one alarm state change to EventBridge at simulated time `at` (see {@link deliverEvent}).
   */
  public async deliverStateChange(message: AlarmNotificationMessage, at: number): Promise<Delivery[]> {
    return this.deliverEvent(alarmStateChangeEvent(message, this.#options.region ?? 'us-east-1'), at);
  }

  /**
   * Sends one event to EventBridge at simulated time `at` — an alarm state change, a CodeDeploy
   * deployment's state change, a CloudFormation stack's status change: every rule of the template
   * whose pattern matches it invokes its targets — here the Slack notifier, asynchronously, with its
   * input transformer applied — as EventBridge does. Each delivery names the event's subject (the
   * alarm, deployment group or stack) and state.
   */
  public async deliverEvent(event: BusEvent, at: number): Promise<Delivery[]> {
    const region = this.#options.region ?? 'us-east-1';
    const context = { region, accountId: this.#options.accountId ?? '123456789012' };
    const subject = eventSubject(event);
    const delivered: Delivery[] = [];
    for (const [logicalId, rule] of Object.entries(this.#options.resources).filter(([, r]) => r.Type === 'AWS::Events::Rule')) {
      if (!matchesEventPattern(resolveDeep(rule.Properties['EventPattern'] as CfnValue, context, `${logicalId}'s EventPattern`), event)) continue;
      for (const target of rule.Properties['Targets'] as readonly { InputTransformer?: { InputTemplate: CfnValue } }[]) {
        const template = target.InputTransformer === undefined ? undefined : resolveSub(target.InputTransformer.InputTemplate, context, `${logicalId}'s InputTemplate`);
        const input = template === undefined ? event : transformInput(template, event);
        const { queued, ...outcome } = await this.#invoke(input, at);
        const delivery: Delivery = {
          at,
          alarmName: subject.name,
          state: subject.state,
          topic: String(rule.Properties['Name'] ?? logicalId),
          via: 'eventbridge',
          pages: [],
          source: event.source,
          ...outcome,
        };
        if (queued) this.#queued.push({ input, queuedAt: at, index: this.#deliveries.length });
        delivered.push(delivery);
        this.#deliveries.push(delivery);
      }
    }
    return delivered;
  }

  /** Delivers one notification at simulated time `at`. */
  public async deliver(notification: AlarmNotification, at: number): Promise<Delivery[]> {
    const region = this.#options.region ?? 'us-east-1';
    const account = this.#options.accountId ?? '123456789012';
    const delivered: Delivery[] = [];
    for (const action of notification.actions) {
      const topicId = refOf(action as CfnValue);
      const topic = topicId === undefined ? undefined : this.#options.resources[topicId];
      if (topicId === undefined || topic?.Type !== 'AWS::SNS::Topic') throw new Error(`alarm ${notification.alarmName} notifies ${JSON.stringify(action)}, which is not a topic of the template`);
      const topicName = String(topic.Properties['TopicName']);
      const topicArn = `arn:aws:sns:${region}:${account}:${topicName}`;
      const subscriptions = Object.values(this.#options.resources).filter((r) => r.Type === 'AWS::SNS::Subscription' && refOf(r.Properties['TopicArn'] as CfnValue) === topicId);
      const pages = subscriptions
        .filter((s) => s.Properties['Protocol'] === 'email' || s.Properties['Protocol'] === 'https')
        .map((s) => `${String(s.Properties['Protocol'])}:${String(s.Properties['Endpoint'])}`);
      let outcome: Pick<Delivery, 'slack' | 'attempts'> = {};
      let queuedEvent: SNSEvent | undefined;
      if (subscriptions.some((s) => s.Properties['Protocol'] === 'lambda')) {
        const event = snsEvent(topicArn, notification, region, at);
        if (this.#faults.failingTopics?.some((tier) => topicName.endsWith(`-${tier}`)) === true) {
          this.#options.onMetrics?.([{ namespace: 'AWS/SNS', metricName: 'NumberOfNotificationsFailed', dimensions: { TopicName: topicName }, timestamp: at, value: 1, unit: 'Count' }]);
          outcome = { slack: 'not-delivered' };
        } else {
          const { queued, ...result } = await this.#invoke(event, at);
          outcome = result;
          if (queued) queuedEvent = event;
        }
      }
      const delivery: Delivery = { at, alarmName: notification.alarmName, state: notification.state, topic: topicName, via: 'sns', pages, ...outcome };
      if (queuedEvent !== undefined) this.#queued.push({ input: queuedEvent, queuedAt: at, index: this.#deliveries.length });
      delivered.push(delivery);
      this.#deliveries.push(delivery);
    }
    return delivered;
  }
}

/** A template value with every `Fn::Sub` in it resolved (an event pattern names this account's alarm ARNs). */
function resolveDeep(value: CfnValue, context: { region: string; accountId: string }, what: string): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, context, what));
  if (typeof value !== 'object' || value === null) return value;
  if (Object.keys(value).length === 1 && 'Fn::Sub' in value) return resolveSub(value, context, what);
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, resolveDeep(v as CfnValue, context, what)]));
}

/** The event SNS sends a subscribed Lambda function for one message, as events/sns-*.json. */
function snsEvent(topicArn: string, notification: AlarmNotification, region: string, at: number): SNSEvent {
  const regionName = String(notification.message['Region'] ?? region);
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: topicArn,
          Subject: `${notification.state}: "${notification.alarmName}" in ${regionName}`.slice(0, 100),
          Message: JSON.stringify(notification.message),
          Timestamp: new Date(at).toISOString(),
          SignatureVersion: '1',
          Signature: 'drill',
          SigningCertUrl: `https://sns.${region}.amazonaws.com/SimpleNotificationService-drill.pem`,
          UnsubscribeUrl: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe`,
          MessageAttributes: {},
        },
      },
    ],
  };
}
