import type { ServiceDefinition } from '../src/catalog';
import { AwsNamespace, apiMetric, type BatchMetricName, lambdaMetric, type MetricId, type SimpleStatistic } from '../src/cloudwatch';
import { dimensionValue } from './deployed-name';
import { catalogMetric } from './metric-factory';
import type { DeployedHttpApiTrigger, DeployedName } from './types';

// The metrics of what invokes a function, shared by its alarms and its dashboard widgets.

/** EventBridge's namespace. */
const EVENTS_NAMESPACE = 'AWS/Events';

/**
 * An `AWS/ApiGateway` metric of an HTTP API stage (dimensions `ApiId`, `Stage`): `Count`, `4xx`,
 * `5xx`, `Latency`, `IntegrationLatency`.
 * @example
 * ```ts
 * httpApiMetric({ apiId: { Ref: 'HttpApi' }, stage: '$default' }, '5xx'); // dimensions { ApiId: '${HttpApi}', Stage: '$default' }
 * ```
 */
export const httpApiMetric = (api: Pick<DeployedHttpApiTrigger, 'apiId' | 'stage'>, metricName: string): MetricId => ({
  namespace: AwsNamespace.ApiGateway,
  metricName,
  dimensions: { ApiId: dimensionValue(api.apiId), Stage: api.stage },
});

/**
 * An `AWS/Events` metric of one rule: `RuleName`, with `EventBusName` for a rule on a custom event
 * bus (a rule on the default bus has `RuleName` alone).
 * @example
 * ```ts
 * ruleMetric({ ruleName: 'orders-dev-nightly' }, 'FailedInvocations');
 * ```
 */
export const ruleMetric = (rule: { readonly ruleName: DeployedName; readonly eventBusName?: DeployedName }, metricName: string): MetricId => ({
  namespace: EVENTS_NAMESPACE,
  metricName,
  dimensions: rule.eventBusName === undefined ? { RuleName: dimensionValue(rule.ruleName) } : { EventBusName: dimensionValue(rule.eventBusName), RuleName: dimensionValue(rule.ruleName) },
});

/**
 * An SQS consumer's batch metric, as Periscope's runtime writes it: in the catalog's namespace, with
 * Powertools' `service` and the deployed `function_name`, as `ColdStart`.
 * @example
 * ```ts
 * batchMetric(catalog, 'periscope-orders-dev-fulfilOrder', BatchMetric.ItemFailures);
 * ```
 */
export const batchMetric = (catalog: Pick<ServiceDefinition, 'namespace' | 'service'>, functionName: string, metricName: BatchMetricName): MetricId =>
  catalogMetric(catalog, metricName, { function_name: functionName });

/** A metric and the statistic it is read with. */
export interface ReadMetric {
  readonly metric: MetricId;
  readonly statistic: SimpleStatistic;
}

/** Lambda's metrics of a function's asynchronous invocations (SNS, EventBridge, a schedule, the alert topics), each with how to read it. */
export const AsyncInvocationMetric = {
  /** How long events waited in Lambda's queue before the function got them, in milliseconds: the Maximum is the oldest. */
  eventAge: (functionName: string): ReadMetric => ({ metric: lambdaMetric(functionName, 'AsyncEventAge'), statistic: 'Maximum' }),
  /** Events Lambda gave up on (out of retries, too old, no concurrency): their Sum. */
  eventsDropped: (functionName: string): ReadMetric => ({ metric: lambdaMetric(functionName, 'AsyncEventsDropped'), statistic: 'Sum' }),
  /** Events Lambda queued for the function: their Sum. */
  eventsReceived: (functionName: string): ReadMetric => ({ metric: lambdaMetric(functionName, 'AsyncEventsReceived'), statistic: 'Sum' }),
} as const;

/** `AsyncEventAge` is in milliseconds; Periscope says its thresholds in seconds. */
export const asyncEventAgeMs = (seconds: number): number => seconds * 1000;

/** An API whose requests API Gateway counts (a REST API stage or an HTTP API stage), as its alarms and graphs read it. */
export interface ApiSurface {
  /** The alarms' signal prefix: `api` (`api-5xx-rate`) or `http-api`. */
  readonly signal: string;
  /** How a description names it: `API`, `HTTP API`. */
  readonly label: string;
  /** Its server error count: `5XXError` on a REST API, `5xx` on an HTTP API. */
  readonly serverErrors: string;
  /** Its client error count: `4XXError` on a REST API, `4xx` on an HTTP API. */
  readonly clientErrors: string;
  /** One of its metrics (`Count`, `Latency`, or an error count). */
  metric(metricName: string): MetricId;
}

/** A REST API stage (dimensions `ApiName`, `Stage`). */
export const restApiSurface = (api: { readonly name: string; readonly stage: string }): ApiSurface => ({
  signal: 'api',
  label: 'API',
  serverErrors: '5XXError',
  clientErrors: '4XXError',
  metric: (metricName) => apiMetric(api, metricName),
});

/** An HTTP API stage (dimensions `ApiId`, `Stage`); `index` tells apart a service's second HTTP API (`http-api-2`). */
export const httpApiSurface = (api: Pick<DeployedHttpApiTrigger, 'apiId' | 'stage'>, index = 0): ApiSurface => ({
  signal: index === 0 ? 'http-api' : `http-api-${index + 1}`,
  label: 'HTTP API',
  serverErrors: '5xx',
  clientErrors: '4xx',
  metric: (metricName) => httpApiMetric(api, metricName),
});
