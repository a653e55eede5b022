import { ACTIONS_PROPERTY } from '../../../../src/cloudwatch';
import { type CfnProperties, checkProperties, invalid, isObject, type ReadContext, readActions, readBoolean, readInteger, readString, refOf, unsupported } from './cfn-read';
import { type AlarmRuleExpression, alarmNameOf, alarmsNamedIn, parseAlarmRule } from './composite-rule';
import { InvalidAlarmError, UnsupportedAlarmError } from './errors';
import { readMetricAlarm } from './read-metric-alarm';
import type { AlarmActionSettings, AlarmDefinition, CfnValue, CompositeAlarmDefinition, MetricAlarmDefinition } from './types';

/**
 * A CloudFormation `Resources` map (or any part of one); resources other than alarms are skipped.
 * Property values are `unknown`: every one an alarm uses is checked as it is read.
 */
export type CfnResources = Readonly<Record<string, { readonly Type: string; readonly Properties?: Readonly<Record<string, unknown>>; readonly Condition?: unknown }>>;

const METRIC_ALARM = 'AWS::CloudWatch::Alarm';
const COMPOSITE_ALARM = 'AWS::CloudWatch::CompositeAlarm';
const COMPOSITE_PROPERTIES = [
  'AlarmName',
  'AlarmRule',
  'AlarmDescription',
  'ActionsEnabled',
  'AlarmActions',
  'OKActions',
  'InsufficientDataActions',
  'ActionsSuppressor',
  'ActionsSuppressorWaitPeriod',
  'ActionsSuppressorExtensionPeriod',
  'Tags',
];

function readAlarmActions(ctx: ReadContext, props: CfnProperties, resources: CfnResources): AlarmActionSettings {
  const read = (property: string): readonly CfnValue[] => readActions(ctx, props[property], property);
  const perState = { ALARM: read(ACTIONS_PROPERTY.ALARM), OK: read(ACTIONS_PROPERTY.OK), INSUFFICIENT_DATA: read(ACTIONS_PROPERTY.INSUFFICIENT_DATA) };
  const topicNames: Record<string, string> = {};
  for (const action of Object.values(perState).flat()) {
    const ref = refOf(action);
    const topic = ref === undefined ? undefined : resources[ref];
    if (ref !== undefined && topic?.Type === 'AWS::SNS::Topic' && typeof topic.Properties?.TopicName === 'string') topicNames[ref] = topic.Properties.TopicName;
  }
  return { enabled: readBoolean(ctx, props.ActionsEnabled, 'ActionsEnabled') ?? true, perState, topicNames };
}

/** `ActionsSuppressor`: a name, an alarm ARN, or `{ Ref }` / `{ Fn::GetAtt: [id, Arn] }` to an alarm of the template. */
function readSuppressorName(ctx: ReadContext, value: CfnValue, nameOfLogicalId: (logicalId: string) => string | undefined): string {
  if (typeof value === 'string') return alarmNameOf(value);
  const getAtt = isObject(value) ? value['Fn::GetAtt'] : undefined;
  const logicalId = refOf(value) ?? (Array.isArray(getAtt) && getAtt[1] === 'Arn' && typeof getAtt[0] === 'string' ? getAtt[0] : undefined);
  const name = logicalId === undefined ? undefined : nameOfLogicalId(logicalId);
  if (name === undefined) throw unsupported(ctx, 'ActionsSuppressor', `is ${JSON.stringify(value)}: give an alarm name, an alarm ARN, or a Ref / Fn::GetAtt Arn of an alarm of this template`);
  return name;
}

function readCompositeAlarm(name: string, logicalId: string, props: CfnProperties, resources: CfnResources, nameOfLogicalId: (logicalId: string) => string | undefined): CompositeAlarmDefinition {
  const ctx = { alarm: name };
  checkProperties(ctx, props, '', COMPOSITE_PROPERTIES);
  const rule = props.AlarmRule;
  if (rule === undefined) throw invalid(ctx, 'AlarmRule', 'is required');
  if (typeof rule !== 'string') throw unsupported(ctx, 'AlarmRule', `is ${JSON.stringify(rule)}, not a plain string: a rule built at deploy time (Fn::Join, Fn::Sub) cannot be read locally`);
  let expression: AlarmRuleExpression;
  try {
    expression = parseAlarmRule(rule);
  } catch (error) {
    throw invalid(ctx, 'AlarmRule', `does not parse: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  const definition: CompositeAlarmDefinition = {
    kind: 'composite',
    name,
    logicalId,
    rule,
    expression,
    children: alarmsNamedIn(expression),
    actions: readAlarmActions(ctx, props, resources),
    ...(props.AlarmDescription === undefined ? {} : { description: props.AlarmDescription }),
  };
  if (props.ActionsSuppressor === undefined) return definition;
  const waitSeconds = readInteger(ctx, props.ActionsSuppressorWaitPeriod, 'ActionsSuppressorWaitPeriod', 0);
  const extensionSeconds = readInteger(ctx, props.ActionsSuppressorExtensionPeriod, 'ActionsSuppressorExtensionPeriod', 0);
  if (waitSeconds === undefined || extensionSeconds === undefined) {
    throw invalid(ctx, waitSeconds === undefined ? 'ActionsSuppressorWaitPeriod' : 'ActionsSuppressorExtensionPeriod', 'is required with ActionsSuppressor');
  }
  return { ...definition, suppressor: { alarmName: readSuppressorName(ctx, props.ActionsSuppressor, nameOfLogicalId), waitSeconds, extensionSeconds } };
}

/** Composites in an order where every composite comes after the composites it reads (children and suppressor). */
function dependencyOrder(composites: readonly CompositeAlarmDefinition[]): CompositeAlarmDefinition[] {
  const byName = new Map(composites.map((c) => [c.name, c]));
  const ordered: CompositeAlarmDefinition[] = [];
  const done = new Set<string>();
  const visiting: string[] = [];
  const visit = (composite: CompositeAlarmDefinition): void => {
    if (done.has(composite.name)) return;
    if (visiting.includes(composite.name)) {
      const cycle = [...visiting.slice(visiting.indexOf(composite.name)), composite.name].join(' → ');
      throw new UnsupportedAlarmError(`alarm "${composite.name}": AlarmRule or ActionsSuppressor forms a cycle of composite alarms (${cycle}), which CloudWatch stops evaluating`);
    }
    visiting.push(composite.name);
    for (const name of [...composite.children, ...(composite.suppressor ? [composite.suppressor.alarmName] : [])]) {
      const dependency = byName.get(name);
      if (dependency !== undefined) visit(dependency);
    }
    visiting.pop();
    done.add(composite.name);
    ordered.push(composite);
  };
  composites.forEach(visit);
  return ordered;
}

/**
 * Reads the alarms of a CloudFormation resources map — `AWS::CloudWatch::Alarm` and
 * `AWS::CloudWatch::CompositeAlarm` — into checked definitions: metric alarms in template order,
 * then composites in dependency order (each after the composites it reads). Other resources are
 * skipped. Everything is checked up front, every math expression included, so an alarm that cannot
 * be evaluated faithfully is refused here rather than quietly read as OK later.
 *
 * @throws {@link UnsupportedAlarmError} for what CloudWatch accepts but this evaluator cannot
 * evaluate (a trimmed mean, `Unit`, `AccountId`, an unknown math function, a rule built with
 * `Fn::Join`, a `Condition` on the resource, a cycle of composites...); {@link InvalidAlarmError} for what CloudWatch would reject
 * (a missing property, two alarms with one name, a rule naming an alarm that does not exist...).
 * Both name the alarm and the property.
 * @example
 * ```ts
 * const alarms = readAlarms(generateAlarms(catalog, ordersServiceResources('dev')).resources);
 * ```
 */
export function readAlarms(resources: CfnResources): AlarmDefinition[] {
  const entries = Object.entries(resources).filter(([, resource]) => resource.Type === METRIC_ALARM || resource.Type === COMPOSITE_ALARM);
  const nameByLogicalId = new Map<string, string>();
  for (const [logicalId, resource] of entries) {
    const name = readString({ alarm: logicalId }, resource.Properties?.AlarmName as CfnValue | undefined, 'AlarmName') ?? logicalId;
    if (resource.Condition !== undefined) {
      throw new UnsupportedAlarmError(`alarm "${name}": Condition ${JSON.stringify(resource.Condition)} decides at deploy time whether the alarm exists, which cannot be known locally`);
    }
    if ([...nameByLogicalId.values()].includes(name)) throw new InvalidAlarmError(`alarm "${name}": AlarmName is used by two alarms (${logicalId} and another)`);
    nameByLogicalId.set(logicalId, name);
  }
  const nameOf = (logicalId: string): string | undefined => nameByLogicalId.get(logicalId);

  const metric: MetricAlarmDefinition[] = [];
  const composite: CompositeAlarmDefinition[] = [];
  for (const [logicalId, resource] of entries) {
    const name = nameByLogicalId.get(logicalId) as string;
    // Values are checked as they are read; until then they are taken for what CloudFormation allows.
    const props = (resource.Properties ?? {}) as CfnProperties;
    if (resource.Type === COMPOSITE_ALARM) {
      composite.push(readCompositeAlarm(name, logicalId, props, resources, nameOf));
      continue;
    }
    const ctx = { alarm: name };
    const description = props.AlarmDescription;
    metric.push({ ...readMetricAlarm(name, logicalId, props), actions: readAlarmActions(ctx, props, resources), ...(description === undefined ? {} : { description }) });
  }

  const names = new Set(nameByLogicalId.values());
  for (const definition of composite) {
    const ctx = { alarm: definition.name };
    const unknown = definition.children.find((child) => !names.has(child));
    if (unknown !== undefined) throw invalid(ctx, 'AlarmRule', `names the alarm "${unknown}", which is not an alarm of these resources`);
    if (definition.suppressor !== undefined && !names.has(definition.suppressor.alarmName)) {
      throw invalid(ctx, 'ActionsSuppressor', `names the alarm "${definition.suppressor.alarmName}", which is not an alarm of these resources`);
    }
  }
  return [...metric, ...dependencyOrder(composite)];
}
