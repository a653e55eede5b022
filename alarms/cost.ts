import type { GeneratedAlarmSummary } from './types';

/**
 * CloudWatch and KMS list prices in us-east-1 (USD per month), standard-resolution alarms. An alarm is
 * billed per metric it reads (metric math: each metric; anomaly detection: three); a composite at a flat
 * rate; the customer-managed key monthly (its requests are a rounding error at alert volumes).
 */
export const PRICES_USD = { perAlarmMetric: 0.1, perCompositeAlarm: 0.5, perKmsKey: 1 } as const;

/** The monthly cost of a set of generated alarms, itemised. */
export interface MonthlyCost {
  readonly metricAlarms: { readonly count: number; readonly billedMetrics: number; readonly usd: number };
  readonly compositeAlarms: { readonly count: number; readonly usd: number };
  readonly kmsKeys: { readonly count: number; readonly usd: number };
  readonly totalUsd: number;
}

const cents = (usd: number): number => Math.round(usd * 100) / 100;

/** Estimates what the alarms cost per month at {@link PRICES_USD}. */
export function estimateMonthlyCost(alarms: readonly GeneratedAlarmSummary[], kmsKeys = 1): MonthlyCost {
  const metric = alarms.filter((a) => a.kind !== 'composite');
  const billedMetrics = metric.reduce((sum, a) => sum + a.billedMetrics, 0);
  const composites = alarms.length - metric.length;
  const metricUsd = cents(billedMetrics * PRICES_USD.perAlarmMetric);
  const compositeUsd = cents(composites * PRICES_USD.perCompositeAlarm);
  const kmsUsd = cents(kmsKeys * PRICES_USD.perKmsKey);
  return {
    metricAlarms: { count: metric.length, billedMetrics, usd: metricUsd },
    compositeAlarms: { count: composites, usd: compositeUsd },
    kmsKeys: { count: kmsKeys, usd: kmsUsd },
    totalUsd: cents(metricUsd + compositeUsd + kmsUsd),
  };
}
