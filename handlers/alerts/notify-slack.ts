import type { Context, SNSEvent, SNSEventRecord } from 'aws-lambda';
import type { Telemetry } from 'periscope';
import type { alertsCatalog } from '../../src/catalog/alerts-catalog';
import { type AlertNotification, parseSnsRecord } from './alarm-message';
import { parseAlarmStateDelivery } from './alarm-state-event';
import { type Clock, type DeliveryRetry, postToSlack, type RetryPolicy, systemClock } from './deliver';
import type { DeployMarkerWriter } from './deploy-markers';
import { gateAlarmsOf, isRollbackStart, markerOf, parseDeploymentDelivery } from './deployment-event';
import { AlertUndeliveredError, SlackConfigurationError, SlackDeliveryError } from './errors';
import { type AlarmStateReader, alarmsToRead, hiddenAlarmVerdict } from './hidden-alarms';
import { rollbackVerdict } from './rollback-message';
import { formatSlackMessage } from './slack-message';
import type { WebhookUrlSource } from './webhook-url';

/** What the notifier is built from. */
export interface SlackNotifierDependencies {
  /** Built with `createTelemetry(alertsCatalog)`. */
  readonly telemetry: Telemetry<typeof alertsCatalog>;
  /** Where each tier's alerts go. */
  readonly webhookUrl: WebhookUrlSource;
  /** Region for console links when the ARNs name none (the function's `AWS_REGION`). */
  readonly region?: string | undefined;
  /** Time kept back from the invocation's remaining time for flushing metrics and logs. @default 1000 */
  readonly safetyMarginMs?: number;
  /** @default the system clock */
  readonly clock?: Clock;
  /** @default global fetch */
  readonly fetch?: typeof fetch;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retryPolicy?: Partial<RetryPolicy>;
  /** Reads the tier composites' states, for alarm state changes from EventBridge (see {@link SlackNotifier.announceHidden}). */
  readonly alarmStates?: AlarmStateReader;
  /** Marks deploys for the alert tiers' suppressor, from deployment events (see {@link SlackNotifier.handleDeployment}). */
  readonly deployMarkers?: DeployMarkerWriter;
}

/** What became of one deployment event. */
export interface DeploymentReport {
  /** The marker it set, if any. */
  readonly marked: 'started' | 'finished' | undefined;
  readonly announced: boolean;
  readonly why: string;
}

/** What became of one alarm state change from EventBridge. */
export interface HiddenAlarmReport {
  readonly announced: boolean;
  readonly why: string;
}

/** How an invocation went, when every alert was delivered. */
export interface NotifyReport {
  readonly delivered: number;
}

/** The alarm's name, or what identifies a plain SNS message, for logs and errors. */
const alertName = (notification: AlertNotification, record: SNSEventRecord): string =>
  notification.kind === 'text' ? (notification.subject ?? `SNS message ${record.Sns.MessageId}`) : notification.name;

/**
 * Posts each SNS record of an invocation to Slack: parses it, formats it as Block Kit, finds its
 * tier's webhook and delivers it within the invocation's remaining time. Every record is tried; if
 * any was not delivered, {@link notify} throws so Lambda retries the event and, after its retries,
 * keeps it in the on-failure destination.
 */
export class SlackNotifier {
  readonly #deps: SlackNotifierDependencies;
  readonly #clock: Clock;

  public constructor(dependencies: SlackNotifierDependencies) {
    this.#deps = dependencies;
    this.#clock = dependencies.clock ?? systemClock;
  }

  /**
   * @throws {@link AlertUndeliveredError} naming every alert that was not delivered, with the
   *   failure (or an `AggregateError` of them) as its cause
   */
  public async notify(event: SNSEvent, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<NotifyReport> {
    const deadline = this.#deadlineOf(context);
    const records = event.Records ?? [];
    const failures: { name: string; error: unknown }[] = [];
    for (const record of records) {
      const notification = parseSnsRecord(record);
      try {
        await this.#deliver(notification, record, deadline);
      } catch (error) {
        failures.push({ name: alertName(notification, record), error });
      }
    }
    if (failures.length > 0) {
      const cause =
        failures.length === 1
          ? failures[0]?.error
          : new AggregateError(
              failures.map((f) => f.error),
              'alerts not delivered',
            );
      throw new AlertUndeliveredError(
        failures.map((f) => f.name),
        records.length,
        { cause },
      );
    }
    return { delivered: records.length };
  }

  /**
   * Announces an alarm's state change (from the alarm state change rule) when its tier composite
   * would hide it — see `hiddenAlarmVerdict` — and logs why when it does not. Anything that is not
   * such a change is logged and skipped: retrying cannot make it one.
   *
   * @throws what reading the alarm states or delivering to Slack threw, so Lambda retries the event
   */
  public async announceHidden(delivery: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<HiddenAlarmReport> {
    const { logger } = this.#deps.telemetry;
    const change = parseAlarmStateDelivery(delivery);
    if (change === undefined) {
      logger.warn('skipped an event that is no alarm state change from the alarm state change rule', {
        eventKeys: typeof delivery === 'object' && delivery !== null ? Object.keys(delivery) : typeof delivery,
      });
      return { announced: false, why: 'not an alarm state change' };
    }
    if (this.#deps.alarmStates === undefined) throw new SlackConfigurationError('the notifier got an alarm state change but has no way to read alarm states (alarmStates)');
    const verdict = hiddenAlarmVerdict(change, await this.#deps.alarmStates(alarmsToRead(change)));
    const fields = { alertName: change.notification.name, state: change.notification.state, eventId: change.id, why: verdict.why };
    if (!verdict.announce) {
      logger.debug('alarm state change left to its composite', fields);
      return { announced: false, why: verdict.why };
    }
    const deadline = this.#deadlineOf(context);
    const note = `Announced on its own: ${verdict.why}.`;
    await this.#deliver(change.notification, { alertName: change.notification.name, eventId: change.id }, deadline, note);
    return { announced: true, why: verdict.why };
  }

  /**
   * Handles a CodeDeploy or CloudFormation event from the deployment rules: marks the deploy's start
   * or end for the tier composites' suppressor (`markerOf`), and posts one message to the warning
   * channel when the stack starts rolling back, naming the gate alarms that stopped it
   * (`rollbackVerdict`). Anything else is logged and skipped.
   *
   * @throws what marking, reading alarm states or delivering to Slack threw, so Lambda retries the
   *   event (a marker written twice changes nothing)
   */
  public async handleDeployment(delivery: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<DeploymentReport> {
    const { logger } = this.#deps.telemetry;
    const event = parseDeploymentDelivery(delivery);
    if (event === undefined) {
      logger.warn('skipped an event that is no deployment event from the deployment rules', { eventKeys: typeof delivery === 'object' && delivery !== null ? Object.keys(delivery) : typeof delivery });
      return { marked: undefined, announced: false, why: 'not a deployment event' };
    }
    const fields = { eventId: event.id, ...event.change };
    const marked = markerOf(event.change);
    if (marked !== undefined) {
      if (this.#deps.deployMarkers === undefined) throw new SlackConfigurationError('the notifier got a deployment event but has no way to mark deploys (deployMarkers)');
      await this.#deps.deployMarkers(event.marker, marked, event.at);
      logger.info(`deploy ${marked}`, fields);
    }
    const gates = isRollbackStart(event.change) ? gateAlarmsOf(event) : [];
    const reader = this.#deps.alarmStates;
    const states = gates.length === 0 || reader === undefined ? new Map() : await reader(gates);
    const verdict = rollbackVerdict(event, states);
    if (!verdict.post) return { marked, announced: false, why: verdict.why };
    const deadline = this.#deadlineOf(context);
    await this.#deliver(verdict.notification, { alertName: verdict.notification.subject ?? 'deployment rolled back', eventId: event.id }, deadline);
    return { marked, announced: true, why: 'rolled back' };
  }

  /** When delivery must be over: the invocation's end, less the time kept for flushing metrics and logs. */
  #deadlineOf(context: Pick<Context, 'getRemainingTimeInMillis'>): number {
    return this.#clock.now() + context.getRemainingTimeInMillis() - (this.#deps.safetyMarginMs ?? 1000);
  }

  async #deliver(notification: AlertNotification, source: SNSEventRecord | { readonly alertName: string; readonly eventId: string }, deadline: number, note?: string): Promise<void> {
    const { logger, businessMetrics } = this.#deps.telemetry;
    const { tier } = notification;
    const alert = {
      ...('Sns' in source ? { alertName: alertName(notification, source), snsMessageId: source.Sns.MessageId } : source),
      tier,
      ...(notification.kind === 'text' ? {} : { state: notification.state }),
    };
    const onRetry = (retry: DeliveryRetry): void => {
      businessMetrics.record('SlackRetried', 1, { tier });
      logger.warn('Slack did not take the alert; retrying', { ...alert, ...retry });
    };
    try {
      const webhookUrl = await this.#deps.webhookUrl(tier);
      const payload = formatSlackMessage(notification, { region: this.#deps.region, ...(note === undefined ? {} : { note }) });
      const receipt = await postToSlack(webhookUrl, payload, { deadline, clock: this.#clock, onRetry, ...this.#deps.retryPolicy, ...(this.#deps.fetch ? { fetch: this.#deps.fetch } : {}) });
      businessMetrics.record('SlackDelivered', 1, { tier });
      logger.info('alert delivered to Slack', { ...alert, ...receipt });
    } catch (error) {
      if (error instanceof SlackDeliveryError) {
        businessMetrics.record('SlackFailed', 1, { tier, reason: error.reason });
        const fields = { ...alert, reason: error.reason, status: error.status, attempts: error.attempts, retried: error.attempts > 1 };
        logger.error(`ALERT NOT DELIVERED: ${alert.alertName} (${error.reason})`, { ...fields, error });
      } else {
        logger.error(`ALERT NOT DELIVERED: ${alert.alertName}`, { ...alert, error: error instanceof Error ? error : String(error) });
      }
      throw error;
    }
  }
}
