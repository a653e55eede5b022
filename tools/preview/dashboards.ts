import { generateAlarms } from '../../alarms';
import { fillPseudoParameters } from '../../dashboards/pseudo-parameters';
import type { DashboardViewKey, GeneratedDashboard } from '../../dashboards/types';
import { ordersServiceResources } from '../../deploy/service-resources';
import { catalog } from '../../observability.config';
import type { CfnResources } from '../emulators/cloudwatch/alarm-evaluator';
import { ordersDashboards } from '../stack/orders-dashboards';
import type { PreviewDashboard } from './dashboard-data';

/** What `${AWS::Region}` becomes in the preview: nothing here is in AWS. */
export const PREVIEW_REGION = 'local';
/** What `${AWS::AccountId}` becomes in the preview. */
export const PREVIEW_ACCOUNT = '000000000000';

const VIEW_ORDER: readonly DashboardViewKey[] = ['exec', 'ops', 'dev'];

/** The bodies with the template's pseudo parameters replaced, as `Fn::Sub` would replace them. */
export function previewDashboards(generated: Readonly<Record<DashboardViewKey, GeneratedDashboard>>): PreviewDashboard[] {
  return VIEW_ORDER.map((key) => {
    const text = fillPseudoParameters(JSON.stringify(generated[key].body), { region: PREVIEW_REGION, accountId: PREVIEW_ACCOUNT });
    return { key, name: generated[key].name, body: JSON.parse(text) as PreviewDashboard['body'] };
  });
}

/**
 * The sample service's three dashboards at `stage`, exactly as the plugin deploys them
 * (`ordersDashboards` from the generator), ready for the preview.
 * @example
 * ```ts
 * const [exec, ops, dev] = loadPreviewDashboards('dev');
 * ```
 */
export function loadPreviewDashboards(stage: string): PreviewDashboard[] {
  return previewDashboards(ordersDashboards(stage));
}

/**
 * The sample service's alarms at `stage` as the plugin deploys them (`generateAlarms` over the same
 * resources as its dashboards), for the preview to evaluate locally.
 */
export function loadPreviewAlarms(stage: string): CfnResources {
  return generateAlarms(catalog, ordersServiceResources(stage)).resources;
}
