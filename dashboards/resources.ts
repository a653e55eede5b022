import { type CfnResource, naming } from '../alarms';
import type { DashboardViewKey, GeneratedDashboard } from './types';

/**
 * The dashboards as `AWS::CloudWatch::Dashboard` resources, keyed by logical id. The body is an
 * `Fn::Sub` so `${AWS::Region}`, `${AWS::AccountId}` and `${AWS::Partition}` become the stack's own.
 */
export function dashboardResources(dashboards: Readonly<Record<DashboardViewKey, GeneratedDashboard>>): Record<string, CfnResource> {
  const ids = naming('', '');
  return Object.fromEntries(
    Object.values(dashboards).map((dashboard) => [
      ids.logicalId(`${dashboard.name}-dashboard`),
      { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardName: dashboard.name, DashboardBody: { 'Fn::Sub': JSON.stringify(dashboard.body) } } },
    ]),
  );
}
