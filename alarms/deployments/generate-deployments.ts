import type { DeploymentStrategy, ServiceDefinition } from '../../src/catalog';
import { deployMarkerConfig, deploymentEventResources, deploymentEventsRuleName, stackUpdatesRuleName } from '../deploy-events';
import type { DescriptionContext } from '../describe-alarm';
import { AlarmGenerationError } from '../errors';
import { deadLetterPolicy, deadLetterPolicyId, wrappedEventTemplate } from '../event-rules';
import { type Naming, naming } from '../naming';
import { renderMetricAlarm } from '../render-alarm';
import { resolveThresholds } from '../thresholds';
import type { CfnResource, CfnValue, DeployedFunction, DeployedNotifier, GeneratedAlarmSummary } from '../types';
import { createGateAlarms } from './gate-alarms';
import { type PreTrafficHookFunction, preTrafficHookPolicy, type SmokeTestTarget, withSmokeTests } from './hook-wiring';
import { deploymentNaming } from './naming';
import { aliasOf, gateOf, type ShiftedFunction, shiftedFunctions } from './strategy';
import { codeDeployApplication, codeDeployRole, deploymentGroup, invokeThroughAlias, type ShiftedTemplateFunction, trafficAlias } from './traffic-shifting';

/** CodeDeploy's limit on the alarms of one deployment group. */
export const MAX_DEPLOYMENT_GROUP_ALARMS = 10;

/** A deployed function with the logical ids its traffic shifting refers to. */
export interface TemplateFunction extends DeployedFunction {
  readonly functionLogicalId: string;
  /** The `AWS::Lambda::Version` this deploy publishes; absent when serverless does not version functions. */
  readonly versionLogicalId?: string;
}

/** What {@link generateDeployments} reads: the stage, the functions, and the compiled template to rewire. */
export interface DeploymentResources {
  readonly stage: string;
  readonly functions: readonly TemplateFunction[];
  /** The compiled template's resources: its API methods and permissions are rewired to the aliases. @default {} */
  readonly template?: Readonly<Record<string, CfnResource>>;
  /** The function that smoke-tests new versions (`custom.periscope.preTrafficHook`). */
  readonly preTrafficHook?: PreTrafficHookFunction;
  /**
   * The Slack notifier: it gets the CodeDeploy events (deploy markers, the rollback message), through
   * a rule that shares the alerts' dead letter queue with `generateAlarms`' rules (`template` must hold them).
   */
  readonly notifier?: DeployedNotifier;
}

/** One function's deployment group, for reports, the notifier and the drills. */
export interface DeploymentGroupSummary {
  readonly function: string;
  readonly functionName: string;
  readonly applicationName: string;
  readonly groupName: string;
  readonly strategy: DeploymentStrategy;
  readonly alias: string;
  /** The alarms that stop its deployments: the two gate alarms (names with the version to come) and the critical composite. */
  readonly alarmNames: readonly CfnValue[];
  readonly smokeTest: boolean;
}

/** Traffic shifting for a service: resources to add, template resources rewritten, the gate alarms. */
export interface GeneratedDeployments {
  readonly resources: Readonly<Record<string, CfnResource>>;
  /** Resources of the compiled template, rewritten: the API invokes the aliases; the hook knows its targets. */
  readonly replaced: Readonly<Record<string, CfnResource>>;
  /** The gate alarms, for the cost estimate and reports; `name` is the `Fn::Sub` text. */
  readonly alarms: readonly GeneratedAlarmSummary[];
  readonly groups: readonly DeploymentGroupSummary[];
}

/**
 * The p99 a function's new version must stay under: the tightest SLO that counts it, else the share of
 * its timeout the function's own p99 duration alarm warns at (`lambda-duration`, 80% by default).
 */
function latencyTargetOf(catalog: ServiceDefinition, fn: DeployedFunction): number {
  const targets = catalog.slos.filter((slo) => slo.functions === undefined || slo.functions.includes(fn.name)).map((slo) => slo.latencyP99Ms);
  if (targets.length > 0) return Math.min(...targets);
  return Math.round((fn.timeoutSeconds * 1000 * resolveThresholds(catalog)['lambda-duration'].threshold) / 100);
}

/** `{ 'Fn::Sub': text }` where the text substitutes something, else the text. */
const subIfNeeded = (text: string): CfnValue => (text.includes('${') ? { 'Fn::Sub': text } : text);

/** A rendered alarm whose name and dimensions carry the version to come as `Fn::Sub`s. */
function withVersion(resource: CfnResource, name: string): CfnResource {
  const metrics = (resource.Properties.Metrics as readonly Record<string, CfnValue>[]).map((query) => {
    const stat = query.MetricStat as { Metric: { Dimensions: readonly { Name: string; Value: string }[] } } | undefined;
    if (stat === undefined) return query;
    const dimensions = stat.Metric.Dimensions.map((d) => ({ Name: d.Name, Value: subIfNeeded(d.Value) }));
    return { ...query, MetricStat: { ...stat, Metric: { ...stat.Metric, Dimensions: dimensions } } };
  });
  return { ...resource, Properties: { ...resource.Properties, AlarmName: subIfNeeded(name), Metrics: metrics } };
}

/**
 * Generates canary or linear traffic shifting for every function whose strategy at the stage is not
 * `AllAtOnce` (the catalog's `deployment`): per function an alias API Gateway invokes, a CodeDeploy
 * deployment group that rolls back on failure and on its alarms, two gate alarms on the new version
 * only, and — for functions with `smokeTest` — the pre-traffic hook's targets and permissions. One
 * CodeDeploy application and one least-privilege CodeDeploy role serve them all.
 *
 * Pure: the same catalog and resources give the same JSON. A stage where every function deploys all
 * at once gets nothing: it deploys as serverless does without Periscope.
 *
 * @throws {@link AlarmGenerationError} when a shifted function is not deployed or not versioned, a
 * smoke test has no hook to run it, or a group would hold more alarms than CodeDeploy allows
 *
 * @example
 * ```ts
 * const { resources, replaced, groups } = generateDeployments(catalog, {
 *   stage: 'prod',
 *   functions: [{ name: 'createOrder', functionName: 'orders-prod-createOrder', timeoutSeconds: 10, functionLogicalId: 'CreateOrderLambdaFunction', versionLogicalId: 'CreateOrderLambdaVersionAb12' }],
 *   template: compiled.Resources,
 * });
 * ```
 */
export function generateDeployments(catalog: ServiceDefinition, input: DeploymentResources): GeneratedDeployments {
  const shifted = shiftedFunctions(catalog, input.stage);
  if (shifted.length === 0) return { resources: {}, replaced: {}, alarms: [], groups: [] };
  const smokeTested = shifted.filter((fn) => fn.smokeTest).map((fn) => fn.name);
  if (smokeTested.length > 0 && input.preTrafficHook === undefined) {
    throw new AlarmGenerationError(
      `${smokeTested.join(', ')} ask for a smoke test (deployment.smokeTest), but no pre-traffic hook runs it: set custom.periscope.preTrafficHook to the hook function's key`,
    );
  }
  const names = naming(catalog.service, input.stage);
  const shared: SharedIds = {
    names,
    deploy: deploymentNaming(names.prefix),
    applicationId: names.logicalId(`${names.prefix}-codedeploy-application`),
    roleId: names.logicalId(`${names.prefix}-codedeploy-role`),
    alias: aliasOf(catalog),
    template: input.template ?? {},
  };
  const perFunction = shifted.map((fn) => shiftFunction(catalog, input, shared, fn));
  const groups = perFunction.map((f) => f.group);
  const smokeTests = perFunction.flatMap((f) => (f.smokeTest === undefined ? [] : [f.smokeTest]));
  const hook = smokeTests.length > 0 ? input.preTrafficHook : undefined;
  const resources: Record<string, CfnResource> = Object.assign({ [shared.applicationId]: codeDeployApplication(shared.deploy.application) }, ...perFunction.map((f) => f.resources), {
    [shared.roleId]: codeDeployRole(
      names.prefix,
      groups.map((g) => ({ functionName: g.functionName, alias: shared.alias })),
      hook?.functionLogicalId,
    ),
  });
  const replaced: Record<string, CfnResource> = Object.assign({}, ...perFunction.map((f) => f.replaced));
  if (hook !== undefined) {
    resources[names.logicalId(`${names.prefix}-pre-traffic-hook-policy`)] = preTrafficHookPolicy(names.prefix, shared.deploy.application, hook, smokeTests);
    const hookFunction = shared.template[hook.functionLogicalId];
    if (hookFunction === undefined) throw new AlarmGenerationError(`the pre-traffic hook ${hook.functionLogicalId} is not in the template`);
    replaced[hook.functionLogicalId] = withSmokeTests(hookFunction, smokeTests);
  }
  if (input.notifier !== undefined) {
    const marker = wrappedEventTemplate({ marker: deployMarkerConfig(catalog.service, input.stage) });
    Object.assign(resources, deploymentEventResources(names, input.notifier, shared.deploy.application, deadLetterPolicyOf(shared.template, names).queue, marker));
    Object.assign(replaced, deadLetterPolicyWith(shared.template, names, deploymentEventsRuleName(names)), stackRuleWithGroups(catalog, input, groups));
  }
  return { resources, replaced, alarms: perFunction.flatMap((f) => f.alarms), groups };
}

/** What every shifted function's resources refer to. */
interface SharedIds {
  readonly names: Naming;
  readonly deploy: ReturnType<typeof deploymentNaming>;
  readonly applicationId: string;
  readonly roleId: string;
  readonly alias: string;
  readonly template: Readonly<Record<string, CfnResource>>;
}

/** One shifted function's share of the generation. */
interface ShiftedFunctionResources {
  readonly resources: Record<string, CfnResource>;
  readonly replaced: Record<string, CfnResource>;
  readonly alarms: GeneratedAlarmSummary[];
  readonly group: DeploymentGroupSummary;
  readonly smokeTest?: SmokeTestTarget;
}

/** `CreateOrderLambdaFunction` and alias `live` → `CreateOrderLambdaAliasLive`. */
const aliasLogicalId = (functionLogicalId: string, alias: string): string =>
  `${functionLogicalId.replace(/LambdaFunction$/, '')}LambdaAlias${alias.charAt(0).toUpperCase()}${alias.slice(1).replace(/[^A-Za-z0-9]/g, '')}`;

/** A function's gate alarms, deployment group and alias, and its API rewired to the alias. */
function shiftFunction(catalog: ServiceDefinition, input: DeploymentResources, shared: SharedIds, { name, strategy, smokeTest }: ShiftedFunction): ShiftedFunctionResources {
  const { names, deploy } = shared;
  const fn = input.functions.find((f) => f.name === name);
  if (fn === undefined) throw new AlarmGenerationError(`${name} shifts traffic (${strategy}) but the service deploys no function ${name}`);
  if (fn.versionLogicalId === undefined) {
    throw new AlarmGenerationError(`${name} shifts traffic (${strategy}) but serverless publishes no version of it: remove versionFunctions: false, or deploy it AllAtOnce`);
  }
  const templateFn: ShiftedTemplateFunction = { ...fn, versionLogicalId: fn.versionLogicalId };
  const context: DescriptionContext = { prefix: names.prefix, service: catalog.service, runbookBaseUrl: catalog.runbookBaseUrl };
  const gate = gateOf(catalog);
  const version = `\${${fn.versionLogicalId}.Version}`;
  const resources: Record<string, CfnResource> = {};
  const alarms = createGateAlarms(fn, shared.alias, version, gate, latencyTargetOf(catalog, fn)).map(({ signal, spec }): GeneratedAlarmSummary => {
    const logicalId = names.logicalId(`${deploy.gatePrefix(name)}${signal}-gate`);
    const alarmName = deploy.gate(name, signal, version);
    resources[logicalId] = withVersion(renderMetricAlarm(spec, names, context), alarmName);
    return { name: alarmName, logicalId, kind: spec.kind, tier: spec.tier, billedMetrics: spec.metrics.filter((q) => q.MetricStat !== undefined).length, hasActions: false };
  });
  const critical = gate.onCritical ? [names.tier('critical')] : [];
  const watched: CfnValue[] = [...alarms.map((a) => ({ Ref: a.logicalId })), ...critical];
  if (watched.length > MAX_DEPLOYMENT_GROUP_ALARMS) throw new AlarmGenerationError(`${name}'s deployment group would watch ${watched.length} alarms, over CodeDeploy's ${MAX_DEPLOYMENT_GROUP_ALARMS}`);
  const groupName = deploy.group(name);
  const groupId = names.logicalId(`${groupName}-deployment-group`);
  // The critical composite is named, not referenced: created first when the template has it.
  const criticalIds = critical.map((tier) => names.logicalId(tier)).filter((id) => shared.template[id] !== undefined);
  resources[groupId] = {
    ...deploymentGroup({ applicationLogicalId: shared.applicationId, groupName, strategy, alarms: watched, roleLogicalId: shared.roleId }),
    ...(criticalIds.length > 0 ? { DependsOn: criticalIds } : {}),
  };
  const aliasId = aliasLogicalId(fn.functionLogicalId, shared.alias);
  const hookLogicalId = smokeTest ? input.preTrafficHook?.functionLogicalId : undefined;
  resources[aliasId] = trafficAlias(templateFn, shared.alias, { applicationLogicalId: shared.applicationId, groupLogicalId: groupId, ...(hookLogicalId === undefined ? {} : { hookLogicalId }) });
  return {
    resources,
    replaced: invokeThroughAlias(shared.template, templateFn, aliasId),
    alarms,
    group: {
      function: name,
      functionName: fn.functionName,
      applicationName: deploy.application,
      groupName,
      strategy,
      alias: shared.alias,
      alarmNames: [...alarms.map((a) => subIfNeeded(a.name)), ...critical],
      smokeTest,
    },
    ...(smokeTest ? { smokeTest: { name, functionName: fn.functionName, versionLogicalId: fn.versionLogicalId, timeoutSeconds: fn.timeoutSeconds, groupName } } : {}),
  };
}

/**
 * The stack updates rule (generated with the alarms), now also telling the notifier each deployment
 * group's function and alarms, their names as CloudFormation resolves them: when the stack rolls back,
 * the notifier says which gate alarms stopped it, in one message.
 */
function stackRuleWithGroups(catalog: ServiceDefinition, input: DeploymentResources, groups: readonly DeploymentGroupSummary[]): Record<string, CfnResource> {
  const names = naming(catalog.service, input.stage);
  const id = names.logicalId(stackUpdatesRuleName(names));
  const rule = input.template?.[id];
  if (rule === undefined) return {};
  const text = (value: CfnValue): string => (typeof value === 'string' ? value : String((value as { 'Fn::Sub': string })['Fn::Sub']));
  const config = {
    marker: deployMarkerConfig(catalog.service, input.stage),
    groups: Object.fromEntries(groups.map((g) => [g.groupName, { function: g.function, alarms: g.alarmNames.map(text) }])),
  };
  const [target] = rule.Properties.Targets as readonly Record<string, CfnValue>[];
  const inputTransformer = { ...(target?.InputTransformer as Record<string, CfnValue>), InputTemplate: subIfNeeded(wrappedEventTemplate(config)) };
  return { [id]: { ...rule, Properties: { ...rule.Properties, Targets: [{ ...target, InputTransformer: inputTransformer }] } } };
}

/** The alerts' dead letter queue and the rules that may write to it, as `generateAlarms`' queue policy names them. */
function deadLetterPolicyOf(template: Readonly<Record<string, CfnResource>>, names: Naming): { queue: string; rules: string[] } {
  const properties = template[deadLetterPolicyId(names)]?.Properties as
    | { Queues?: readonly { Ref: string }[]; PolicyDocument?: { Statement: readonly { Condition: { ArnEquals: { 'aws:SourceArn': CfnValue } } }[] } }
    | undefined;
  const queue = properties?.Queues?.[0]?.Ref;
  if (queue === undefined) throw new AlarmGenerationError(`the notifier's deployment events need the alerts' dead letter queue: generate the alarms (with the notifier) into the template first`);
  const sources = [properties?.PolicyDocument?.Statement[0]?.Condition.ArnEquals['aws:SourceArn'] ?? []].flat() as unknown as readonly { 'Fn::GetAtt': [string, string] }[];
  return { queue, rules: sources.map((source) => source['Fn::GetAtt'][0]) };
}

/** The queue's one policy, with the new rule among the rules that may write to it. */
function deadLetterPolicyWith(template: Readonly<Record<string, CfnResource>>, names: Naming, ruleName: string): Record<string, CfnResource> {
  const { queue, rules } = deadLetterPolicyOf(template, names);
  return { [deadLetterPolicyId(names)]: deadLetterPolicy(queue, [...rules, names.logicalId(ruleName)]) };
}
