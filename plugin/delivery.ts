import { DELIVERY_CONFIG_VARIABLE, type GeneratedDelivery, generateDelivery, type ServiceResources } from '../alarms';
import type { ServiceDefinition } from '../src/catalog';
import { ResourceClashError } from './generated-resources';
import { type CompiledTemplate, ResourceReadError } from './read-resources';

/**
 * Adds the delivery-metrics function's table, rules, queue and policy to the compiled template (see
 * `generateDelivery`), and sets its `PERISCOPE_DELIVERY`. Nothing is overwritten that Periscope did not write.
 *
 * @throws {@link ResourceClashError} naming every generated logical id the template already uses
 * @throws {@link ResourceReadError} when the function's resource is not in the template
 */
export function addDelivery(catalog: ServiceDefinition, template: CompiledTemplate, resources: ServiceResources): GeneratedDelivery | undefined {
  const { delivery, stackName } = resources;
  if (delivery === undefined || stackName === undefined) return undefined;
  const fn = template.Resources[delivery.functionLogicalId];
  if (fn === undefined) throw new ResourceReadError(`the delivery-metrics function's resource ${delivery.functionLogicalId} is not in the template`);
  const generated = generateDelivery(catalog, { ...resources, delivery, stackName });
  const clash = Object.keys(generated.resources).filter((id) => id in template.Resources);
  if (clash.length > 0) throw new ResourceClashError(clash);
  Object.assign(template.Resources, generated.resources);
  const properties = fn.Properties as { Environment?: { Variables?: Record<string, unknown> } };
  properties.Environment ??= {};
  properties.Environment.Variables = { ...properties.Environment.Variables, [DELIVERY_CONFIG_VARIABLE]: JSON.stringify(generated.config) };
  return generated;
}
