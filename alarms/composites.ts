import type { AlertTierName } from '../src/catalog';
import { actionsProperties } from '../src/cloudwatch';
import { type DescriptionContext, describeAlarm } from './describe-alarm';
import { AlarmGenerationError } from './errors';
import type { Naming } from './naming';
import { anyInAlarm, MAX_ALARM_RULE } from './render-alarm';
import type { CfnResource, CfnValue, PairSpec } from './types';

/** How long the tier composites wait for the deploy marker, and how long after a deploy they stay quiet. */
export const SUPPRESSION = { waitSeconds: 120, extensionSeconds: 300 } as const;

/** An alarm a composite names, with the logical id it must be created after. */
export interface Member {
  readonly name: string;
  readonly logicalId: string;
}

/** `ALARM(long) AND ALARM(short)`: a burn-rate pair. No actions; the tier composite carries them. */
export function renderPair(pair: PairSpec, names: Naming, context: DescriptionContext, windows: readonly [Member, Member]): CfnResource {
  return {
    Type: 'AWS::CloudWatch::CompositeAlarm',
    DependsOn: windows.map((w) => w.logicalId),
    Properties: {
      AlarmName: names.alarm(pair.signal, pair.tier),
      AlarmDescription: describeAlarm({ meaning: pair.meaning, action: pair.action, tier: pair.tier, kind: 'slo-burn-rate', logGroups: pair.windows[0].logGroups }, context),
      AlarmRule: `${anyInAlarm([windows[0].name])} AND ${anyInAlarm([windows[1].name])}`,
      ActionsEnabled: false,
    },
  };
}

/** What a tier composite is made of. */
export interface TierCompositeInput {
  readonly tier: Exclude<AlertTierName, 'info'>;
  readonly description: string;
  readonly members: readonly Member[];
  readonly topic: CfnValue;
  readonly suppressor: Member;
  readonly logGroups: readonly string[];
}

/**
 * `<service>-<stage>-<tier>`: in ALARM when any alarm of the tier is. Only these carry actions, so an
 * incident that trips five alarms sends one notification, its recovery one more, and a deploy in
 * progress holds them back. A composite already in ALARM does not notify again when another member
 * fires: the notifier announces those members itself, from their EventBridge state changes (see
 * `alarmStateEventResources` and docs/alerting.md).
 */
export function renderTierComposite(input: TierCompositeInput, names: Naming, context: DescriptionContext): CfnResource {
  if (input.members.length === 0) throw new AlarmGenerationError(`the ${input.tier} tier has no alarms to roll up`);
  const rule = anyInAlarm(input.members.map((m) => m.name));
  if (rule.length > MAX_ALARM_RULE) {
    throw new AlarmGenerationError(
      `the ${input.tier} composite's rule is ${rule.length} characters, over CloudWatch's ${MAX_ALARM_RULE}: ${input.members.length} alarms are too many for one composite`,
    );
  }
  return {
    Type: 'AWS::CloudWatch::CompositeAlarm',
    DependsOn: [...input.members, input.suppressor].map((m) => m.logicalId),
    Properties: {
      AlarmName: names.tier(input.tier),
      AlarmDescription: describeAlarm(
        {
          meaning: `${input.description} In ALARM while any of its ${input.members.length} alarms is; the notification names the one that triggered it.`,
          action: '',
          tier: input.tier,
          kind: 'composite',
          logGroups: input.logGroups,
        },
        context,
      ),
      AlarmRule: rule,
      ActionsEnabled: true,
      ...actionsProperties({ ALARM: [input.topic], OK: [input.topic] }),
      ActionsSuppressor: input.suppressor.name,
      ActionsSuppressorWaitPeriod: SUPPRESSION.waitSeconds,
      ActionsSuppressorExtensionPeriod: SUPPRESSION.extensionSeconds,
    },
  };
}
