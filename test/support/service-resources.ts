import type { ServiceResources } from '../../alarms';
import { catalog } from '../../observability.config';

/** The orders service as `serverless package` deploys it at stage `dev`, as the plugin reads it. */
export const ordersResources = (): ServiceResources => ({
  stage: 'dev',
  functions: catalog.functions.map((fn) => ({ name: fn.name, functionName: `periscope-orders-dev-${fn.name}`, timeoutSeconds: 10 })),
  api: { name: 'dev-periscope-orders', stage: 'dev' },
  tables: [{ logicalId: 'OrdersTable', tableName: 'periscope-orders-dev-orders', operations: ['GetItem', 'PutItem', 'Query'] }],
  notifier: {
    functionLogicalId: 'SlackNotifierLambdaFunction',
    roleLogicalId: 'SlackNotifierRole',
    functionName: 'periscope-orders-dev-slackNotifier',
    webhookParameter: '/periscope/orders/dev/slack/{tier}',
  },
});
