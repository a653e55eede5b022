import { dashboardName, type GeneratedAlarmSummary, naming, type ServiceResources, withTriggers } from '../alarms';
import type { ServiceDefinition } from '../src/catalog';
import { alertsCatalog } from '../src/catalog/alerts-catalog';
import { drawAlarmThresholds } from './alarm-thresholds';
import type { ViewContext } from './context';
import { layout } from './layout';
import type { DashboardBody, DashboardViewKey, GeneratedDashboard, WidgetSpec } from './types';
import { buildDeveloperDashboard } from './views/dev';
import { buildExecutiveDashboard } from './views/exec';
import { buildOperationsDashboard } from './views/ops';

/** Options of {@link generateDashboards}. */
export interface DashboardOptions {
  /** The service's generated alarms (from `generateAlarms`), for the alarm status widget and the threshold lines. */
  readonly alarms: readonly GeneratedAlarmSummary[];
}

/**
 * Each view: its dashboard name suffix (a catalog `DashboardView`), default time range, builder, and
 * whether its graphs carry the alarms' threshold lines (those who act on alarms; executives see SLO targets).
 */
const VIEWS: Readonly<Record<DashboardViewKey, { view: string; start: string; build: (context: ViewContext) => WidgetSpec[]; thresholds: boolean }>> = {
  exec: { view: 'executive', start: '-P28D', build: buildExecutiveDashboard, thresholds: false },
  ops: { view: 'operations', start: '-PT3H', build: buildOperationsDashboard, thresholds: true },
  dev: { view: 'developer', start: '-PT3H', build: buildDeveloperDashboard, thresholds: true },
};

/**
 * Builds the executive, operations and developer dashboards of a service from its catalog, its
 * deployed resources and its alarms. Pure: same input, same JSON. Region, account and partition appear as
 * `${AWS::Region}` / `${AWS::AccountId}` / `${AWS::Partition}`, for an `Fn::Sub` (the plugin) or
 * `fillPseudoParameters` (`npm run dashboards`).
 *
 * @example
 * ```ts
 * const alarms = generateAlarms(catalog, resources);
 * const { exec, ops, dev } = generateDashboards(catalog, resources, { alarms: alarms.alarms });
 * ```
 */
export function generateDashboards(catalog: ServiceDefinition, resources: ServiceResources, options: DashboardOptions): Record<DashboardViewKey, GeneratedDashboard> {
  const names = naming(catalog.service, resources.stage);
  const context: ViewContext = {
    catalog,
    resources,
    names,
    functions: withTriggers(catalog, resources.functions),
    alarms: options.alarms,
    notifierCatalog: resources.notifier === undefined ? undefined : alertsCatalog,
  };
  const build = (key: DashboardViewKey): GeneratedDashboard => {
    const { view, start, build: widgets, thresholds } = VIEWS[key];
    const specs = thresholds ? drawAlarmThresholds(widgets(context), context.alarms, names.prefix) : widgets(context);
    const body: DashboardBody = { start, periodOverride: 'inherit', widgets: layout(specs) };
    return { name: dashboardName(names.prefix, view), body };
  };
  return { exec: build('exec'), ops: build('ops'), dev: build('dev') };
}
