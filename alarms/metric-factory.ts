import type { ServiceDefinition } from '../src/catalog';
import type { MetricId } from '../src/cloudwatch';

// Metric identities and queries are CloudWatch's vocabulary, in src/cloudwatch; what is here is Periscope's own.

/**
 * A catalog metric exactly as the runtime writes it: Powertools' `service` dimension, then the
 * metric's own (`dimensions`, the values an alarm or a graph watches).
 * @example
 * ```ts
 * catalogMetric(catalog, 'OrderCreated'); // { namespace: 'Periscope/Orders', metricName: 'OrderCreated', dimensions: { service: 'orders' } }
 * ```
 */
export const catalogMetric = (catalog: Pick<ServiceDefinition, 'namespace' | 'service'>, metricName: string, dimensions: Readonly<Record<string, string>> = {}): MetricId => ({
  namespace: catalog.namespace,
  metricName,
  dimensions: { service: catalog.service, ...dimensions },
});

/**
 * `100 * errors / requests` in a minute with at least `minFailures` errors, else 0: a rate over a
 * handful of failures is noise. `FILL(e, 0)`: error metrics have no data point in a minute without errors.
 * @example
 * ```ts
 * ratePercent('errors', 'requests', 3); // 'IF(FILL(errors, 0) >= 3, 100 * FILL(errors, 0) / requests, 0)'
 * ```
 */
export const ratePercent = (errors: string, requests: string, minFailures: number): string => `IF(FILL(${errors}, 0) >= ${minFailures}, 100 * FILL(${errors}, 0) / ${requests}, 0)`;

/**
 * `FILL(a, 0) + FILL(b, 0) + ...`: a sum over metrics that have no data point in a minute without
 * events (per-operation DynamoDB metrics, each function's errors).
 * @example
 * ```ts
 * sumOfFilled(['m0', 'm1']); // 'FILL(m0, 0) + FILL(m1, 0)'
 * ```
 */
export const sumOfFilled = (ids: readonly string[]): string => ids.map((id) => `FILL(${id}, 0)`).join(' + ');
