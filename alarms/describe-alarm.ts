import type { AlertTierName } from '../src/catalog';
import { dashboardName } from './naming';
import type { AlarmKindName, CfnValue } from './types';

/** CloudWatch's limit on `AlarmDescription`. */
export const MAX_DESCRIPTION = 1024;

/** What an alarm's description is made of. */
export interface DescriptionInput {
  readonly meaning: string;
  readonly action: string;
  readonly tier: AlertTierName;
  readonly kind: AlarmKindName | 'composite';
  readonly logGroups: readonly string[];
}

/** Context shared by every description of one service. */
export interface DescriptionContext {
  /** `<service>-<stage>` */
  readonly prefix: string;
  /** The X-Ray service name (Powertools' service). */
  readonly service: string;
  readonly runbookBaseUrl: string | undefined;
}

/** `${` would start a substitution in `Fn::Sub`; `${!` is its literal form. */
const escapeSub = (text: string): string => text.replaceAll('${', '${!');

/** The runbook of an alarm kind, under the catalog's `runbookBaseUrl`. */
export const runbookUrl = (base: string, kind: AlarmKindName | 'composite'): string => `${base.replace(/\/+$/, '')}/${kind}.md`;

/**
 * An alarm description: what it means and what to do, then one `Key: value` line each for the tier,
 * the runbook, the operations dashboard, the log groups and the X-Ray service. The Slack notifier
 * reads those lines back to build its links. Region-specific, so it is an `Fn::Sub`.
 */
export function describeAlarm(input: DescriptionInput, context: DescriptionContext): CfnValue {
  const trailer = [
    `Tier: ${input.tier}`,
    ...(context.runbookBaseUrl === undefined ? [] : [`Runbook: ${runbookUrl(context.runbookBaseUrl, input.kind)}`]),
    `Dashboard: https://\${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=\${AWS::Region}#dashboards/dashboard/${dashboardName(context.prefix, 'operations')}`,
    `Traces: ${context.service}`,
  ];
  const prose = escapeSub(`${input.meaning} ${input.action}`.trim());
  // Log groups go last among the links and are cut first: the notifier can query fewer of them.
  const groups = [...input.logGroups];
  const build = (text: string) => [text, ...trailer, ...(groups.length > 0 ? [`Logs: ${groups.join(', ')}`] : [])].join('\n');
  while (groups.length > 1 && build(prose).length > MAX_DESCRIPTION) groups.pop();
  let text = build(prose);
  if (text.length > MAX_DESCRIPTION) text = build(`${prose.slice(0, prose.length - (text.length - MAX_DESCRIPTION) - 1)}…`);
  return { 'Fn::Sub': text };
}
