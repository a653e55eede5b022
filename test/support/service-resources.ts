import type { ServiceResources } from '../../alarms';
import { localResources } from '../../dashboards/local';

/** The orders service as `serverless package` deploys it at stage `dev` (checked against the packaged template). */
export const ordersResources = (): ServiceResources => localResources('dev');
