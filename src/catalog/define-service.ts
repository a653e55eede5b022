import { catalogCheckedAtLoad } from '../environment';
import { CatalogValidationError } from './errors';
import type { ServiceDefinition } from './types';
import { validateService } from './validate-service';

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

/**
 * Declares a service's observability catalog: its functions, metrics, SLOs and alert tiers.
 *
 * The catalog is checked when it is loaded — by `serverless package` (the plugin), tests and local
 * runs — so a bad catalog stops a deploy with every problem named, instead of producing a silently
 * dead alarm. Inside a Lambda sandbox (see `inLambdaSandbox`) the check is skipped: the packaged catalog already passed it, and running it again costs every cold
 * start 2–3 ms. Set `PERISCOPE_VALIDATE_CATALOG=true` to check there too. The literal types are kept
 * (`const` type parameter), so `metrics.record('OrderCreatd', 1)` is a compile error.
 *
 * @param definition - the service, written once
 * @returns the same catalog, deeply frozen
 * @throws {@link CatalogValidationError} listing every bad key
 *
 * @example
 * ```ts
 * export const catalog = defineService({
 *   service: 'orders',
 *   namespace: 'Periscope/Orders',
 *   functions: [{ name: 'createOrder', routes: ['POST /orders'] }],
 *   metrics: [{ name: 'OrderCreated', unit: 'Count', description: 'Orders accepted', views: ['executive'] }],
 *   slos: [{ name: 'orders-api', availabilityTarget: 99.9, latencyP99Ms: 1000 }],
 *   tiers: {
 *     critical: { description: 'Users are hurt now', page: true, slackChannel: '#orders-incidents' },
 *     warning: { description: 'Will hurt soon', page: false, slackChannel: '#orders-alerts' },
 *     info: { description: 'Worth knowing', page: false },
 *   },
 * });
 * ```
 */
export function defineService<const S extends ServiceDefinition>(definition: S): S {
  if (!catalogCheckedAtLoad()) return deepFreeze(definition);
  const issues = validateService(definition);
  if (issues.length > 0) {
    const service = typeof (definition as { service?: unknown })?.service === 'string' ? (definition as { service: string }).service : '(unnamed)';
    throw new CatalogValidationError(service, issues);
  }
  return deepFreeze(definition);
}
