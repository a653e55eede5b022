import { generateAlarms } from '../../alarms';
import { type DashboardViewKey, type GeneratedDashboard, generateDashboards } from '../../dashboards';
import { ordersServiceResources } from '../../deploy/service-resources';
import { catalog } from '../../observability.config';

/** The sample's three dashboards at `stage`, as deployed, and as `npm start` runs it (stage `dev`). */
export function ordersDashboards(stage = 'dev'): Record<DashboardViewKey, GeneratedDashboard> {
  const resources = ordersServiceResources(stage);
  return generateDashboards(catalog, resources, { alarms: generateAlarms(catalog, resources).alarms });
}
