import type { Context, SNSEvent } from 'aws-lambda';
import { createTelemetry, withSnsObservability } from 'periscope';
import { alertsCatalog } from '../../src/catalog/alerts-catalog';
import { isAlarmStateDelivery } from './alarm-state-event';
import { cloudWatchAlarmStates } from './alarm-states';
import { lazyCloudWatchClient } from './cloudwatch-client';
import { cloudWatchDeployMarkers } from './deploy-markers';
import { isDeploymentDelivery } from './deployment-event';
import { SlackNotifier } from './notify-slack';
import { originTracedFetch } from './traced-fetch';
import { createWebhookUrlSource, ssmParameterFetcher } from './webhook-url';

// Built once per execution environment; no I/O until the first alert (the SSM client is built then).
// Traced like any function (the handler, the SSM call), but with automatic HTTP capture off: it records
// the URL's path, and a Slack webhook's path is its secret. Each post to Slack is traced with its origin only.
const telemetry = createTelemetry(alertsCatalog, { captureHttpRequests: false });
const cloudWatch = lazyCloudWatchClient(telemetry.tracer);
const notifier = new SlackNotifier({
  telemetry,
  fetch: originTracedFetch(telemetry.tracer),
  webhookUrl: createWebhookUrlSource({ fetchParameter: ssmParameterFetcher(telemetry.tracer) }),
  region: process.env.AWS_REGION,
  alarmStates: cloudWatchAlarmStates(cloudWatch),
  deployMarkers: cloudWatchDeployMarkers(cloudWatch),
});

const notifySlack = async (event: SNSEvent, context: Context): Promise<void> => {
  if (isDeploymentDelivery(event)) await notifier.handleDeployment(event, context);
  else if (isAlarmStateDelivery(event)) await notifier.announceHidden(event, context);
  else await notifier.notify(event, context);
};

/**
 * SNS → Block Kit → Slack incoming webhook, for the tier topics' alarms; from the alarm state change
 * rule (EventBridge), the member alarms a tier composite already in ALARM would hide; and from the
 * deployment rules, deploy markers for the tiers' suppressor and one message per rolled-back deployment. Throws
 * when any alert was not delivered, so Lambda's asynchronous retries and its on-failure destination keep it.
 * Instrumented like any SNS subscriber (`withSnsObservability`): the message id as correlation id,
 * `Trigger=sns` on the handler subsegment (an EventBridge delivery: the event's id, `Trigger=eventbridge`
 * with its detail type and source), metrics flushed inside the traced, logged invocation.
 */
export const handler = withSnsObservability(notifySlack, { telemetry });
