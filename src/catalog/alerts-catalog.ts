import type { ServiceDefinition } from './types';

/**
 * Why an alert did not reach Slack: the `reason` dimension of `SlackFailed`. Kept to this short
 * list because every distinct value is a separate, billed, CloudWatch metric.
 */
export const SlackFailureReason = {
  /** 429: Slack throttled the webhook and the `Retry-After` did not fit in the time left. */
  RateLimited: 'rate_limited',
  /** 5xx from Slack on every attempt. */
  ServerError: 'server_error',
  /** No answer within the attempt's timeout, or no time left to try. */
  Timeout: 'timeout',
  /** DNS, connection refused or reset: the request never got an HTTP answer. */
  Network: 'network',
  /** 400 `invalid_payload`: Slack refused the message itself; retrying cannot help. */
  InvalidPayload: 'invalid_payload',
  /** 404 `channel_not_found`: the webhook's channel was deleted. */
  ChannelNotFound: 'channel_not_found',
  /** 410 `channel_is_archived`. */
  ChannelIsArchived: 'channel_is_archived',
  /** Any other 4xx (revoked token, `no_service`, ...): the webhook needs fixing. */
  ClientError: 'client_error',
} as const;

/** One of {@link SlackFailureReason}'s values. */
export type SlackFailureReasonName = (typeof SlackFailureReason)[keyof typeof SlackFailureReason];

/**
 * The Slack notifier's own catalog: what it records about the alerts it posts. Its metrics are
 * named here once, so the notifier function and the operations dashboard use the same names.
 *
 * Plain data (`satisfies`, not `defineService`): the notifier's bundle and the dashboard generator
 * both read it, and neither needs the validator for it (a unit test runs `validateService` on it).
 */
export const alertsCatalog = {
  service: 'slack-notifier',
  namespace: 'Periscope/Alerts',
  description: 'Posts the CloudWatch alarms of the tier SNS topics to Slack as Block Kit messages.',
  functions: [{ name: 'slackNotifier', description: 'SNS → Block Kit → Slack incoming webhook, with retries bounded by the invocation deadline.' }],
  metrics: [
    { name: 'SlackDelivered', unit: 'Count', description: 'Alerts Slack accepted (HTTP 200), by alert tier.', dimensions: ['tier'], views: ['operations'] },
    { name: 'SlackRetried', unit: 'Count', description: 'Webhook attempts retried after a 429, 5xx, timeout or network error, by alert tier.', dimensions: ['tier'], views: ['operations'] },
    {
      name: 'SlackFailed',
      unit: 'Count',
      description: `Alerts that did not reach Slack, by alert tier and reason (${Object.values(SlackFailureReason).join(', ')}). The invocation fails, so Lambda retries it and then keeps it in the dead letter queue.`,
      dimensions: ['tier', 'reason'],
      views: ['operations'],
    },
  ],
  slos: [],
  tiers: {
    critical: { description: 'Alerts are not reaching anyone: the alerting path itself is broken.', page: true },
    warning: { description: 'Alerts reach Slack late or only after retries.', page: false },
    info: { description: 'Delivery statistics.', page: false },
  },
} as const satisfies ServiceDefinition;
