import { DELIVERY_METRICS, type DeliveryMetricName } from '../../src/catalog/delivery';
import type { DerivedRecords } from './derive-records';
import type { DeploymentRecord, IncidentRecord } from './records';

/** One delivery metric's value. */
export interface DeliveryPoint {
  readonly name: DeliveryMetricName;
  readonly unit: 'Count' | 'Seconds';
  readonly value: number;
}

/**
 * Metrics to write once: `claim` is the key the store claims before they are written, so a record
 * derived again (every later event re-derives the window) or by two invocations at once is counted
 * once. `at` is the time they are written at (EMF's timestamp): when what they count happened.
 */
export interface DeliveryEmission {
  readonly claim: string;
  readonly at: number;
  readonly points: readonly DeliveryPoint[];
}

const seconds = (ms: number): number => Math.round(ms / 1000);

/** A finished deployment: counted, rework counted, and its lead time when it succeeded with a known commit time. */
function deploymentEmission(deployment: DeploymentRecord & { endedAt: number }): DeliveryEmission {
  const points: DeliveryPoint[] = [{ name: DELIVERY_METRICS.deployments, unit: 'Count', value: 1 }];
  if (deployment.rework) points.push({ name: DELIVERY_METRICS.rework, unit: 'Count', value: 1 });
  if (deployment.outcome === 'succeeded' && deployment.commitTime !== undefined && deployment.commitTime <= deployment.endedAt) {
    points.push({ name: DELIVERY_METRICS.leadTime, unit: 'Seconds', value: seconds(deployment.endedAt - deployment.commitTime) });
  }
  return { claim: `deployment#${deployment.id}`, at: deployment.endedAt, points };
}

const failure = (deployment: DeploymentRecord, at: number, recoveryMs: number): DeliveryEmission => ({
  claim: `failure#${deployment.id}`,
  at,
  points: [
    { name: DELIVERY_METRICS.changeFailed, unit: 'Count', value: 1 },
    { name: DELIVERY_METRICS.recovery, unit: 'Seconds', value: seconds(Math.max(0, recoveryMs)) },
  ],
});

/**
 * A failed change, once per deployment: one that rolled back or failed recovered when it ended
 * (from its start); one that caused an incident (it succeeded, or is still running) recovered when
 * the incident closed (from when it reached users: its end, or the incident's opening if earlier).
 */
function failureEmission(deployment: DeploymentRecord, incidents: readonly IncidentRecord[]): DeliveryEmission | undefined {
  if (deployment.endedAt !== undefined && deployment.outcome !== undefined && deployment.outcome !== 'succeeded') {
    return failure(deployment, deployment.endedAt, deployment.endedAt - deployment.startedAt);
  }
  const caused = incidents.find((incident) => incident.causedBy === deployment.id && incident.closedAt !== undefined);
  if (caused?.closedAt === undefined) return undefined;
  const reachedUsers = Math.min(deployment.endedAt ?? caused.openedAt, caused.openedAt);
  return failure(deployment, caused.closedAt, caused.closedAt - reachedUsers);
}

/** Everything the records say should be counted, each with its claim (see {@link DeliveryEmission}). Pure. */
export function deliveryEmissions(records: DerivedRecords): DeliveryEmission[] {
  const emissions: DeliveryEmission[] = [];
  for (const deployment of records.deployments) {
    if (deployment.endedAt !== undefined) emissions.push(deploymentEmission({ ...deployment, endedAt: deployment.endedAt }));
    const failed = failureEmission(deployment, records.incidents);
    if (failed !== undefined) emissions.push(failed);
  }
  return emissions;
}
