/**
 * CodeDeploy's predefined Lambda deployment configurations (`CodeDeployDefault.Lambda<name>`): how
 * traffic moves from a function's live version to a new one. `canary` sends `percent` of the
 * traffic to the new version, then the rest `intervalMinutes` later; `linear` adds `percent` every
 * `intervalMinutes`; `all-at-once` switches everything at once, as a plain deploy does.
 */
export const DEPLOYMENT_STRATEGIES = {
  AllAtOnce: { shape: 'all-at-once', percent: 100, intervalMinutes: 0 },
  Canary10Percent5Minutes: { shape: 'canary', percent: 10, intervalMinutes: 5 },
  Canary10Percent10Minutes: { shape: 'canary', percent: 10, intervalMinutes: 10 },
  Canary10Percent15Minutes: { shape: 'canary', percent: 10, intervalMinutes: 15 },
  Canary10Percent30Minutes: { shape: 'canary', percent: 10, intervalMinutes: 30 },
  Linear10PercentEvery1Minute: { shape: 'linear', percent: 10, intervalMinutes: 1 },
  Linear10PercentEvery2Minutes: { shape: 'linear', percent: 10, intervalMinutes: 2 },
  Linear10PercentEvery3Minutes: { shape: 'linear', percent: 10, intervalMinutes: 3 },
  Linear10PercentEvery10Minutes: { shape: 'linear', percent: 10, intervalMinutes: 10 },
} as const satisfies Readonly<Record<string, { readonly shape: 'all-at-once' | 'canary' | 'linear'; readonly percent: number; readonly intervalMinutes: number }>>;

/** One of {@link DEPLOYMENT_STRATEGIES}' names. */
export type DeploymentStrategy = keyof typeof DEPLOYMENT_STRATEGIES;

/**
 * Minutes from the first shift of traffic to the last: a canary's interval, ten linear steps'
 * nine intervals, nothing for all at once.
 */
export const shiftingMinutes = (strategy: DeploymentStrategy): number => {
  const { shape, percent, intervalMinutes } = DEPLOYMENT_STRATEGIES[strategy];
  return shape === 'linear' ? (Math.ceil(100 / percent) - 1) * intervalMinutes : intervalMinutes;
};

/** How a function's new versions reach its traffic: one strategy, or one per stage. */
export interface DeploymentPolicy {
  /**
   * How traffic moves to a new version at every stage not listed in `stages`.
   * @default the service's policy; `'AllAtOnce'` when neither sets one
   */
  readonly strategy?: DeploymentStrategy;
  /** Per stage (as `serverless --stage` names it), a strategy in place of `strategy`. */
  readonly stages?: Readonly<Record<string, DeploymentStrategy>>;
}

/** A function's deployment: its strategy, and whether a smoke test runs before any traffic moves. */
export interface FunctionDeployment extends DeploymentPolicy {
  /**
   * Before traffic moves, the pre-traffic hook invokes the new version with the function's sample
   * event and fails the deployment on a 5xx or a timeout. Only for a function whose sample event
   * changes nothing (a read): the hook runs it against the stage's real data. Needs
   * `custom.periscope.preTrafficHook`.
   * @default false
   */
  readonly smokeTest?: boolean;
}

/** When the new version's own alarms stop a deployment and roll it back. */
export interface DeploymentGate {
  /**
   * Share of the new version's invocations that may fail over `windowMinutes`, in percent.
   * @default 5
   */
  readonly errorRatePercent?: number;
  /**
   * Invocations of the new version `windowMinutes` must hold before its error rate and p99 count:
   * one failure among the first two requests is no verdict.
   * @default 3
   */
  readonly minInvocations?: number;
  /**
   * The window the gate alarms read, in minutes; each is evaluated every minute over the last window.
   * @default 3
   */
  readonly windowMinutes?: number;
  /**
   * Whether the service's critical composite gates deployments too: a deployment that starts or
   * runs while customers are already hurt rolls back.
   * @default true
   */
  readonly onCritical?: boolean;
}

/** The service's deployment policy: the default strategy, the alias, and the gate. */
export interface ServiceDeployment extends DeploymentPolicy {
  /**
   * The alias API Gateway invokes and CodeDeploy moves between versions.
   * @default 'live'
   */
  readonly alias?: string;
  /** When a deployment rolls back. */
  readonly gate?: DeploymentGate;
}

/** The gate's settings, defaults applied. */
export const DEPLOYMENT_GATE_DEFAULTS = { errorRatePercent: 5, minInvocations: 3, windowMinutes: 3, onCritical: true } as const;

/** The alias traffic goes through when a function shifts traffic and the catalog names none. */
export const DEFAULT_DEPLOYMENT_ALIAS = 'live';
