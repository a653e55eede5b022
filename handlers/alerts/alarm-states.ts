import { CloudWatchClient, type CloudWatchClientConfig, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { PeriscopeTracer } from 'periscope';
import type { AlarmStateReader, AlarmStateView } from './hidden-alarms';

/** What `DescribeAlarms` returns of one alarm that the notifier reads. */
interface DescribedAlarm {
  readonly AlarmName?: string;
  readonly StateValue?: string;
  readonly StateTransitionedTimestamp?: Date;
  readonly StateUpdatedTimestamp?: Date;
  readonly AlarmRule?: string;
  readonly StateReason?: string;
}

const viewOf = (alarm: DescribedAlarm): [string, AlarmStateView] | [] => {
  const since = alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp;
  if (alarm.AlarmName === undefined || alarm.StateValue === undefined || since === undefined) return [];
  return [
    alarm.AlarmName,
    { state: alarm.StateValue, since: since.getTime(), ...(alarm.AlarmRule === undefined ? {} : { rule: alarm.AlarmRule }), ...(alarm.StateReason === undefined ? {} : { reason: alarm.StateReason }) },
  ];
};

/**
 * Reads alarm states with CloudWatch's `DescribeAlarms` (metric and composite alarms, by name; at
 * most 100 names a call, which three never reach). The client is built at the first read, not at
 * import, and is traced when a tracer is given. "Since" is `StateTransitionedTimestamp`: when the
 * state last changed, not when its reason was last rewritten.
 */
export function cloudWatchAlarmStates(tracer?: Pick<PeriscopeTracer, 'captureAWSv3Client'>, clientConfig: CloudWatchClientConfig = {}): AlarmStateReader {
  let client: CloudWatchClient | undefined;
  return async (names) => {
    if (client === undefined) {
      const built = new CloudWatchClient(clientConfig);
      client = tracer ? tracer.captureAWSv3Client(built) : built;
    }
    const answer = await client.send(new DescribeAlarmsCommand({ AlarmNames: [...names], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] }));
    const alarms: readonly DescribedAlarm[] = [...(answer.CompositeAlarms ?? []), ...(answer.MetricAlarms ?? [])];
    return new Map(alarms.map(viewOf).filter((entry): entry is [string, AlarmStateView] => entry.length === 2));
  };
}
