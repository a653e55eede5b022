/**
 * Runs before every test file (jest `setupFiles`): each file starts outside any Lambda invocation's
 * trace. Files share their worker's `process.env`, and one that ran a handler can leave its
 * `_X_AMZN_TRACE_ID` behind — which the AWS SDK then sends as `X-Amzn-Trace-Id` on every request,
 * and SQS keeps as the message's `AWSTraceHeader`.
 */
delete process.env._X_AMZN_TRACE_ID;
