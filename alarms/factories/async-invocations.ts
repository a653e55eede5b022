import { metricStat } from '../../src/cloudwatch';
import { evaluationOf, type ResolvedThresholds, windowText } from '../thresholds';
import { AsyncInvocationMetric, asyncEventAgeMs } from '../trigger-metrics';
import { AlarmKind, type DeployedFunction, type MetricAlarmSpec } from '../types';

/**
 * A function Lambda invokes asynchronously (from SNS, an EventBridge rule or a schedule): how long
 * events wait in Lambda's queue before it gets them (`AsyncEventAge`, Maximum: warning, it is
 * throttled or backed up), and the events Lambda gives up on (`AsyncEventsDropped`, Sum). Dropped
 * events page when the function keeps none of them (no on-failure destination or dead letter queue):
 * the work is lost, and the sooner someone rebuilds it from the logs the better. With a place that
 * keeps them, the events wait there and it warns. Both metrics exist only while events arrive:
 * missing data is health.
 *
 * @param signal - the start of the signals (`nightly-export`: `nightly-export-async-event-age`)
 */
export function createAsyncInvocationAlarms(fn: DeployedFunction, signal: string, thresholds: ResolvedThresholds): MetricAlarmSpec[] {
  const age = thresholds[AlarmKind.LambdaAsyncEventAge];
  const dropped = thresholds[AlarmKind.LambdaAsyncEventsDropped];
  const logGroups = [`/aws/lambda/${fn.functionName}`];
  const eventAge = AsyncInvocationMetric.eventAge(fn.functionName);
  const eventsDropped = AsyncInvocationMetric.eventsDropped(fn.functionName);
  const kept = fn.keepsFailedEvents === true;
  return [
    {
      kind: AlarmKind.LambdaAsyncEventAge,
      signal: `${signal}-async-event-age`,
      tier: 'warning',
      meaning: `Events waited more than ${age.threshold} s in Lambda's queue before ${fn.name} got them, ${windowText(age)}: it is throttled or backed up (retries after its errors take 3 minutes at most).`,
      action: `Check ${fn.name}'s throttles, concurrency and errors; events older than its maximum event age are dropped.`,
      metrics: [metricStat('age', eventAge.metric, eventAge.statistic, age.periodSeconds, true)],
      comparison: 'GreaterThanThreshold',
      ...evaluationOf(age),
      threshold: asyncEventAgeMs(age.threshold),
      treatMissingData: 'notBreaching',
      logGroups,
    },
    {
      kind: AlarmKind.LambdaAsyncEventsDropped,
      signal: `${signal}-async-events-dropped`,
      tier: kept ? 'warning' : 'critical',
      meaning: `Lambda gave up on events for ${fn.name} (${dropped.threshold} or more a minute, ${windowText(dropped)}): out of retries, too old, or no concurrency. ${
        kept ? 'Its on-failure destination or dead letter queue keeps them.' : 'It keeps no failed events: they are lost.'
      }`,
      action: kept
        ? `Read the kept events, fix what failed them, then replay them to ${fn.name}.`
        : `Find the failed events in ${fn.name}'s logs and redo their work; give it an on-failure destination so the next ones are kept.`,
      metrics: [metricStat('dropped', eventsDropped.metric, eventsDropped.statistic, dropped.periodSeconds, true)],
      comparison: 'GreaterThanOrEqualToThreshold',
      ...evaluationOf(dropped),
      treatMissingData: 'notBreaching',
      logGroups,
    },
  ];
}
