/** What a saved query or a link puts where a request's correlation id goes, for the user to replace. */
const CORRELATION_ID_PLACEHOLDER = '<x-correlation-id>';

/**
 * CloudWatch Logs Insights queries over the fields `withObservability` writes (`correlation_id`,
 * `route`, `statusCode`, `durationMs`, `xray_trace_id`), Powertools' `error` object and Lambda's
 * own `REPORT` lines. Shared by the runbooks, the Slack notifier's links, the dashboards and the
 * saved queries the plugin deploys, so they all ask the same question.
 */
export const LogQueries = {
  /** The failing requests, newest first, with what it takes to follow one: correlation id and trace id. */
  errors: [
    'fields @timestamp, level, correlation_id, route, statusCode, errorName, errorMessage, error.name, error.message, xray_trace_id, @logStream',
    '| filter level = "ERROR" or level = "CRITICAL" or statusCode >= 500 or @message like /Task timed out|Runtime\\.\\w+|Invoke Error/',
    '| sort @timestamp desc',
    '| limit 100',
  ].join('\n'),
  /** The slowest completed requests. */
  slowest: ['fields @timestamp, correlation_id, route, durationMs, xray_trace_id', '| filter message = "request completed"', '| sort durationMs desc', '| limit 20'].join('\n'),
  /** Cold starts, longest first: Lambda's `REPORT` lines that carry an init duration, with the invocation's duration and memory. */
  coldStarts: [
    'fields @timestamp, @logStream, @initDuration, @duration, @maxMemoryUsed / 1000000 as maxMemoryMB',
    '| filter @type = "REPORT" and ispresent(@initDuration)',
    '| sort @initDuration desc',
    '| limit 50',
  ].join('\n'),
  /**
   * Everything one request wrote, in order, across the service's functions: its log lines by
   * correlation id (`x-correlation-id`), and the SQS consumers' `batch completed` lines that list it
   * in `correlation_ids` (Logs Insights flattens an array into `correlation_ids.0`, `.1`, …, so the
   * line is matched on the quoted id in its text). Without an id, the query holds a placeholder to replace.
   * @example
   * ```ts
   * LogQueries.request('4d9f4c2a-7b1e-4c3d-8e2f-1a2b3c4d5e6f');
   * ```
   */
  request: (correlationId: string = CORRELATION_ID_PLACEHOLDER): string =>
    [
      'fields @timestamp, level, message, route, statusCode, outcome, durationMs, error.name, error.message, xray_trace_id, @logStream',
      `| filter correlation_id = ${JSON.stringify(correlationId)} or @message like ${JSON.stringify(JSON.stringify(correlationId))}`,
      '| sort @timestamp asc',
      '| limit 500',
    ].join('\n'),
} as const;
