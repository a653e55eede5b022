import { MetricUnit } from '@aws-lambda-powertools/metrics';
// The vocabulary's own files rather than its index: the catalog ships in the layer, which needs only these.
import { BatchMetric } from '../cloudwatch/batch-metrics';
import { STATISTIC_PATTERN } from '../cloudwatch/statistics';
import { TREAT_MISSING_DATA } from '../cloudwatch/treat-missing-data';
import { AlertTier, DashboardView } from './types';

/**
 * The limits a catalog is checked against. EMF and CloudWatch limits are AWS's; the rest are
 * Periscope's so generated names stay valid and readable.
 */
export const CatalogRules = {
  /** Service names appear in alarm names (`service-stage-signal-tier`), so they stay short and plain. */
  servicePattern: /^[a-z][a-z0-9-]{0,39}$/,
  /** CloudWatch namespaces: 1–255 of these characters, and `AWS/` is reserved for AWS. */
  namespacePattern: /^[A-Za-z0-9 ._#:/-]{1,255}$/,
  functionPattern: /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
  routePattern: /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) \/\S*$/,
  sloPattern: /^[a-z][a-z0-9-]{0,62}$/,
  slackChannelPattern: /^#[a-z0-9._-]{1,80}$/,
  /** EMF metric and dimension names: 1–255 characters. */
  minNameLength: 1,
  maxNameLength: 255,
  /** EMF allows 30 dimensions per set; Powertools caps at 29, one of which is its `service` dimension. */
  maxDimensions: 29,
  /** Dimensions Powertools adds itself; a catalog may not declare them again. */
  reservedDimensions: ['service', 'function_name'] as readonly string[],
  /** Metric names Periscope records itself: cold starts, and each SQS consumer's batch records and failed records. */
  reservedMetrics: ['ColdStart', BatchMetric.Records, BatchMetric.ItemFailures] as readonly string[],
  /** A Lambda function can run for 15 minutes at most, so a longer p99 target can never be measured. */
  maxLatencyMs: 900_000,
  /** SQS keeps a message 14 days at most: no message is ever older. */
  maxMessageAgeSeconds: 1_209_600,
  minWindowDays: 1,
  maxWindowDays: 90,
  signalPattern: /^[a-z][a-z0-9-]{0,62}$/,
  /** CloudWatch statistics (the vocabulary's `STATISTIC_PATTERN`); percentiles from p0 to p100 with up to two decimals. */
  statisticPattern: STATISTIC_PATTERN,
  /** CloudWatch's `TreatMissingData` values (the vocabulary's `TREAT_MISSING_DATA`). */
  missingData: new Set<string>(TREAT_MISSING_DATA),
  /** CloudWatch: an alarm looks back at most one day (period × evaluation periods). */
  maxAlarmWindowMinutes: 1440,
  emailPattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  units: new Set<string>(Object.values(MetricUnit)),
  views: new Set<string>(Object.values(DashboardView)),
  tiers: Object.values(AlertTier),
  /** The tiers with an SNS topic, and so with subscriptions; info stays on dashboards. */
  routedTiers: [AlertTier.Critical, AlertTier.Warning],
  /** Stage names as serverless accepts them (`provider.stage`): letters, digits and dashes. */
  stagePattern: /^[A-Za-z0-9-]+$/,
} as const;
