import type { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Statistic, TreatMissingData } from '../cloudwatch';
import type { AlarmThresholdOverrides } from './alarm-thresholds';
import type { DeliveryPolicy } from './delivery';
import type { FunctionDeployment, ServiceDeployment } from './deployment';

/** A CloudWatch metric unit, exactly as EMF accepts it (`'Count'`, `'Milliseconds'`, `'Bytes/Second'`, ...). */
export type MetricUnitValue = (typeof MetricUnit)[keyof typeof MetricUnit];

/** The three audiences Periscope builds dashboards for. */
export const DashboardView = {
  Executive: 'executive',
  Operations: 'operations',
  Developer: 'developer',
} as const;

/** One of {@link DashboardView}'s values. */
export type DashboardViewName = (typeof DashboardView)[keyof typeof DashboardView];

/** The alert tiers, from "page someone now" to "dashboards only". */
export const AlertTier = {
  Critical: 'critical',
  Warning: 'warning',
  Info: 'info',
} as const;

/** One of {@link AlertTier}'s values. */
export type AlertTierName = (typeof AlertTier)[keyof typeof AlertTier];

/**
 * The statistic a business alarm evaluates: CloudWatch's {@link Statistic} (`Sum`, `Average`,
 * `Minimum`, `Maximum`, `SampleCount`, or a percentile such as `p99` or `p99.9`).
 */
export type AlarmStatistic = Statistic;

/**
 * What a business alarm does when a period has no data point: CloudWatch's {@link TreatMissingData}.
 * A business metric recorded only when something happens has no data point when nothing happens:
 * for "orders stopped" that is the alarm itself (`breaching`).
 */
export type MissingDataTreatment = TreatMissingData;

/** What every alarm on a business metric says and how it evaluates. */
export interface BusinessAlarmBase {
  /** Lower-case words joined by dashes; the alarm is named `<service>-<stage>-<signal>-<tier>`. */
  readonly signal: string;
  /** Who hears about it: critical pages, warning posts to Slack, info stays on dashboards. */
  readonly tier: AlertTierName;
  /** What it means when it fires, for the person who reads it at 3am. */
  readonly description: string;
  /** What to do first. */
  readonly action?: string;
  /** @default 'Sum' */
  readonly statistic?: AlarmStatistic;
  /** Minutes per data point (1, or a multiple of 5 up to 1440 / evaluationPeriods). @default 5 */
  readonly periodMinutes?: number;
  /** How many recent periods are looked at. @default 3 */
  readonly evaluationPeriods?: number;
  /** How many of them must breach. @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /**
   * One value per dimension the metric declares: a CloudWatch alarm watches one metric, and each
   * combination of dimension values is a separate metric.
   * @default {} (required when the metric declares dimensions)
   */
  readonly dimensions?: Readonly<Record<string, string>>;
}

/** Fires when the statistic crosses a fixed threshold. */
export interface ThresholdAlarmDefinition extends BusinessAlarmBase {
  readonly kind: 'threshold';
  /** `above`: fires when the statistic is greater than the threshold; `below`: when less. */
  readonly comparison: 'above' | 'below';
  readonly threshold: number;
  /** @default 'breaching' for `below` (silence means nothing happened), 'notBreaching' for `above` */
  readonly missingData?: MissingDataTreatment;
}

/** Fires when the statistic leaves the band CloudWatch's anomaly detection learned from its history. */
export interface AnomalyAlarmDefinition extends BusinessAlarmBase {
  readonly kind: 'anomaly';
  /** Which side of the band counts: `below` (e.g. orders stop arriving), `above`, or `outside` either. */
  readonly direction: 'below' | 'above' | 'outside';
  /** Band width in standard deviations. @default 2 */
  readonly bandWidth?: number;
}

/** An alarm on a catalog metric. */
export type BusinessAlarmDefinition = ThresholdAlarmDefinition | AnomalyAlarmDefinition;

/** A business metric the service records, and where it is shown. */
export interface MetricDefinition {
  /** EMF metric name, 1–255 characters, unique in the catalog. */
  readonly name: string;
  /** CloudWatch unit the value is recorded in. */
  readonly unit: MetricUnitValue;
  /** What the number means, in words an on-call engineer understands. */
  readonly description: string;
  /**
   * Dimension names every data point of this metric carries. Keep them low-cardinality:
   * each distinct combination of values is a separate, billed, CloudWatch metric.
   * @default []
   */
  readonly dimensions?: readonly string[];
  /**
   * Dashboards that show this metric.
   * @default []
   */
  readonly views?: readonly DashboardViewName[];
  /**
   * Alarms on this metric.
   * @default []
   */
  readonly alarms?: readonly BusinessAlarmDefinition[];
}

/**
 * What invokes a function, as `serverless.yml` declares it: a REST API (`http`), an HTTP API
 * (`httpApi`), its function URL (`url`), an SQS queue (`sqs`), an SNS topic (`sns`), an EventBridge
 * rule (`eventBridge`) or a schedule (`schedule`). Each has its own alarms and dashboard widgets.
 */
export const FunctionTrigger = {
  RestApi: 'rest-api',
  HttpApi: 'http-api',
  FunctionUrl: 'function-url',
  Sqs: 'sqs',
  Sns: 'sns',
  EventBridge: 'eventbridge',
  Schedule: 'schedule',
} as const;

/** One of {@link FunctionTrigger}'s values. */
export type FunctionTriggerName = (typeof FunctionTrigger)[keyof typeof FunctionTrigger];

/**
 * What an SQS consumer promises about its queue: how long a message may wait before it is processed,
 * and the backlog that means trouble. Only on a function whose `trigger` is `'sqs'`.
 * @example
 * ```ts
 * { name: 'fulfilOrder', trigger: 'sqs', queue: { maxAgeSeconds: 120, maxDepth: 500 } }
 * ```
 */
export interface QueueExpectations {
  /**
   * Seconds a message may wait in the queue before the function has processed it: the function's
   * expected latency. The oldest message's age is compared with it (critical: users' work is stuck).
   * Without `queue`, the `sqs-queue-age` threshold (`alarmThresholds`, else 300) is used.
   */
  readonly maxAgeSeconds: number;
  /**
   * Messages waiting (visible) that mean the function is falling behind (warning).
   * @default the `sqs-queue-depth` threshold (`alarmThresholds`, else 1000)
   */
  readonly maxDepth?: number;
}

/** A Lambda function of the service, keyed as in `serverless.yml`'s `functions:`. */
export interface FunctionDefinition {
  /** The function's key in `serverless.yml`. */
  readonly name: string;
  /** What it does. */
  readonly description?: string;
  /** API routes it serves, as `METHOD /path` (`'GET /orders/{orderId}'`). Only with a `rest-api` or `http-api` trigger, if one is declared. */
  readonly routes?: readonly string[];
  /**
   * What invokes it. The plugin reads each function's triggers from the compiled template; declared
   * here, it is also checked against them: a function `serverless.yml` compiles to something else
   * stops the generation, with both named.
   * @default read from the template
   */
  readonly trigger?: FunctionTriggerName;
  /**
   * For an SQS consumer (`trigger: 'sqs'`): how long a message may wait and what backlog is trouble.
   * @default the `sqs-queue-age` and `sqs-queue-depth` thresholds
   */
  readonly queue?: QueueExpectations;
  /**
   * How its new versions reach traffic, in place of the service's `deployment` policy.
   * @default the service's policy
   */
  readonly deployment?: FunctionDeployment;
}

/** A service level objective: how available and how fast the service promises to be. */
export interface SloDefinition {
  /** Unique name, lower-case words joined by dashes (`'orders-api'`). */
  readonly name: string;
  /** What users get when the objective is met. */
  readonly description?: string;
  /**
   * Functions whose requests count toward this objective (by catalog function name).
   * @default every function of the service
   */
  readonly functions?: readonly string[];
  /** Percent of requests that must succeed over the window, greater than 0 and below 100 (e.g. `99.9`). */
  readonly availabilityTarget: number;
  /** The 99th percentile latency the service promises, in milliseconds. */
  readonly latencyP99Ms: number;
  /**
   * Length of the SLO window in days.
   * @default 28
   */
  readonly windowDays?: number;
}

/** How one alert tier notifies people. */
export interface TierDefinition {
  /** When an alarm belongs in this tier. */
  readonly description: string;
  /** Whether an alarm in this tier pages a human through SNS. */
  readonly page: boolean;
  /** Slack channel the tier posts to, if any (`'#orders-incidents'`). */
  readonly slackChannel?: string;
  /**
   * Who the tier's SNS topic notifies besides Slack: email addresses and HTTPS endpoints (a pager's
   * webhook). Not allowed on the info tier, which has no topic.
   * @default {}
   */
  readonly notify?: TierNotifications;
}

/** Subscriptions of a tier's SNS topic. */
export interface TierNotifications {
  readonly email?: readonly string[];
  /** HTTPS endpoints only: SNS delivers alerts in clear text over plain HTTP. */
  readonly https?: readonly string[];
}

/**
 * Whether a stage's alerts reach people beyond Slack, and which people. The Slack notifier gets the
 * critical and warning alerts of every stage whatever its policy; the policy only decides the topics'
 * email and HTTPS (pager) subscriptions.
 *
 * @example
 * ```ts
 * stages: {
 *   prod: { page: true },                                                   // each tier's `notify`
 *   staging: { page: true, notify: { critical: { email: ['qa@example.com'] }, warning: {} } },
 *   dev: { page: false },                                                   // Slack only
 * }
 * ```
 */
export interface StagePolicy {
  /** Whether the stage's tier topics get email and HTTPS subscriptions at all. */
  readonly page: boolean;
  /**
   * Where each routed tier notifies at this stage, in place of (not added to) the tier's own
   * `notify`; `{}` silences a tier. Only with `page: true`.
   * @default each tier's `notify`
   */
  readonly notify?: { readonly critical?: TierNotifications; readonly warning?: TierNotifications };
}

/** The whole description of a service: the single source of truth Periscope generates from. */
export interface ServiceDefinition {
  /** Service name, lower-case words joined by dashes; used in alarm and dashboard names. */
  readonly service: string;
  /** CloudWatch metrics namespace the service's EMF metrics go to (`'Periscope/Orders'`). */
  readonly namespace: string;
  /** What the service does. */
  readonly description?: string;
  /** The team that owns it and gets paged. */
  readonly owner?: string;
  /** Base URL runbook links are built from. */
  readonly runbookBaseUrl?: string;
  /** The service's Lambda functions. */
  readonly functions: readonly FunctionDefinition[];
  /** Business metrics recorded through the typed metrics API. */
  readonly metrics: readonly MetricDefinition[];
  /** Service level objectives. */
  readonly slos: readonly SloDefinition[];
  /** How each alert tier notifies. */
  readonly tiers: { readonly [T in AlertTierName]: TierDefinition };
  /**
   * Which stages page, and where, by stage name as `serverless --stage` gives it. A stage not listed
   * pages only if it is named `prod`, through each tier's `notify`; every other stage sends its
   * critical and warning alerts to Slack only, with no email or HTTPS subscription.
   * @default {} (only `prod` pages)
   */
  readonly stages?: Readonly<Record<string, StagePolicy>>;
  /**
   * Per generated alarm kind, a threshold or evaluation other than Periscope's default (the kinds,
   * their units, defaults and why: `ALARM_THRESHOLD_DEFAULTS`). Checked at load; the alarm's
   * description states the threshold it uses.
   * @default {} (every default)
   * @example
   * ```ts
   * alarmThresholds: { 'lambda-errors': { threshold: 2 }, 'dynamodb-latency': { threshold: 40 } }
   * ```
   */
  readonly alarmThresholds?: AlarmThresholdOverrides;
  /**
   * Lambda's concurrency quota of the account and Region the service runs in, which the account
   * concurrency alarm compares the account's claimed concurrency with.
   * @default 1000 (Lambda's default quota)
   */
  readonly accountConcurrencyLimit?: number;
  /**
   * How new versions reach traffic: a CodeDeploy strategy for every function (each function may set
   * its own), per stage if wanted; the alias API Gateway calls; and the gate that rolls a deployment
   * back. `AllAtOnce` deploys as serverless does without it.
   * @default { strategy: 'AllAtOnce' }
   * @example
   * ```ts
   * deployment: { strategy: 'Canary10Percent5Minutes', stages: { dev: 'AllAtOnce' } }
   * ```
   */
  readonly deployment?: ServiceDeployment;
  /**
   * The DORA delivery metrics' targets (the executive dashboard says whether each is met) and the
   * window that ties an incident to the deployment before it.
   * @default { targets: DELIVERY_TARGET_DEFAULTS (DORA's elite bands), changeWindowMinutes: 60 }
   * @example
   * ```ts
   * delivery: { targets: { deploymentsPerDay: 1, leadTimeHours: 24, recoveryHours: 2, changeFailRatePercent: 15 } }
   * ```
   */
  readonly delivery?: DeliveryPolicy;
}

/** The names of the metrics a catalog declares: recording any other name is a compile error. */
export type MetricName<S extends ServiceDefinition> = S['metrics'][number]['name'];

/** The catalog entry of metric `N`. */
export type MetricOf<S extends ServiceDefinition, N extends MetricName<S>> = Extract<S['metrics'][number], { readonly name: N }>;

/** The dimension names metric `N` declares (never when it declares none). */
export type DimensionNameOf<S extends ServiceDefinition, N extends MetricName<S>> = MetricOf<S, N> extends { readonly dimensions: readonly (infer D extends string)[] } ? D : never;

/** The dimension values a data point of metric `N` must carry: one per declared dimension. */
export type DimensionValues<S extends ServiceDefinition, N extends MetricName<S>> = {
  readonly [D in DimensionNameOf<S, N>]: string;
};
