import type { DeliveryConfig } from '../../handlers/delivery/delivery-config';

/** The prod stage of the orders service, as the plugin configures its delivery function (no log groups or functions: the tests here read none). */
export const ORDERS_PROD_DELIVERY: DeliveryConfig = {
  service: 'orders',
  stage: 'prod',
  table: 'periscope-orders-prod-delivery',
  stackName: 'periscope-orders-prod',
  application: 'orders-prod',
  incidentAlarm: 'orders-prod-critical',
  alarmPrefix: 'orders-prod-',
  changeWindowMinutes: 60,
  dashboard: 'orders-prod-operations',
  logGroups: [],
  functionNames: [],
  sloWindowDays: 28,
};
