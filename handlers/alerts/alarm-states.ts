import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClientSource } from './cloudwatch-client';
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
 * most 100 names a call, which a service's deployment groups' alarms never reach), through the
 * client `client` gives at the first read. "Since" is `StateTransitionedTimestamp`: when the state
 * last changed, not when its reason was last rewritten.
 */
export function cloudWatchAlarmStates(client: CloudWatchClientSource): AlarmStateReader {
  return async (names) => {
    const answer = await client().send(new DescribeAlarmsCommand({ AlarmNames: [...names], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] }));
    const alarms: readonly DescribedAlarm[] = [...(answer.CompositeAlarms ?? []), ...(answer.MetricAlarms ?? [])];
    return new Map(alarms.map(viewOf).filter((entry): entry is [string, AlarmStateView] => entry.length === 2));
  };
}
