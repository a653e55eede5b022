import { type CfnResource, type DeployedNotifier, type GeneratedDeployments, generateDeployments, type ServiceResources, type TemplateFunction } from '../alarms';
import type { ServiceDefinition } from '../src/catalog';
import { ResourceClashError } from './generated-resources';
import { type CompiledTemplate, ownRoleOf, ResourceReadError } from './read-resources';

/** What {@link addDeployments} reads besides the catalog. */
export interface DeploymentsInput {
  /** The compiled template, with the generated alarms already in it; rewritten in place. */
  readonly template: CompiledTemplate;
  readonly resources: ServiceResources;
  readonly functionLogicalId: (key: string) => string;
  /** `custom.periscope.preTrafficHook`: the function key of the pre-traffic hook. */
  readonly preTrafficHookKey?: string;
  readonly notifier?: DeployedNotifier;
}

/** The `AWS::Lambda::Version` serverless publishes of a function this deploy, if it versions functions. */
function versionOf(template: CompiledTemplate, functionLogicalId: string): string | undefined {
  return Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Version' && r.Properties?.FunctionName?.Ref === functionLogicalId)?.[0];
}

/**
 * Generates the catalog's traffic shifting into the compiled template (see `generateDeployments`):
 * adds the aliases, deployment groups, gate alarms and CodeDeploy role, and rewrites the API's
 * methods and permissions to call the aliases. Nothing is overwritten that Periscope did not write.
 *
 * @throws {@link ResourceClashError} naming every generated logical id the template already uses
 * @throws {@link ResourceReadError} when the hook's function is not in serverless.yml, or has no role of its own
 */
export function addDeployments(catalog: ServiceDefinition, input: DeploymentsInput): GeneratedDeployments {
  const functions: TemplateFunction[] = input.resources.functions.map((fn) => {
    const functionLogicalId = input.functionLogicalId(fn.name);
    const versionLogicalId = versionOf(input.template, functionLogicalId);
    return { ...fn, functionLogicalId, ...(versionLogicalId === undefined ? {} : { versionLogicalId }) };
  });
  const hookKey = input.preTrafficHookKey;
  if (hookKey !== undefined && input.template.Resources[input.functionLogicalId(hookKey)] === undefined) {
    throw new ResourceReadError(`custom.periscope.preTrafficHook is '${hookKey}', but serverless.yml has no function '${hookKey}'`);
  }
  const generated = generateDeployments(catalog, {
    stage: input.resources.stage,
    functions,
    template: input.template.Resources as Readonly<Record<string, CfnResource>>,
    ...(hookKey === undefined
      ? {}
      : { preTrafficHook: { functionLogicalId: input.functionLogicalId(hookKey), roleLogicalId: ownRoleOf(input, hookKey, 'the pre-traffic hook', 'what it invokes and reports') } }),
    ...(input.notifier === undefined ? {} : { notifier: input.notifier }),
  });
  const clash = Object.keys(generated.resources).filter((id) => id in input.template.Resources);
  if (clash.length > 0) throw new ResourceClashError(clash);
  Object.assign(input.template.Resources, generated.resources, generated.replaced);
  return generated;
}
