import type { CatalogRules, ServiceDefinition, StagePolicy, TierNotifications } from '../src/catalog';

/** The stage that pages when the catalog gives it no policy of its own. */
export const PAGING_STAGE = 'prod';

/** The email and HTTPS subscriptions of each routed tier's topic at one stage. */
export type StageNotifications = Readonly<Record<(typeof CatalogRules.routedTiers)[number], TierNotifications>>;

/** The catalog's policy for `stage`, or the default: only `prod` pages. */
function policyOf(catalog: ServiceDefinition, stage: string): StagePolicy {
  const listed = catalog.stages !== undefined && Object.hasOwn(catalog.stages, stage) ? catalog.stages[stage] : undefined;
  return listed ?? { page: stage === PAGING_STAGE };
}

/**
 * Who each routed tier's topic notifies at `stage`, besides the Slack notifier (which every stage
 * keeps): the stage's own `notify` for a tier, else the tier's `notify`, when the stage pages; no one
 * when it does not. A stage the catalog does not list pages only if it is `prod`.
 *
 * Pure: the catalog and the stage decide, nothing else.
 *
 * @example
 * ```ts
 * stageNotifications(catalog, 'prod').critical; // { email: ['orders-oncall@example.com'], https: [...] }
 * stageNotifications(catalog, 'dev').critical;  // {}: Slack only
 * ```
 */
export function stageNotifications(catalog: ServiceDefinition, stage: string): StageNotifications {
  const policy = policyOf(catalog, stage);
  const of = (tier: keyof StageNotifications): TierNotifications => (policy.page ? (policy.notify?.[tier] ?? catalog.tiers[tier].notify ?? {}) : {});
  return { critical: of('critical'), warning: of('warning') };
}
