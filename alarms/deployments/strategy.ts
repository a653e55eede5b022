import { DEFAULT_DEPLOYMENT_ALIAS, DEPLOYMENT_GATE_DEFAULTS, type DeploymentStrategy, type ServiceDefinition, shiftingMinutes } from '../../src/catalog';

/** A function whose new versions reach traffic through CodeDeploy at a stage. */
export interface ShiftedFunction {
  /** Its catalog (serverless.yml) key. */
  readonly name: string;
  readonly strategy: DeploymentStrategy;
  /** Whether the pre-traffic hook smoke-tests its new versions. */
  readonly smokeTest: boolean;
}

/**
 * A function's strategy at `stage`, most specific first: the function's stage strategy, its own, the
 * service's stage strategy, the service's, then `AllAtOnce`.
 */
export function strategyOf(catalog: ServiceDefinition, functionName: string, stage: string): DeploymentStrategy {
  const own = catalog.functions.find((fn) => fn.name === functionName)?.deployment;
  const service = catalog.deployment;
  return own?.stages?.[stage] ?? own?.strategy ?? service?.stages?.[stage] ?? service?.strategy ?? 'AllAtOnce';
}

/** The functions that shift traffic at `stage` (every strategy but `AllAtOnce`), in catalog order. */
export function shiftedFunctions(catalog: ServiceDefinition, stage: string): ShiftedFunction[] {
  return catalog.functions.flatMap((fn) => {
    const strategy = strategyOf(catalog, fn.name, stage);
    return strategy === 'AllAtOnce' ? [] : [{ name: fn.name, strategy, smokeTest: fn.deployment?.smokeTest === true }];
  });
}

/** The catalog's gate, defaults applied. */
export const gateOf = (catalog: ServiceDefinition): Required<NonNullable<NonNullable<ServiceDefinition['deployment']>['gate']>> => ({
  ...DEPLOYMENT_GATE_DEFAULTS,
  ...catalog.deployment?.gate,
});

/** The alias the API calls and CodeDeploy moves. */
export const aliasOf = (catalog: ServiceDefinition): string => catalog.deployment?.alias ?? DEFAULT_DEPLOYMENT_ALIAS;

/**
 * How long a deploy's start holds alert actions when its end never arrives: the longest traffic
 * shift at the stage plus half an hour for CloudFormation's own work (a deploy's end normally
 * releases them within seconds of it).
 */
export const DEPLOY_MARKER_MARGIN_MINUTES = 30;

/** The deploy marker alarm's window at `stage`, in minutes (see {@link DEPLOY_MARKER_MARGIN_MINUTES}). */
export function deployMarkerWindowMinutes(catalog: ServiceDefinition, stage: string): number {
  const longest = Math.max(0, ...shiftedFunctions(catalog, stage).map((fn) => shiftingMinutes(fn.strategy)));
  return longest + DEPLOY_MARKER_MARGIN_MINUTES;
}
