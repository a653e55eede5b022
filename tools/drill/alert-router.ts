import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { refOf } from '../emulators/cloudwatch/alarm-evaluator/cfn-read';
import type { CfnValue } from '../emulators/cloudwatch/alarm-evaluator/types';
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
  /** The topic's name (`orders-dev-critical`). */
  readonly topic: string;
  /** People paged: the topic's email and https subscriptions (the pager). */
  readonly pages: readonly string[];
  /** How the Slack notifier's asynchronous invocation ended; undefined when no notifier is subscribed. */
  readonly slack?: 'delivered' | 'dead-lettered';
  readonly attempts?: number;
}

/** Options of {@link AlertRouter}. */
export interface AlertRouterOptions {
  /** The template's resources: topics and their subscriptions. */
  readonly resources: Readonly<Record<string, Resource>>;
  /** The real Slack notifier handler. */
  readonly notifier: AsyncHandler<SNSEvent>;
  /** Lines the notifier printed during an invocation (its EMF), at simulated time `at`. */
  readonly onNotifierLines?: (lines: readonly string[], at: number) => void;
  /** The notifier's timeout per attempt, real ms; its Slack retries fit inside it. @default 2000 */
  readonly notifierTimeoutMs?: number;
  readonly region?: string;
  readonly accountId?: string;
}

/**
 * Delivers alarm notifications as SNS does: to every subscription of each topic an alarm's actions
 * name. Email and https subscriptions are pages (recorded); a `lambda` subscription is the real
 * Slack notifier, invoked asynchronously as SNS invokes Lambda — retried twice, then kept in the
 * dead letter queue. Lambda's retry delays (minutes) are not waited for: the drill's clock is simulated.
 */
export class AlertRouter {
  readonly #options: AlertRouterOptions;
  readonly #dlq = new DeadLetterQueue<SNSEvent>();
  readonly #deliveries: Delivery[] = [];

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
      let slack: Delivery['slack'];
      let attempts: number | undefined;
      if (subscriptions.some((s) => s.Properties['Protocol'] === 'lambda')) {
        const event = snsEvent(topicArn, notification, region, at);
        const { result, lines } = await captureLines(() =>
          invokeAsync(this.#options.notifier, event, { retryDelaysMs: [0], sleep: async () => undefined, timeoutMs: this.#options.notifierTimeoutMs ?? 2000, onFailure: this.#dlq.send }),
        );
        this.#options.onNotifierLines?.(lines, at);
        slack = result.status === 'succeeded' ? 'delivered' : 'dead-lettered';
        attempts = result.attempts;
      }
      const delivery: Delivery = { at, alarmName: notification.alarmName, state: notification.state, topic: topicName, pages, ...(slack === undefined ? {} : { slack, attempts }) };
      delivered.push(delivery);
      this.#deliveries.push(delivery);
    }
    return delivered;
  }
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
