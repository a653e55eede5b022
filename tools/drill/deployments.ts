import { type DeploymentGroupSummary, generateDeployments } from '../../alarms/deployments/generate-deployments';
import type { ServiceResources } from '../../alarms/types';
import type { ServiceDefinition } from '../../src/catalog';
import type { CfnValue } from '../emulators/cloudwatch/alarm-evaluator/types';
import type { SimulatedGroup } from '../emulators/codedeploy/stack-update';

type Resource = { readonly Type: string; readonly Properties: Record<string, unknown> };

/** The version the drill's deploys publish; the one they replace is `'1'`. */
export const DRILL_NEW_VERSION = '2';

/** A serverless.yml function key as osls names its logical ids: `createOrder` → `CreateOrder`. */
const pascal = (key: string): string => key.charAt(0).toUpperCase() + key.slice(1);

/** The `AWS::Lambda::Version` logical id the drill's deploy publishes for a function (osls: `<Fn>LambdaVersion<hash>`). */
export const drillVersionLogicalId = (key: string): string => `${pascal(key)}LambdaVersionDrill`;

/**
 * The pre-traffic hook function as the sample deploys it (serverless.yml's
 * `custom.periscope.preTrafficHook: deployHook`), named as osls names its logical ids.
 */
export const DRILL_PRE_TRAFFIC_HOOK = { functionLogicalId: 'DeployHookLambdaFunction', roleLogicalId: 'DeployHookRole' } as const;

/** What the drill deploys: the gate alarms and deployment groups, versions resolved. */
export interface DrillDeployments {
  /** CodeDeploy's resources and the gate alarms, `${…Version}` resolved to {@link DRILL_NEW_VERSION}. */
  readonly resources: Readonly<Record<string, Resource>>;
  /** The gate alarms' names, resolved. */
  readonly alarmNames: readonly string[];
  /** The deployment groups as the simulator runs them, alarm names resolved. */
  readonly groups: readonly SimulatedGroup[];
  /** The hook's `PERISCOPE_SMOKE_TESTS` as the generator sets it, versions resolved; undefined when no group smoke-tests. */
  readonly smokeTestsEnv?: string;
}

/** How the drill resolves what a deploy publishes: the version number, and each version's ARN by its logical id. */
interface Published {
  readonly version: string;
  /** Version logical id → the version's ARN (what `${<id>}` gives). */
  readonly arns: ReadonlyMap<string, string>;
}

/**
 * Replaces every version a deploy publishes: `${<id>.Version}` in `Fn::Sub` texts and
 * `Fn::GetAtt [<id>, Version]` with the version, `${<id>}` with its ARN; a `Fn::Sub` left with
 * nothing to substitute becomes its text.
 */
function resolveVersions(value: unknown, published: Published): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveVersions(v, published));
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Version' && published.arns.has(String(getAtt[0]))) return published.version;
  const sub = object['Fn::Sub'];
  if (typeof sub === 'string' && Object.keys(object).length === 1) {
    const text = sub.replace(/\$\{([A-Za-z0-9]+)(\.Version)?\}/g, (whole, id: string, attribute?: string) => {
      const arn = published.arns.get(id);
      if (arn === undefined) return whole;
      return attribute === undefined ? arn : published.version;
    });
    return text.includes('${') ? { 'Fn::Sub': text } : text;
  }
  return Object.fromEntries(Object.entries(object).map(([key, v]) => [key, resolveVersions(v, published)]));
}

const textOf = (value: CfnValue): string => {
  if (typeof value === 'string') return value;
  throw new Error(`a deployment group's alarm name is ${JSON.stringify(value)} after resolving its version: the drill needs names`);
};

/**
 * The catalog's traffic shifting at `stage` as the drill deploys it: `generateDeployments` on the
 * sample's functions (logical ids as osls names them, each publishing {@link drillVersionLogicalId})
 * and the alarms' template (`template`: its dead letter queue and rules), every `${…Version}`
 * resolved to {@link DRILL_NEW_VERSION}, so the local evaluator evaluates the gate alarms of that
 * version and the simulator polls them.
 */
export function drillDeployments(catalog: ServiceDefinition, service: ServiceResources, template: Readonly<Record<string, Resource>>, origin: { region: string; accountId: string }): DrillDeployments {
  const functions = service.functions.map((fn) => ({ ...fn, functionLogicalId: `${pascal(fn.name)}LambdaFunction`, versionLogicalId: drillVersionLogicalId(fn.name) }));
  // The hook function as osls compiles it, so the generator can give it its smoke tests.
  const hookFunction = { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: {} } } };
  const generated = generateDeployments(catalog, {
    stage: service.stage,
    functions,
    template: { ...template, [DRILL_PRE_TRAFFIC_HOOK.functionLogicalId]: hookFunction } as Parameters<typeof generateDeployments>[1]['template'],
    preTrafficHook: DRILL_PRE_TRAFFIC_HOOK,
    ...(service.notifier === undefined ? {} : { notifier: service.notifier }),
  });
  const arns = new Map(functions.map((fn) => [fn.versionLogicalId, `arn:aws:lambda:${origin.region}:${origin.accountId}:function:${fn.functionName}:${DRILL_NEW_VERSION}`]));
  const resolve = <T>(value: T): T => resolveVersions(value, { version: DRILL_NEW_VERSION, arns }) as T;
  const hook = resolve(generated.replaced[DRILL_PRE_TRAFFIC_HOOK.functionLogicalId]) as Resource | undefined;
  const smokeTests = (hook?.Properties['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables?.['PERISCOPE_SMOKE_TESTS'];
  // The template's own resources the generator rewrote (the stack rule, told each group's alarms; the dead letter queue's policy), beside its new ones; not the hook function, which the drill runs itself.
  const { [DRILL_PRE_TRAFFIC_HOOK.functionLogicalId]: _hook, ...rewritten } = generated.replaced;
  const resources = resolve({ ...generated.resources, ...rewritten }) as Record<string, Resource>;
  const aliasIds = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Alias');
  return {
    resources,
    alarmNames: generated.alarms.map((alarm) => textOf(resolve({ 'Fn::Sub': alarm.name }) as CfnValue)),
    groups: generated.groups.map((group: DeploymentGroupSummary) => ({
      function: group.function,
      applicationName: group.applicationName,
      groupName: group.groupName,
      strategy: group.strategy,
      alarmNames: group.alarmNames.map((name) => textOf(resolve(name))),
      aliasLogicalId: aliasIds.find(([, r]) => JSON.stringify(r.Properties['FunctionName']).includes(`"${pascal(group.function)}LambdaFunction"`))?.[0] ?? `${pascal(group.function)}LambdaAlias`,
      beforeAllowTraffic: group.smokeTest,
    })),
    ...(typeof smokeTests === 'string' ? { smokeTestsEnv: smokeTests } : {}),
  };
}
