/**
 * Periscope's runtime: what a Lambda service imports (`import … from 'periscope'`) and what the
 * Periscope layer ships. A service describes itself once with {@link defineService}, builds its
 * {@link createTelemetry | telemetry} once per module and wraps each handler in one line:
 * {@link withObservability} (API Gateway REST), {@link withHttpApiObservability} (HTTP API, function
 * URL), {@link withSqsObservability}, {@link withSnsObservability} or {@link withEventBridgeObservability};
 * {@link correlationOf} and the `…Correlation` helpers carry the correlation id and trace to what it publishes.
 *
 * The alarm and dashboard generators are `periscope/alarms` and `periscope/dashboards`; the
 * Serverless Framework plugin is `periscope/plugin`; the Slack notifier function is
 * `periscope/slack-notifier`.
 * @packageDocumentation
 */

// The catalog: one typed description of the service.
export { defineService } from './catalog/define-service';
export { type CatalogIssue, CatalogValidationError } from './catalog/errors';
export {
  type AlarmStatistic,
  AlertTier,
  type AlertTierName,
  type AnomalyAlarmDefinition,
  type BusinessAlarmBase,
  type BusinessAlarmDefinition,
  DashboardView,
  type DashboardViewName,
  type DimensionNameOf,
  type DimensionValues,
  type FunctionDefinition,
  FunctionTrigger,
  type FunctionTriggerName,
  type MetricDefinition,
  type MetricName,
  type MetricOf,
  type MetricUnitValue,
  type MissingDataTreatment,
  type QueueExpectations,
  type ServiceDefinition,
  type SloDefinition,
  type ThresholdAlarmDefinition,
  type TierDefinition,
  type TierNotifications,
} from './catalog/types';
export { validateService } from './catalog/validate-service';
export { ConfigurationError, DEFAULT_DYNAMODB_REQUEST_TIMEOUT_MS, DynamoDbTimeoutSettingError, requireEnv } from './environment';
export type { BusinessMetrics, DimensionArgs } from './runtime/business-metrics';
// HTTP: requests, responses and the errors that become 4xx.
export { CORRELATION_ID_HEADER } from './runtime/correlation-id';
// AWS clients and settings.
export { createDocumentClient, dynamoDbClientConfig } from './runtime/dynamodb';
export type { ErrorMapping } from './runtime/error-response';
export { BadRequestError, type FieldProblem, HttpError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError } from './runtime/http-errors';
export { DEFAULT_MAX_BODY_BYTES, findHeader, type ReadJsonBodyOptions, readJsonBody } from './runtime/http-request';
export { type ErrorBody, jsonResponse } from './runtime/http-response';
export { IDEMPOTENCY_KEY_HEADER, type IdempotencyOptions, idempotentRoute } from './runtime/idempotency';
// Correlation across asynchronous hops: what a handler puts on the messages and events it publishes.
export { correlationOf, type InvocationCorrelation } from './runtime/invocation-correlation';
// What the logs hold, for queries and for anything a handler logs itself.
export { LogQueries } from './runtime/log-queries';
// Building blocks for a hand-made middy chain (a trigger the wrappers do not cover, a CodeDeploy hook).
export { flushMetrics } from './runtime/middleware/flush-metrics';
export { guardMiddleware } from './runtime/middleware/guard-middleware';
export { traceLambdaHandler } from './runtime/middleware/trace-handler';
export { maskSensitiveText } from './runtime/redact';
export { routeNotFound } from './runtime/route-not-found';
// Instrumenting handlers.
export { createTelemetry, type Telemetry, type TelemetryOptions } from './runtime/telemetry';
export { type TelemetryComponent, TelemetryFaultError } from './runtime/telemetry-fault';
export type { AnnotationValue, PeriscopeTracer } from './runtime/tracing/periscope-tracer';
export { type TracingMode, TracingOptionsError } from './runtime/tracing/tracing-mode';
export { TriggerEventError } from './runtime/triggers/errors';
export { withEventBridgeObservability } from './runtime/triggers/eventbridge';
export { type HttpApiHandler, withHttpApiObservability } from './runtime/triggers/http-api';
export { type ObservabilityOptions, ObservabilityOptionsError } from './runtime/triggers/observability-options';
export { eventBridgeEntryCorrelation, snsMessageCorrelation, sqsMessageCorrelation } from './runtime/triggers/producer-correlation';
export { withSnsObservability } from './runtime/triggers/sns';
export { type SqsObservabilityOptions, type SqsRecordHandler, withSqsObservability } from './runtime/triggers/sqs';
export { type ApiHandler, type ObservedApiHandler, withObservability } from './runtime/with-observability';
