/**
 * What Periscope's observability costs per million requests at us-east-1 list prices: log
 * ingestion and storage, EMF custom metrics, X-Ray traces, and the alarms, dashboards and KMS key,
 * the monthly ones amortised over a month of steady traffic. Pure arithmetic, no AWS call.
 */
import type { GeneratedAlarms } from '../../alarms';
import { PRICES_USD } from '../../alarms/cost';

/**
 * us-east-1 list prices in USD, free tiers ignored (an account's other workloads use them).
 * Alarm, composite and KMS prices are the alarm generator's own ({@link PRICES_USD}).
 */
export const US_EAST_1_PRICES = {
  /** CloudWatch Logs, Standard class: per GB ingested. */
  logsIngestionPerGb: 0.5,
  /** CloudWatch Logs: per GB stored per month. */
  logsStoragePerGbMonth: 0.03,
  /** Custom metrics, first 10,000: per metric per month. */
  customMetricPerMonth: 0.3,
  /** X-Ray: per trace recorded. */
  xrayRecordedPerTrace: 5 / 1_000_000,
  /** X-Ray: per trace retrieved. */
  xrayRetrievedPerTrace: 0.5 / 1_000_000,
  /** X-Ray: per trace scanned. */
  xrayScannedPerTrace: 0.5 / 1_000_000,
  /** Standard resolution alarm: per metric it reads, per month (anomaly bands read three). */
  standardAlarmMetricPerMonth: PRICES_USD.perAlarmMetric,
  /** High resolution alarm (period under 60 s): per metric per month. */
  highResolutionAlarmMetricPerMonth: 0.3,
  compositeAlarmPerMonth: PRICES_USD.perCompositeAlarm,
  /** Per dashboard per month, beyond {@link freeDashboards}. */
  dashboardPerMonth: 3,
  /** Dashboards free per account. */
  freeDashboards: 3,
  /** The customer-managed KMS key of the alert topics, per month. */
  kmsKeyPerMonth: PRICES_USD.perKmsKey,
} as const;

/** The prices {@link costModel} uses (defaults: {@link US_EAST_1_PRICES}). */
export type CostPrices = { readonly [K in keyof typeof US_EAST_1_PRICES]: number };

/** What {@link costModel} assumes beyond the measured figures. */
export interface CostAssumptions {
  /** Steady traffic. */
  readonly requestsPerSecond: number;
  /** Hours in a billing month. @default 730 */
  readonly hoursPerMonth: number;
  /** Months a log byte is stored (the sample keeps logs 30 days). @default 1 */
  readonly retentionMonths: number;
  /** X-Ray sampling: traced requests per second before the fixed rate applies. @default 1 (default rule) */
  readonly samplingReservoirPerSecond: number;
  /** X-Ray sampling: share of the requests beyond the reservoir. @default 0.05 (default rule) */
  readonly samplingFixedRate: number;
  /** Times each recorded trace is retrieved, and scanned (trace summaries, service map). @default 1 */
  readonly readsPerTrace: number;
  /** Bytes per gigabyte. @default 1e9 (decimal GB; 2^30 would be 7% cheaper) */
  readonly bytesPerGb: number;
}

/** The defaults of {@link CostAssumptions} except the traffic. */
export const DEFAULT_ASSUMPTIONS: Omit<CostAssumptions, 'requestsPerSecond'> = {
  hoursPerMonth: 730,
  retentionMonths: 1,
  samplingReservoirPerSecond: 1,
  samplingFixedRate: 0.05,
  readsPerTrace: 1,
  bytesPerGb: 1e9,
};

/** What is billed per month whatever the traffic. */
export interface MonthlyResources {
  /** Metrics read by standard resolution metric alarms. */
  readonly standardAlarmMetrics: number;
  /** Metrics read by high resolution metric alarms. */
  readonly highResolutionAlarmMetrics: number;
  readonly compositeAlarms: number;
  readonly dashboards: number;
  readonly kmsKeys: number;
}

/** The measured and counted input of {@link costModel}. */
export interface CostInput {
  /** Bytes written to CloudWatch Logs per request. */
  readonly logBytesPerRequest: number;
  /** Distinct EMF metric series (each a billed custom metric for the month). */
  readonly emfSeries: number;
  readonly monthly: MonthlyResources;
  readonly assumptions: CostAssumptions;
  /** @default US_EAST_1_PRICES */
  readonly prices?: CostPrices;
}

/** USD per million requests, by part. */
export interface CostParts {
  readonly logsIngestion: number;
  readonly logsStorage: number;
  readonly customMetrics: number;
  readonly xrayRecorded: number;
  /** Retrieved and scanned. */
  readonly xrayRead: number;
  readonly alarms: number;
  readonly dashboards: number;
  readonly kms: number;
}

/** What {@link costModel} returns. */
export interface CostEstimate {
  /** USD per million requests. */
  readonly costPer1MUsd: number;
  readonly parts: CostParts;
  /** Requests in a month at the assumed traffic. */
  readonly requestsPerMonth: number;
  /** Share of requests X-Ray records. */
  readonly sampledShare: number;
  /** USD per month of the traffic-independent parts. */
  readonly monthlyFixedUsd: number;
}

/** Thrown when the cost model is given an input it cannot price; the message names it. */
export class CostModelError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CostModelError';
  }
}

/**
 * The share of requests X-Ray's sampling rule records at steady traffic: the reservoir each second,
 * then the fixed rate of the rest (1 req/s and 5% of the rest for the default rule).
 * @example
 * ```ts
 * sampledShare(100, 1, 0.05); // (1 + 0.05 × 99) / 100 = 0.0595
 * ```
 */
export function sampledShare(requestsPerSecond: number, reservoirPerSecond: number, fixedRate: number): number {
  const reserved = Math.min(requestsPerSecond, reservoirPerSecond);
  return (reserved + fixedRate * (requestsPerSecond - reserved)) / requestsPerSecond;
}

function checkInput(input: CostInput): void {
  const numbers: Record<string, number> = {
    logBytesPerRequest: input.logBytesPerRequest,
    emfSeries: input.emfSeries,
    ...Object.fromEntries(Object.entries(input.monthly).map(([key, value]) => [`monthly.${key}`, value])),
    ...Object.fromEntries(Object.entries(input.assumptions).map(([key, value]) => [`assumptions.${key}`, value])),
  };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isFinite(value) || value < 0) throw new CostModelError(`${name} is ${String(value)}; it must be a finite number of at least 0`);
  }
  for (const name of ['requestsPerSecond', 'hoursPerMonth', 'bytesPerGb'] as const) {
    if (input.assumptions[name] <= 0) throw new CostModelError(`assumptions.${name} is ${input.assumptions[name]}; it must be above 0`);
  }
  if (input.assumptions.samplingFixedRate > 1) throw new CostModelError(`assumptions.samplingFixedRate is ${input.assumptions.samplingFixedRate}; it is a share from 0 to 1`);
}

/**
 * Prices the observability of a million requests: per-request parts from the measured log bytes and
 * the sampled share of traces, monthly parts (custom metrics, alarms, dashboards, KMS) divided by the
 * month's requests at the assumed steady traffic.
 *
 * @throws {CostModelError} naming an input that is negative, not finite, or zero where it divides
 * @example
 * ```ts
 * costModel({
 *   logBytesPerRequest: 1000,
 *   emfSeries: 3,
 *   monthly: { standardAlarmMetrics: 46, highResolutionAlarmMetrics: 0, compositeAlarms: 5, dashboards: 3, kmsKeys: 1 },
 *   assumptions: { ...DEFAULT_ASSUMPTIONS, requestsPerSecond: 100 },
 * }).costPer1MUsd;
 * ```
 */
export function costModel(input: CostInput): CostEstimate {
  checkInput(input);
  const prices = input.prices ?? US_EAST_1_PRICES;
  const { assumptions: a, monthly } = input;
  const perMillion = 1_000_000;
  const requestsPerMonth = a.requestsPerSecond * 3600 * a.hoursPerMonth;
  const monthsPerMillion = perMillion / requestsPerMonth;
  const gbPerMillion = (input.logBytesPerRequest * perMillion) / a.bytesPerGb;
  const share = sampledShare(a.requestsPerSecond, a.samplingReservoirPerSecond, a.samplingFixedRate);
  const traces = share * perMillion;
  const alarmsMonthly =
    monthly.standardAlarmMetrics * prices.standardAlarmMetricPerMonth +
    monthly.highResolutionAlarmMetrics * prices.highResolutionAlarmMetricPerMonth +
    monthly.compositeAlarms * prices.compositeAlarmPerMonth;
  const dashboardsMonthly = Math.max(0, monthly.dashboards - prices.freeDashboards) * prices.dashboardPerMonth;
  const kmsMonthly = monthly.kmsKeys * prices.kmsKeyPerMonth;
  const metricsMonthly = input.emfSeries * prices.customMetricPerMonth;
  const parts: CostParts = {
    logsIngestion: gbPerMillion * prices.logsIngestionPerGb,
    logsStorage: gbPerMillion * prices.logsStoragePerGbMonth * a.retentionMonths,
    customMetrics: metricsMonthly * monthsPerMillion,
    xrayRecorded: traces * prices.xrayRecordedPerTrace,
    xrayRead: traces * a.readsPerTrace * (prices.xrayRetrievedPerTrace + prices.xrayScannedPerTrace),
    alarms: alarmsMonthly * monthsPerMillion,
    dashboards: dashboardsMonthly * monthsPerMillion,
    kms: kmsMonthly * monthsPerMillion,
  };
  return {
    costPer1MUsd: Object.values(parts).reduce((sum, usd) => sum + usd, 0),
    parts,
    requestsPerMonth,
    sampledShare: share,
    monthlyFixedUsd: metricsMonthly + alarmsMonthly + dashboardsMonthly + kmsMonthly,
  };
}

/** CloudWatch bills an alarm as high resolution when it evaluates a period under a minute. */
const HIGH_RESOLUTION_BELOW_SECONDS = 60;

const periodsOf = (properties: Readonly<Record<string, unknown>>): number[] => {
  const queries = Array.isArray(properties['Metrics']) ? (properties['Metrics'] as { MetricStat?: { Period?: number } }[]) : [];
  const periods = queries.flatMap((query) => (typeof query.MetricStat?.Period === 'number' ? [query.MetricStat.Period] : []));
  return typeof properties['Period'] === 'number' ? [...periods, properties['Period']] : periods;
};

/**
 * The billed alarm metrics and composites of generated alarms, each metric alarm standard or high
 * resolution by the shortest period it evaluates.
 */
export function alarmBilling(generated: GeneratedAlarms): Pick<MonthlyResources, 'standardAlarmMetrics' | 'highResolutionAlarmMetrics' | 'compositeAlarms'> {
  let standardAlarmMetrics = 0;
  let highResolutionAlarmMetrics = 0;
  let compositeAlarms = 0;
  for (const alarm of generated.alarms) {
    if (alarm.kind === 'composite') {
      compositeAlarms += 1;
      continue;
    }
    const resource = generated.resources[alarm.logicalId];
    if (resource === undefined) throw new CostModelError(`alarm ${alarm.name} has no resource ${alarm.logicalId} among the generated ones`);
    const highResolution = periodsOf(resource.Properties).some((period) => period < HIGH_RESOLUTION_BELOW_SECONDS);
    if (highResolution) highResolutionAlarmMetrics += alarm.billedMetrics;
    else standardAlarmMetrics += alarm.billedMetrics;
  }
  return { standardAlarmMetrics, highResolutionAlarmMetrics, compositeAlarms };
}
