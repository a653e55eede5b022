import { apiMetric, lambdaMetric } from '../../../../src/cloudwatch';
import type { Datapoint } from './types';

/** How the deployed service names what the AWS metrics are dimensioned by. */
export interface ServiceNames {
  /** The REST API's `ApiName` and `Stage` dimensions: serverless names the API `<stage>-<service>`. */
  readonly api: { readonly name: string; readonly stage: string };
  /** The deployed function name (the `FunctionName` dimension) of a serverless.yml function key. */
  readonly functionName: (key: string) => string;
}

/** The fields of the handlers' closing `request completed` log line that the metrics come from. */
interface CompletedRequest {
  readonly function_name: string;
  readonly statusCode: number;
  readonly durationMs: number;
  readonly timestamp: string;
}

/** serverless-offline's report of a handler that threw instead of returning (Lambda counts it in `Errors`). */
const HANDLER_FAILURE = /Unhandled exception in handler '([^']+)'/;

const isCompletedRequest = (value: unknown): value is CompletedRequest => {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    line['message'] === 'request completed' &&
    typeof line['function_name'] === 'string' &&
    typeof line['statusCode'] === 'number' &&
    typeof line['durationMs'] === 'number' &&
    typeof line['timestamp'] === 'string' &&
    Number.isFinite(Date.parse(line['timestamp']))
  );
};

/** The closing line of an invocation that is not an API request: a queue consumer's batch, an SNS or EventBridge event. */
interface CompletedInvocation {
  readonly message: 'batch completed' | 'invocation completed';
  readonly function_name: string;
  readonly durationMs: number;
  readonly timestamp: string;
  readonly outcome?: string;
}

const isCompletedInvocation = (value: unknown): value is CompletedInvocation => {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    (line['message'] === 'batch completed' || line['message'] === 'invocation completed') &&
    typeof line['function_name'] === 'string' &&
    typeof line['durationMs'] === 'number' &&
    typeof line['timestamp'] === 'string' &&
    Number.isFinite(Date.parse(line['timestamp']))
  );
};

const parseJson = (line: string): unknown => {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
};

/**
 * The `AWS/ApiGateway` and `AWS/Lambda` datapoints AWS would publish for what one log line reports;
 * `[]` for any other line.
 *
 * - A handler's `request completed` line (`function_name`, `statusCode`, `durationMs`, `timestamp`)
 *   is one API request and one invocation: API `Count` 1, `4XXError` and `5XXError` 0 or 1, `Latency`
 *   the handler's duration; Lambda `Invocations` 1, `Errors` 0 (the handler answered, whatever the
 *   status: Lambda counts only invocations that fail), `Duration` the handler's duration. Locally
 *   API Latency is the handler's time: there is no API Gateway overhead to add.
 * - serverless-offline's `Unhandled exception in handler '<key>'` is a failed invocation, timed `now`:
 *   Lambda `Invocations` 1 and `Errors` 1, and the client's 502: API `Count` 1 and `5XXError` 1.
 *
 * - A `batch completed` line (a queue consumer's invocation) or `invocation completed` line (an SNS or
 *   EventBridge handler's) is one invocation: Lambda `Invocations` 1, `Duration`, and `Errors` 1 only
 *   for an event handler that failed (a batch with failed records is answered, not failed: its
 *   failures are the `BatchItemFailures` EMF).
 *
 * serverless-offline's `(λ: key) RequestId … Duration` line is not used, so each invocation counts once.
 *
 * @example
 * ```ts
 * requestMetricsOf(line, { api: { name: 'dev-periscope-orders', stage: 'dev' }, functionName: (key) => `periscope-orders-dev-${key}` }, Date.now());
 * ```
 */
export function requestMetricsOf(line: string, names: ServiceNames, now: number): Datapoint[] {
  const json = parseJson(line);
  if (isCompletedRequest(json)) {
    const timestamp = Date.parse(json.timestamp);
    const status = json.statusCode;
    return [
      ...apiDatapoints(names, timestamp, { count: 1, clientError: status >= 400 && status < 500 ? 1 : 0, serverError: status >= 500 ? 1 : 0, latencyMs: json.durationMs }),
      ...lambdaDatapoints(json.function_name, timestamp, { errors: 0, durationMs: json.durationMs }),
    ];
  }
  if (isCompletedInvocation(json)) {
    const failed = json.message === 'invocation completed' && json.outcome === 'failure';
    return lambdaDatapoints(json.function_name, Date.parse(json.timestamp), { errors: failed ? 1 : 0, durationMs: json.durationMs });
  }
  const failure = HANDLER_FAILURE.exec(line);
  return failure?.[1] === undefined ? [] : failedInvocationMetrics(names, failure[1], now);
}

/**
 * The datapoints of an invocation Lambda counts as failed — the handler threw, the runtime crashed or
 * the function timed out — behind an API Gateway proxy route: Lambda `Invocations` 1, `Errors` 1 and,
 * when known, `Duration` (a timeout's is the function's timeout); the client's 502: API `Count` 1,
 * `5XXError` 1 and `Latency`.
 *
 * @param functionKey the serverless.yml function key
 * @example
 * ```ts
 * failedInvocationMetrics(names, 'getOrder', at, 10_000); // a getOrder timeout at 10 s
 * ```
 */
export function failedInvocationMetrics(names: ServiceNames, functionKey: string, timestamp: number, durationMs?: number): Datapoint[] {
  return [
    ...apiDatapoints(names, timestamp, { count: 1, clientError: 0, serverError: 1, latencyMs: durationMs }),
    ...lambdaDatapoints(names.functionName(functionKey), timestamp, { errors: 1, durationMs }),
  ];
}

/**
 * The datapoints of an invocation Lambda refused for lack of concurrency, behind an API Gateway proxy
 * route: Lambda `Throttles` 1 (a throttled invocation is not an invocation: no `Invocations`,
 * `Errors` or `Duration`); the client's error: API `Count` 1 and `5XXError` 1.
 *
 * @param functionKey the serverless.yml function key
 * @example
 * ```ts
 * throttledInvocationMetrics(names, 'getOrder', at);
 * ```
 */
export function throttledInvocationMetrics(names: ServiceNames, functionKey: string, timestamp: number): Datapoint[] {
  return [...apiDatapoints(names, timestamp, { count: 1, clientError: 0, serverError: 1 }), { ...lambdaMetric(names.functionName(functionKey), 'Throttles'), timestamp, value: 1, unit: 'Count' }];
}

function apiDatapoints(names: ServiceNames, timestamp: number, request: { count: number; clientError: number; serverError: number; latencyMs?: number }): Datapoint[] {
  const point = (metricName: string, value: number, unit: string): Datapoint => ({ ...apiMetric(names.api, metricName), timestamp, value, unit });
  return [
    point('Count', request.count, 'Count'),
    point('4XXError', request.clientError, 'Count'),
    point('5XXError', request.serverError, 'Count'),
    ...(request.latencyMs === undefined ? [] : [point('Latency', request.latencyMs, 'Milliseconds')]),
  ];
}

function lambdaDatapoints(functionName: string, timestamp: number, invocation: { errors: number; durationMs?: number }): Datapoint[] {
  const point = (metricName: string, value: number, unit: string): Datapoint => ({ ...lambdaMetric(functionName, metricName), timestamp, value, unit });
  return [point('Invocations', 1, 'Count'), point('Errors', invocation.errors, 'Count'), ...(invocation.durationMs === undefined ? [] : [point('Duration', invocation.durationMs, 'Milliseconds')])];
}
