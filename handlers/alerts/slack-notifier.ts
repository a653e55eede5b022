import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import { createTelemetry, guardMiddleware } from 'periscope';
import { alertsCatalog } from './alerts-catalog';
import { flushNotifierMetrics } from './notifier-middleware';
import { SlackNotifier } from './notify-slack';
import { createWebhookUrlSource, ssmParameterFetcher } from './webhook-url';

// Built once per execution environment; no I/O until the first alert (the SSM client is built then).
// Fetches are not traced: Powertools records a request's URL path, and a webhook's path is its secret.
const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? alertsCatalog.service, captureHTTPsRequests: false });
const telemetry = createTelemetry(alertsCatalog, { tracer });
const notifier = new SlackNotifier({
  telemetry,
  webhookUrl: createWebhookUrlSource({ fetchParameter: ssmParameterFetcher(telemetry.tracer) }),
  region: process.env.AWS_REGION,
});

const notifySlack = async (event: SNSEvent, context: Context): Promise<void> => {
  await notifier.notify(event, context);
};

/**
 * SNS → Block Kit → Slack incoming webhook, for the tier topics' alarms. Throws when any alert was
 * not delivered, so Lambda's asynchronous retries and its on-failure destination keep it.
 * Middleware order: `before` runs top to bottom, `after`/`onError` bottom to top, so metrics are
 * flushed inside the traced, logged invocation.
 */
export const handler = middy<SNSEvent, void, Error, Context>(notifySlack)
  .use(guardMiddleware<SNSEvent, void>('tracer', telemetry.reportFault, captureLambdaHandler(telemetry.tracer, { captureResponse: false })))
  .use(guardMiddleware<SNSEvent, void>('logger', telemetry.reportFault, injectLambdaContext(telemetry.logger, { resetKeys: true })))
  .use(flushNotifierMetrics(telemetry));
