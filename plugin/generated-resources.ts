import { estimateMonthlyCost } from '../alarms/cost';
import type { GeneratedDeployments } from '../alarms/deployments/generate-deployments';
import type { CfnResource, GeneratedAlarms } from '../alarms/types';

/** Thrown when the template already holds a resource under a logical id Periscope generates; names them. */
export class ResourceClashError extends Error {
  /** The logical ids both the template and Periscope define. */
  public readonly logicalIds: readonly string[];

  public constructor(logicalIds: readonly string[], options?: ErrorOptions) {
    super(`the template already has resources named ${logicalIds.join(', ')}`, options);
    this.name = 'ResourceClashError';
    this.logicalIds = logicalIds;
  }
}

/** A compiled template, as far as the merge writes it. */
export interface MergeableTemplate {
  Resources: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
}

/**
 * Adds the generated alarms, routing, dashboards and saved queries to a compiled template, and the topic ARNs to
 * its outputs. Nothing is added when any logical id is taken: a service's own resource is never
 * overwritten.
 *
 * @throws {@link ResourceClashError} naming every logical id the template already uses
 */
export function mergeIntoTemplate(template: MergeableTemplate, alarms: GeneratedAlarms, dashboards: Readonly<Record<string, CfnResource>>): void {
  const added = { ...alarms.resources, ...dashboards };
  const clash = Object.keys(added).filter((id) => id in template.Resources);
  if (clash.length > 0) throw new ResourceClashError(clash);
  Object.assign(template.Resources, added);
  template.Outputs = { ...template.Outputs, ...alarms.outputs };
}

/** What the plugin says after adding its resources: `notice` lines always, `info` lines with `--verbose`. */
export interface GenerationReport {
  readonly notice: readonly string[];
  readonly info: readonly string[];
}

/** What {@link reportGeneration} says about. */
export interface ReportInput {
  readonly alarms: GeneratedAlarms;
  /** The dashboards and saved queries. */
  readonly dashboards: Readonly<Record<string, CfnResource>>;
  /** Function keys the catalog describes (and the notifier's, if any): the others are not alarmed. */
  readonly catalogued: readonly string[];
  /** Every function key of serverless.yml. */
  readonly functions: readonly string[];
  readonly hasNotifier: boolean;
  /** The traffic shifting added, if any: its gate alarms are billed too. */
  readonly deployments?: GeneratedDeployments;
}

const usd = (amount: number): string => `$${amount.toFixed(2)}`;

/** The names (`property`) of the resources of one `type`, comma separated. */
const namesOf = (resources: Readonly<Record<string, CfnResource>>, type: string, property: string): string =>
  Object.values(resources)
    .filter((resource) => resource.Type === type)
    .map((resource) => resource.Properties[property])
    .join(', ');

/** Who the stage pages: its topics' email and https (pager) subscriptions, as the catalog's stage policy gave them. */
function pagingNotice(resources: Readonly<Record<string, CfnResource>>, hasNotifier: boolean): string {
  const pages = new Map<string, Record<'email' | 'https', number>>();
  for (const { Type, Properties } of Object.values(resources)) {
    const protocol = Properties.Protocol;
    if (Type !== 'AWS::SNS::Subscription' || (protocol !== 'email' && protocol !== 'https')) continue;
    const topic = String(resources[(Properties.TopicArn as { Ref: string }).Ref]?.Properties.TopicName);
    const counts = pages.get(topic) ?? { email: 0, https: 0 };
    counts[protocol] += 1;
    pages.set(topic, counts);
  }
  if (pages.size === 0) return `Periscope: pages no one at this stage: alerts go to ${hasNotifier ? 'Slack' : 'their SNS topics'} only (the catalog's \`stages\` say which stages page)`;
  const listed = [...pages].map(([topic, { email, https }]) => `${topic} (${[email > 0 ? `${email} email` : '', https > 0 ? `${https} https` : ''].filter(Boolean).join(', ')})`);
  return `Periscope: pages through ${listed.join(', ')}`;
}

/** How each shifted function's new versions reach traffic, and what rolls them back. */
function deploymentsNotice(deployments: GeneratedDeployments | undefined): string[] {
  if (deployments === undefined || deployments.groups.length === 0) return ['Periscope: every function deploys all at once at this stage (the catalog’s `deployment` sets canary or linear)'];
  const byStrategy = new Map<string, string[]>();
  for (const group of deployments.groups) byStrategy.set(group.strategy, [...(byStrategy.get(group.strategy) ?? []), group.function]);
  const smokeTested = deployments.groups.filter((g) => g.smokeTest).map((g) => g.function);
  return [
    `Periscope: traffic shifting through alias ${deployments.groups[0]?.alias}: ${[...byStrategy].map(([strategy, fns]) => `${fns.join(', ')} ${strategy}`).join('; ')}; ` +
      `${deployments.alarms.length} gate alarms roll back a bad version${smokeTested.length > 0 ? `; smoke-tested first: ${smokeTested.join(', ')}` : ''}`,
  ];
}

/**
 * What was added and what it costs a month: the alarms by tier, the ones that notify, who the stage
 * pages, the functions left unalarmed because the catalog does not name them, the dashboards, and the monthly
 * price at us-east-1 list prices (see `estimateMonthlyCost`).
 */
export function reportGeneration(input: ReportInput): GenerationReport {
  const { alarms } = input.alarms;
  const count = (tier: string): number => alarms.filter((alarm) => alarm.tier === tier).length;
  const gates = input.deployments?.alarms ?? [];
  const cost = estimateMonthlyCost([...alarms, ...gates]);
  const catalogued = new Set(input.catalogued);
  const unwatched = input.functions.filter((key) => !catalogued.has(key));
  const routing = Object.keys(input.alarms.resources).length - alarms.length;
  const savedQueries = namesOf(input.dashboards, 'AWS::Logs::QueryDefinition', 'Name');
  return {
    notice: [
      `Periscope: added ${alarms.length} alarms (${count('critical')} critical, ${count('warning')} warning, ${count('info')} info; ${cost.compositeAlarms.count} composite) ` +
        `and ${routing} routing resources (KMS key, SNS topics and subscriptions${input.hasNotifier ? ', Slack notifier wiring' : ''})`,
      ...alarms.filter((alarm) => alarm.hasActions).map((alarm) => `  notifies: ${alarm.name}`),
      pagingNotice(input.alarms.resources, input.hasNotifier),
      ...(unwatched.length > 0 ? [`Periscope: not in the catalog, so not alarmed: ${unwatched.join(', ')}`] : []),
      ...deploymentsNotice(input.deployments),
      `Periscope: alarms${gates.length > 0 ? ` (${gates.length} gate alarms included)` : ''} cost about ${usd(cost.totalUsd)}/month at us-east-1 list prices: ` +
        `${cost.metricAlarms.count} metric alarms reading ${cost.metricAlarms.billedMetrics} metrics ${usd(cost.metricAlarms.usd)}, ` +
        `${cost.compositeAlarms.count} composites ${usd(cost.compositeAlarms.usd)}, KMS key ${usd(cost.kmsKeys.usd)}`,
      `Periscope: added dashboards ${namesOf(input.dashboards, 'AWS::CloudWatch::Dashboard', 'DashboardName')}`,
      ...(savedQueries === '' ? [] : [`Periscope: added saved Logs Insights queries ${savedQueries}`]),
    ],
    info: alarms.filter((alarm) => !alarm.hasActions).map((alarm) => `  ${alarm.tier.padEnd(8)} ${alarm.name}`),
  };
}
