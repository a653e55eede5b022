import type { TextNotification } from './alarm-message';
import { type DeploymentEvent, isRollbackStart } from './deployment-event';
import type { AlarmStateView } from './hidden-alarms';

/** Whether a deployment event is worth a Slack message, and the message. */
export type RollbackVerdict = { readonly post: false; readonly why: string } | { readonly post: true; readonly notification: TextNotification };

/** `arn:aws:cloudformation:us-east-1:123456789012:stack/<name>/<id>` → its region and name. */
function stackOf(stackId: string): { region: string | undefined; name: string } {
  const [, , , region, , resource] = stackId.split(':');
  return { region: region === '' ? undefined : region, name: resource?.split('/')[1] ?? stackId };
}

const consoleLink = (region: string | undefined, stackId: string): string =>
  region === undefined ? stackId : `https://${region}.console.aws.amazon.com/cloudformation/home?region=${region}#/stacks/events?stackId=${encodeURIComponent(stackId)}`;

/**
 * The one message a rolled-back deploy gets, when its stack starts rolling back
 * (`UPDATE_ROLLBACK_IN_PROGRESS`), posted to the warning tier's channel: a person looks today, and
 * nobody is paged, since the previous version serves customers. It names the deployment groups'
 * alarms in ALARM — the gate alarm of the version that failed, with CloudWatch's reason, or the
 * critical composite — or, when none is, says the deploy failed on its own (a pre-traffic smoke test,
 * a resource CloudFormation could not update), with CloudFormation's reason either way. Every other
 * event gets no message: each CodeDeploy deployment of the stack stops with it, and one message
 * per deploy is enough.
 *
 * @param states - the current states of every group's alarms (`DescribeAlarms`)
 */
export function rollbackVerdict(event: DeploymentEvent, states: ReadonlyMap<string, AlarmStateView>): RollbackVerdict {
  const { change } = event;
  if (change.source !== 'cloudformation' || !isRollbackStart(change)) return { post: false, why: 'not a stack rolling back' };
  const functionOf = new Map(Object.values(event.groups).flatMap((group) => group.alarms.map((alarm) => [alarm, group.function] as const)));
  const firing = [...functionOf.keys()].flatMap((name) => {
    const view = states.get(name);
    return view?.state === 'ALARM' ? [`• ${name} is in ALARM${view.reason === undefined ? '' : `: ${view.reason}`}`] : [];
  });
  const stack = stackOf(change.stackId);
  const why =
    firing.length > 0
      ? firing
      : [`• none of its ${functionOf.size > 0 ? 'gate alarms' : 'alarms'} is in ALARM: the deploy failed on its own (a pre-traffic smoke test, or a resource CloudFormation could not update)`];
  return {
    post: true,
    notification: {
      kind: 'text',
      tier: 'warning',
      subject: `Deployment rolled back: ${stack.name}`,
      message: [
        `CloudFormation is rolling the stack back: traffic returns to the previous version${functionOf.size > 0 ? ' (CodeDeploy moves each alias back)' : ''}. Nobody was paged.`,
        'Why:',
        ...why,
        ...(change.reason === undefined || change.reason.trim() === '' ? [] : [`CloudFormation: ${change.reason.trim()}`]),
        `Stack events: ${consoleLink(stack.region, change.stackId)}`,
      ].join('\n'),
      timestamp: new Date(event.at).toISOString(),
    },
  };
}
