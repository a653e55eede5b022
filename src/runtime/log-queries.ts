/**
 * CloudWatch Logs Insights queries over the fields `withObservability` writes (`correlation_id`,
 * `route`, `statusCode`, `durationMs`, `xray_trace_id`) and Powertools' `error` object. Shared by the
 * runbooks, the Slack notifier's links and the dashboards, so they all ask the same question.
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
} as const;
