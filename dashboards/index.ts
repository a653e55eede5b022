/**
 * Periscope's dashboard generator: catalog + resources + alarms → executive, operations and developer dashboards.
 * @packageDocumentation
 */
export { type DashboardOptions, generateDashboards } from './generate';
export { type DashboardMetric, dashboardMetrics } from './metrics-of';
export { fillPseudoParameters, type StackPlace } from './pseudo-parameters';
export { dashboardResources } from './resources';
export { type SavedQuery, savedQueries, savedQueryResources } from './saved-queries';
export * from './types';
export { ACCOUNT, PARTITION, REGION } from './widgets';
