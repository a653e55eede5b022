/**
 * Periscope's runtime: what a Lambda service imports (and what the layer ships).
 * @packageDocumentation
 */
export * from './catalog';
export { BusinessMetrics, type BusinessMetricsOptions, COLD_START_METRIC, type DimensionArgs } from './runtime/business-metrics';
export { CORRELATION_ID_HEADER, resolveCorrelationId } from './runtime/correlation-id';
export {
  createDocumentClient,
  DEFAULT_DYNAMODB_REQUEST_TIMEOUT_MS,
  DYNAMODB_CONNECTION_TIMEOUT_MS,
  dynamoDbClientConfig,
  DynamoDbTimeoutSettingError,
  LOCAL_DYNAMODB_ENDPOINT,
} from './runtime/dynamodb';
export { type ErrorMapping, type MappedError, toErrorResponse } from './runtime/error-response';
export { classifyDependencyFailure, type DependencyFailure, type DependencyFailureKind, isThrottlingError, RETRY_AFTER_SECONDS, THROTTLING_ERROR_NAMES } from './runtime/aws-errors';
export * from './runtime/http-errors';
export { DEFAULT_MAX_BODY_BYTES, findHeader, readJsonBody, type ReadJsonBodyOptions } from './runtime/http-request';
export { type ErrorBody, jsonResponse } from './runtime/http-response';
export { maskSensitiveText, redactEvent } from './runtime/redact';
export { createTelemetry, type Telemetry, type TelemetryOptions } from './runtime/telemetry';
export { guarded, TelemetryFaultError, type TelemetryComponent, type TelemetryFaultReporter } from './runtime/telemetry-fault';
export { guardMiddleware } from './runtime/middleware/guard-middleware';
export { traceLambdaHandler } from './runtime/middleware/trace-handler';
export { flushMetrics } from './runtime/middleware/flush-metrics';
export * from './runtime/tracing';
export { IDEMPOTENCY_KEY_HEADER, idempotentRoute, type IdempotencyOptions } from './runtime/idempotency';
export { LogQueries } from './runtime/log-queries';
export { PeriscopeLogFormatter } from './runtime/logging/log-formatter';
export { MAX_LOG_LINE_BYTES, PeriscopeLogger } from './runtime/logging/periscope-logger';
export { type BoundedJson, boundedJson, type BoundedJsonLimits, readableCopy, TRUNCATED_KEY } from './runtime/logging/bounded-json';
export { emfDocuments, MAX_METRICS_PER_DOCUMENT, MAX_VALUES_PER_METRIC, type MetricPoint } from './runtime/emf-documents';
export {
  type ApiHandler,
  type ObservabilityOptions,
  ObservabilityOptionsError,
  type ObservedApiHandler,
  withObservability,
} from './runtime/with-observability';
export { ConfigurationError, requireEnv } from './runtime/config';
export { routeNotFound } from './runtime/route-not-found';
