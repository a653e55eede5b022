/**
 * Periscope's dashboard generator: catalog + resources + alarms → executive, operations and developer dashboards.
 * @packageDocumentation
 */
export { type DashboardOptions, generateDashboards } from './generate';
export { dashboardMetrics, type DashboardMetric } from './metrics-of';
export { ACCOUNT, REGION } from './widgets';
export * from './types';
export { dashboardResources } from './resources';
