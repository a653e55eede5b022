/**
 * `cost`: what the sample's observability costs per million requests at us-east-1 list prices, from
 * the measured log bytes (a POST with its fulfilment, or a GET) and EMF series and the sample's
 * generated alarms and dashboards.
 */
import { generateAlarms } from '../../alarms';
import { ordersServiceResources } from '../../deploy/service-resources';
import { catalog } from '../../observability.config';
import { ordersDashboards } from '../stack/orders-dashboards';
import { alarmBilling, type CostEstimate, type CostParts, costModel, DEFAULT_ASSUMPTIONS, type MonthlyResources, US_EAST_1_PRICES } from './cost-model';
import { formatBytes, formatPercent, formatPrice, formatUsd, rounded } from './figures';
import { type LogFigures, runLogBytes } from './logs';
import type { BenchOptions, BenchSection } from './types';

/** The steady traffic the headline figure assumes, and the lighter one it is also given at. */
const TRAFFIC = { assumed: 100, light: 10 } as const;

/**
 * The figures of the `cost` section, in results.json.
 * A type, not an interface: `BenchSection.figures` is a Record, which interfaces are not assignable to.
 */
export type CostFigures = {
  /** USD per million requests at the assumed traffic (100 req/s). */
  readonly costPer1MUsd: number;
  readonly parts: CostParts;
  readonly requestsPerSecond: number;
  /** The same at 10 req/s, where the monthly parts weigh ten times more per request. */
  readonly at10RequestsPerSecond: { readonly costPer1MUsd: number; readonly parts: CostParts };
  /** What was priced: `logBytesPerRequest` is the logs section's `pricedBytesPerRequest` (a POST with its fulfilment, or a GET). */
  readonly inputs: { readonly logBytesPerRequest: number; readonly emfSeries: number; readonly monthly: MonthlyResources };
};

/** The sample's monthly resources: its generated alarms and dashboards and the alert topics' KMS key. */
export function sampleMonthlyResources(): MonthlyResources {
  const resources = ordersServiceResources('dev');
  const generated = generateAlarms(catalog, resources);
  const kmsKeys = Object.values(generated.resources).filter((resource) => resource.Type === 'AWS::KMS::Key').length;
  return { ...alarmBilling(generated), dashboards: Object.keys(ordersDashboards('dev')).length, kmsKeys };
}

const roundParts = (parts: CostParts): CostParts => Object.fromEntries(Object.entries(parts).map(([part, usd]) => [part, rounded(usd, 6)])) as unknown as CostParts;

const PART_LABELS: Readonly<Record<keyof CostParts, string>> = {
  logsIngestion: 'CloudWatch Logs ingestion',
  logsStorage: 'CloudWatch Logs storage (1 month)',
  customMetrics: 'custom metrics (EMF series)',
  xrayRecorded: 'X-Ray traces recorded',
  xrayRead: 'X-Ray traces retrieved + scanned',
  alarms: 'CloudWatch alarms',
  dashboards: 'CloudWatch dashboards',
  kms: 'KMS key (alert topics)',
};

function basisOf(part: keyof CostParts, logs: LogFigures, monthly: MonthlyResources, heavy: CostEstimate, light: CostEstimate): string {
  const p = US_EAST_1_PRICES;
  switch (part) {
    case 'logsIngestion':
      return `${formatBytes(logs.pricedBytesPerRequest)}/request × ${formatPrice(p.logsIngestionPerGb)}/GB`;
    case 'logsStorage':
      return `the same bytes × ${formatPrice(p.logsStoragePerGbMonth)}/GB-month`;
    case 'customMetrics':
      return `${logs.emfSeries} series × ${formatPrice(p.customMetricPerMonth)}/month`;
    case 'xrayRecorded':
      return `${formatPercent(heavy.sampledShare, 2)} / ${formatPercent(light.sampledShare, 2)} sampled × $5.00/1M`;
    case 'xrayRead':
      return 'each trace retrieved once and scanned once × $0.50/1M';
    case 'alarms':
      return `${monthly.standardAlarmMetrics} alarm metrics × ${formatPrice(p.standardAlarmMetricPerMonth)} + ${monthly.highResolutionAlarmMetrics} high-res × ${formatPrice(p.highResolutionAlarmMetricPerMonth)} + ${monthly.compositeAlarms} composites × ${formatPrice(p.compositeAlarmPerMonth)} /month`;
    case 'dashboards':
      return `${monthly.dashboards} dashboards, ${p.freeDashboards} free, ${formatPrice(p.dashboardPerMonth)}/month beyond`;
    case 'kms':
      return `${monthly.kmsKeys} key × ${formatPrice(p.kmsKeyPerMonth)}/month`;
  }
}

/**
 * Prices the observability of a million requests from the `logs` figures (measured by
 * {@link runLogBytes} when not given) and the sample's generated alarms and dashboards, at 100 req/s
 * and at 10 req/s of steady traffic. A `BenchRunner` when called without `logs`.
 *
 * @example
 * ```ts
 * const logs = await runLogBytes(options);
 * const cost = await runCost(options, logs.figures as LogFigures);
 * ```
 */
export async function runCost(options: BenchOptions, logs?: LogFigures): Promise<BenchSection> {
  const measured = logs ?? ((await runLogBytes(options)).figures as unknown as LogFigures);
  const monthly = sampleMonthlyResources();
  const estimate = (requestsPerSecond: number): CostEstimate =>
    costModel({ logBytesPerRequest: measured.pricedBytesPerRequest, emfSeries: measured.emfSeries, monthly, assumptions: { ...DEFAULT_ASSUMPTIONS, requestsPerSecond } });
  const heavy = estimate(TRAFFIC.assumed);
  const light = estimate(TRAFFIC.light);

  const figures: CostFigures = {
    costPer1MUsd: rounded(heavy.costPer1MUsd, 4),
    parts: roundParts(heavy.parts),
    requestsPerSecond: TRAFFIC.assumed,
    at10RequestsPerSecond: { costPer1MUsd: rounded(light.costPer1MUsd, 4), parts: roundParts(light.parts) },
    inputs: { logBytesPerRequest: measured.pricedBytesPerRequest, emfSeries: measured.emfSeries, monthly },
  };
  const parts = Object.keys(PART_LABELS) as (keyof CostParts)[];
  return {
    key: 'cost',
    title: 'Observability cost per 1M requests (us-east-1 list prices)',
    table: [
      ['part', `at ${TRAFFIC.assumed} req/s`, `at ${TRAFFIC.light} req/s`, 'from'],
      ...parts.map((part) => [PART_LABELS[part], formatUsd(heavy.parts[part]), formatUsd(light.parts[part]), basisOf(part, measured, monthly, heavy, light)]),
      ['total', formatUsd(heavy.costPer1MUsd), formatUsd(light.costPer1MUsd), 'budget $1.00 per 1M requests'],
    ],
    figures,
    notes: [
      `Traffic: steady ${TRAFFIC.assumed} req/s (${(heavy.requestsPerMonth / 1e6).toFixed(1)}M requests in a 730-hour month), and ${TRAFFIC.light} req/s; monthly prices are divided by the month's requests. Free tiers ignored.`,
      `Logs: every request costs the larger of a measured POST with its share of fulfilOrder's output (the order's OrderPlaced, fulfilled in full batches of ${measured.fulfil.fullBatch}) and a GET (${formatBytes(measured.pricedBytesPerRequest)}), at $0.50/GB ingested (Standard class) and $0.03/GB-month stored for one month (the sample keeps 30 days), GB = 10^9 bytes. Storage is priced uncompressed, an upper bound: AWS's calculator assumes archived logs shrink to 15% (dev.classmethod.jp/articles/compare-archive-cost-cloudwatchlogs-s3). Lambda's START/END/REPORT lines, error-path logs and Logs Insights scans are not included.`,
      `Custom metrics: the ${measured.emfSeries} EMF series the logs section saw (the API's and fulfilOrder's), $0.30/metric-month (first 10,000); more currencies, rejection reasons and each function's ColdStart add series. EMF itself has no PutMetricData charge.`,
      `X-Ray: default sampling rule, 1 request/s reservoir then 5% of the rest (${formatPercent(heavy.sampledShare, 2)} of requests at ${TRAFFIC.assumed} req/s, ${formatPercent(light.sampledShare, 2)} at ${TRAFFIC.light}); $5.00 per 1M traces recorded; assumed each recorded trace is retrieved once and scanned once, $0.50 per 1M each (aws.amazon.com/xray/pricing; free tier 100k recorded, 1M read).`,
      `Alarms and dashboards: the sample's generated ${monthly.standardAlarmMetrics + monthly.highResolutionAlarmMetrics} alarm metrics (anomaly bands count 3), ${monthly.compositeAlarms} composites, ${monthly.dashboards} dashboards; $0.10 per standard alarm metric-month, $0.30 high resolution, $0.50 per composite (alarms/cost.ts), $3 per dashboard-month beyond the 3 free (assumed to be this service's), $1/month for the alert topics' KMS key. SNS, SQS and notifier invocations only when alarms fire: not included; nor the OrderPlaced queue's own requests, which are the service's work, not its observability.`,
      'Price sources: CloudWatch Logs $0.50/GB ingested, $0.03/GB archived, high-resolution alarms $0.30 per alarm metric (github.com/vreutova/infracost-idem-support/pull/2); custom metrics $0.30 first 10,000, dashboards $3 (github.com/nishinoshake/aws-rough/issues/37, from aws.amazon.com/cloudwatch/pricing). Lambda compute of the instrumentation is in the warm section, not here.',
    ],
  };
}
