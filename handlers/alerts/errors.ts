import type { SlackFailureReasonName } from '../../src/catalog/alerts-catalog';

/** Base of every error the Slack notifier raises on purpose. */
export class AlertError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AlertError';
  }
}

/**
 * The notifier cannot tell where to post: neither `SLACK_WEBHOOK_URL` nor `SLACK_WEBHOOK_PARAMETER`
 * is set, the parameter is empty or unreadable, or the URL is not one. A deployment mistake: the
 * message names the setting and the parameter, never the URL (it is a credential).
 */
export class SlackConfigurationError extends AlertError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SlackConfigurationError';
  }
}

/** What {@link SlackDeliveryError} knows about the failed delivery. */
export interface SlackFailure {
  readonly reason: SlackFailureReasonName;
  /** The HTTP status of the last answer, when there was one. */
  readonly status?: number;
  /** What went wrong, in words (Slack's error code, `no answer within 2000 ms`, `ECONNREFUSED`). */
  readonly detail: string;
  /** Whether Slack may accept the same message later (429, 5xx, timeout, network). */
  readonly retryable: boolean;
}

/** Slack did not take the message: refused it, or did not answer in the time there was. */
export class SlackDeliveryError extends AlertError {
  public readonly reason: SlackFailureReasonName;
  public readonly status: number | undefined;
  /** Requests made, the last included. */
  public readonly attempts: number;
  /** False when Slack refused the message for good (4xx other than 429): retrying cannot help. */
  public readonly retryable: boolean;

  public constructor(failure: SlackFailure, attempts: number, options?: ErrorOptions) {
    const what = failure.status === undefined ? failure.detail : `HTTP ${failure.status} ${failure.detail}`;
    const message = failure.retryable
      ? `Slack did not accept the alert after ${attempts} attempt${attempts === 1 ? '' : 's'} (${failure.reason}: ${what})`
      : `Slack refused the alert (${failure.reason}: ${what}); not retried, the webhook or the message needs fixing`;
    super(message, options);
    this.name = 'SlackDeliveryError';
    this.reason = failure.reason;
    this.status = failure.status;
    this.attempts = attempts;
    this.retryable = failure.retryable;
  }
}

/**
 * Thrown by the handler when one or more alerts of an invocation were not delivered, so Lambda
 * retries the invocation and then sends the event to its on-failure destination: a lost alert is a
 * page nobody saw.
 */
export class AlertUndeliveredError extends AlertError {
  /** The alarms (or SNS subjects) that did not reach Slack. */
  public readonly alerts: readonly string[];

  public constructor(alerts: readonly string[], total: number, options?: ErrorOptions) {
    const names = alerts.map((alert) => `"${alert}"`).join(', ');
    super(alerts.length === 1 && total === 1 ? `Alert ${names} was not delivered to Slack` : `${alerts.length} of ${total} alerts were not delivered to Slack: ${names}`, options);
    this.name = 'AlertUndeliveredError';
    this.alerts = alerts;
  }
}
