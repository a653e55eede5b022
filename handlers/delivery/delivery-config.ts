import { DeliveryConfigError } from './errors';

/** The environment variable the plugin puts the delivery function's configuration in, as JSON. */
export const DELIVERY_CONFIG_VARIABLE = 'PERISCOPE_DELIVERY';

/** What the delivery-metrics function knows of the service it measures (`PERISCOPE_DELIVERY`). */
export interface DeliveryConfig {
  /** The catalog's service (`orders`): the `service` dimension of the metrics. */
  readonly service: string;
  readonly stage: string;
  /** The table its records go to. */
  readonly table: string;
  /** The service's CloudFormation stack: other stacks' status changes are ignored. */
  readonly stackName: string;
  /** The service's CodeDeploy application, when it shifts traffic. */
  readonly application?: string;
  /** The critical tier composite: its ALARM → OK opens and closes an incident. */
  readonly incidentAlarm: string;
  /** `<service>-<stage>-`: the service's alarms, whose state changes make a review's timeline. */
  readonly alarmPrefix: string;
  /** A deployment that ran or ended at most this long before an incident opened caused it. */
  readonly changeWindowMinutes: number;
  /** The operations dashboard, which is annotated with the deployments. */
  readonly dashboard: string;
  /** The service's functions' log groups, for the review's Logs Insights link. */
  readonly logGroups: readonly string[];
  /** The API the SLO counts requests at, if any. */
  readonly api?: { readonly name: string; readonly stage: string };
  /** The catalog's functions' deployed names: the requests, without an API. */
  readonly functionNames: readonly string[];
  /** The tightest SLO's availability target, in percent, if the catalog has one. */
  readonly availabilityTarget?: number;
  /** Its window, in days. */
  readonly sloWindowDays: number;
}

const REQUIRED_STRINGS = ['service', 'stage', 'table', 'stackName', 'incidentAlarm', 'alarmPrefix', 'dashboard'] as const;

/**
 * Reads the function's configuration from `PERISCOPE_DELIVERY`.
 * @throws {@link DeliveryConfigError} naming the variable and the missing or bad field
 */
export function readDeliveryConfig(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  const raw = env[DELIVERY_CONFIG_VARIABLE];
  if (raw === undefined || raw === '') throw new DeliveryConfigError(`${DELIVERY_CONFIG_VARIABLE} is not set: deploy the function with the Periscope plugin (custom.periscope.delivery)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new DeliveryConfigError(`${DELIVERY_CONFIG_VARIABLE} is not JSON: ${raw.slice(0, 80)}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null) throw new DeliveryConfigError(`${DELIVERY_CONFIG_VARIABLE} must be a JSON object`);
  const config = parsed as Record<string, unknown>;
  for (const key of REQUIRED_STRINGS) {
    if (typeof config[key] !== 'string' || config[key] === '') throw new DeliveryConfigError(`${DELIVERY_CONFIG_VARIABLE}.${key} must be a non-empty string`);
  }
  if (typeof config.changeWindowMinutes !== 'number' || !(config.changeWindowMinutes > 0)) {
    throw new DeliveryConfigError(`${DELIVERY_CONFIG_VARIABLE}.changeWindowMinutes must be a number of minutes above 0`);
  }
  return { logGroups: [], functionNames: [], sloWindowDays: 28, ...config } as unknown as DeliveryConfig;
}
