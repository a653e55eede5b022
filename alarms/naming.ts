import type { AlertTierName } from '../src/catalog';

/** Names alarms and their resources by one rule, so a name says where it comes from. */
export interface Naming {
  /** `<service>-<stage>`: the prefix of every name. */
  readonly prefix: string;
  /** `<service>-<stage>-<signal>-<tier>` */
  alarm(signal: string, tier: AlertTierName): string;
  /** `<service>-<stage>-<tier>`: a tier's composite and its SNS topic. */
  tier(tier: AlertTierName): string;
  /** A CloudFormation logical id for a generated name: `PeriscopeOrdersDevApi5xxRateCritical`. */
  logicalId(name: string): string;
}

/**
 * The naming rule for one service and stage.
 * @example
 * ```ts
 * naming('orders', 'dev').alarm('api-5xx-rate', 'critical'); // 'orders-dev-api-5xx-rate-critical'
 * ```
 */
export function naming(service: string, stage: string): Naming {
  const prefix = `${service}-${stage}`;
  return {
    prefix,
    alarm: (signal, tier) => `${prefix}-${signal}-${tier}`,
    tier: (tier) => `${prefix}-${tier}`,
    logicalId: (name) =>
      `Periscope${name
        .split(/[^A-Za-z0-9]+/)
        .filter((part) => part !== '')
        .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
        .join('')}`,
  };
}

/** `createOrder` → `create-order`, for signals built from function names. */
export const kebab = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .toLowerCase();

/** The CloudWatch dashboard of one audience: `<service>-<stage>-<view>` (`orders-dev-operations`). */
export const dashboardName = (prefix: string, view: string): string => `${prefix}-${view}`;

/** The Slack notifier's dead letter queue: `<service>-<stage>-alerts-dead-letter`. */
export const deadLetterQueueName = (prefix: string): string => `${prefix}-alerts-dead-letter`;
