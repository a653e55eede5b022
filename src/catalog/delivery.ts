/**
 * The catalog's delivery section: the targets the executive dashboard holds the DORA delivery
 * metrics to, and how an incident is tied to the change that caused it.
 */

/** Where the delivery-metrics function writes the DORA metrics, with dimensions `service` and `stage`. */
export const DELIVERY_NAMESPACE = 'Periscope/Delivery';

/**
 * The delivery metrics, as the delivery-metrics function writes them (EMF, `Periscope/Delivery`),
 * each at the time of what it counts:
 * - `Deployments`: 1 per finished deployment, whatever its outcome (succeeded, rolled back, failed);
 * - `LeadTimeSeconds`: commit to the end of a succeeded deployment;
 * - `ChangeFailed`: 1 per deployment that rolled back, failed, or caused an incident (once each);
 * - `FailedDeploymentRecoverySeconds`: from a failed change reaching users to their recovery, change-caused
 *   failures only: a rolled-back or failed deployment's start to its end; for one that caused an
 *   incident, its end (or the incident's opening, if earlier) to the incident's close;
 * - `ReworkDeployments`: 1 per deployment made while an incident was open, or marked as a fix.
 */
export const DELIVERY_METRICS = {
  deployments: 'Deployments',
  leadTime: 'LeadTimeSeconds',
  changeFailed: 'ChangeFailed',
  recovery: 'FailedDeploymentRecoverySeconds',
  rework: 'ReworkDeployments',
} as const;

/** One of {@link DELIVERY_METRICS}' names. */
export type DeliveryMetricName = (typeof DELIVERY_METRICS)[keyof typeof DELIVERY_METRICS];

/** What the team holds its delivery to; each compared over the executive dashboard's window. */
export interface DeliveryTargets {
  /**
   * Deployments per day, at least. DORA's elite band is "on demand (multiple deploys per day)".
   * @default 1
   */
  readonly deploymentsPerDay?: number;
  /**
   * Change lead time (commit to a succeeded deployment), on average, in hours, at most. Elite: under an hour.
   * @default 1
   */
  readonly leadTimeHours?: number;
  /**
   * Change fail rate: the share of deployments that rolled back, failed or caused an incident, in percent, at most. Elite: 0–15%.
   * @default 15
   */
  readonly changeFailRatePercent?: number;
  /**
   * Failed deployment recovery time, on average, in hours, at most. Elite: under an hour.
   * @default 1
   */
  readonly recoveryHours?: number;
  /**
   * Deployment rework rate: the share of deployments made because of an incident, in percent, at
   * most. DORA publishes no band for it; the default is the change fail rate's, as each rework
   * deployment answers a failure.
   * @default 15
   */
  readonly reworkRatePercent?: number;
}

/** The catalog's `delivery`. */
export interface DeliveryPolicy {
  /** @default {@link DELIVERY_TARGET_DEFAULTS} (DORA's elite bands) */
  readonly targets?: DeliveryTargets;
  /**
   * An incident is taken as caused by a change when a deployment was running when it opened, or
   * ended at most this many minutes before.
   * @default 60
   */
  readonly changeWindowMinutes?: number;
}

/** DORA's elite bands as targets (see {@link DeliveryTargets} for each). */
export const DELIVERY_TARGET_DEFAULTS: Required<DeliveryTargets> = {
  deploymentsPerDay: 1,
  leadTimeHours: 1,
  changeFailRatePercent: 15,
  recoveryHours: 1,
  reworkRatePercent: 15,
};

/** Minutes before an incident in which a deployment is taken as its cause, by default. */
export const DEFAULT_CHANGE_WINDOW_MINUTES = 60;

/** The catalog's targets over the defaults. */
export const deliveryTargetsOf = (catalog: { readonly delivery?: DeliveryPolicy }): Required<DeliveryTargets> => ({
  ...DELIVERY_TARGET_DEFAULTS,
  ...catalog.delivery?.targets,
});

/** The catalog's change window, in minutes. */
export const changeWindowMinutesOf = (catalog: { readonly delivery?: DeliveryPolicy }): number => catalog.delivery?.changeWindowMinutes ?? DEFAULT_CHANGE_WINDOW_MINUTES;

/** The EventBridge source and detail type of the change the Periscope plugin announces before each `serverless deploy`; the delivery-metrics function gives the next deployment its details. */
export const CHANGE_EVENT = { source: 'periscope.delivery', detailType: 'Periscope Deployment Change' } as const;

/** What the plugin says about a deploy it is about to make (the detail of a {@link CHANGE_EVENT}). */
export interface ChangeDetail {
  readonly service: string;
  readonly stage: string;
  /** The commit deployed (git `HEAD`, or the CI's variable). */
  readonly commit?: string;
  /** When it was committed, ISO 8601. */
  readonly commitTime?: string;
  /** The version deployed: the CI's build, the package version, or the short commit. */
  readonly version?: string;
  /** A deploy marked as a fix of a production incident (`PERISCOPE_DEPLOY_FIX=true`). */
  readonly fix?: boolean;
  /** The catalog's deployment strategy at this stage. */
  readonly strategy?: string;
}
