import type { ServiceResources } from 'periscope/alarms';
import { catalog } from '../observability.config';

// The sample's serverless.yml conventions; a test checks them against what `serverless package` compiles.
const SERVICE = 'periscope-orders';
const TIMEOUT_SECONDS = 10;
const TABLE_OPERATIONS = ['GetItem', 'PutItem', 'Query'];

/**
 * The sample orders service's resources at `stage`, named as osls names them (functions
 * `<service>-<stage>-<key>`, the REST API `<stage>-<service>`), without running `serverless package`:
 * what the local stack, the fire drills, the preview and the bench generate alarms and dashboards from.
 */
export function ordersServiceResources(stage = 'dev'): ServiceResources {
  return {
    stage,
    functions: catalog.functions.map((fn) => ({ name: fn.name, functionName: `${SERVICE}-${stage}-${fn.name}`, timeoutSeconds: TIMEOUT_SECONDS })),
    api: { name: `${stage}-${SERVICE}`, stage },
    tables: [{ logicalId: 'OrdersTable', tableName: `${SERVICE}-${stage}-orders`, operations: TABLE_OPERATIONS }],
    notifier: {
      functionLogicalId: 'SlackNotifierLambdaFunction',
      roleLogicalId: 'SlackNotifierRole',
      functionName: `${SERVICE}-${stage}-slackNotifier`,
      webhookParameter: `/periscope/${catalog.service}/${stage}/slack/{tier}`,
    },
  };
}
