import type { DeployedTrigger, ServiceResources } from 'periscope/alarms';
import { ORDERS_TABLE } from '../handlers/orders/adapters/order-table';
import { catalog } from '../observability.config';

// The sample's serverless.yml conventions; a test checks them against what `serverless package` compiles.
const SERVICE = 'periscope-orders';
const TIMEOUT_SECONDS = 10;
const TABLE_OPERATIONS = ['GetItem', 'PutItem', 'Query', 'UpdateItem'];
/** `reservedConcurrency` of the functions that set one in serverless.yml. */
const RESERVED_CONCURRENCY: Readonly<Record<string, number>> = { createOrder: 20 };

/** What invokes each function in serverless.yml: the REST API, but fulfilOrder's OrderPlaced queue (partial batch responses, 3 receives, then its dead letter queue). */
const triggersOf = (name: string, stage: string): DeployedTrigger[] =>
  name === 'fulfilOrder'
    ? [{ kind: 'sqs', queueName: `${SERVICE}-${stage}-order-placed`, deadLetterQueueName: `${SERVICE}-${stage}-order-placed-dlq`, reportsBatchItemFailures: true }]
    : [{ kind: 'rest-api' }];

/**
 * The sample orders service's resources at `stage`, named as osls names them (functions
 * `<service>-<stage>-<key>`, the REST API `<stage>-<service>`, the queues `<service>-<stage>-…`), with
 * what invokes each function, without running `serverless package`:
 * what the local stack, the fire drills, the preview and the bench generate alarms and dashboards from.
 */
export function ordersServiceResources(stage = 'dev'): ServiceResources {
  return {
    stage,
    functions: catalog.functions.map((fn) => {
      const reserved = RESERVED_CONCURRENCY[fn.name];
      return {
        name: fn.name,
        functionName: `${SERVICE}-${stage}-${fn.name}`,
        timeoutSeconds: TIMEOUT_SECONDS,
        ...(reserved === undefined ? {} : { reservedConcurrency: reserved }),
        triggers: triggersOf(fn.name, stage),
      };
    }),
    api: { name: `${stage}-${SERVICE}`, stage },
    stackName: `${SERVICE}-${stage}`,
    tables: [{ logicalId: 'OrdersTable', tableName: `${SERVICE}-${stage}-orders`, operations: TABLE_OPERATIONS, globalSecondaryIndexes: [ORDERS_TABLE.customerIndex.name] }],
    notifier: {
      functionLogicalId: 'SlackNotifierLambdaFunction',
      roleLogicalId: 'SlackNotifierRole',
      functionName: `${SERVICE}-${stage}-slackNotifier`,
      webhookParameter: `/periscope/${catalog.service}/${stage}/slack/{tier}`,
    },
    delivery: { functionLogicalId: 'DeliveryMetricsLambdaFunction', roleLogicalId: 'DeliveryMetricsRole', functionName: `${SERVICE}-${stage}-deliveryMetrics` },
  };
}
