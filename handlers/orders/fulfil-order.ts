import { createDocumentClient, createTelemetry, requireEnv, withSqsObservability } from 'periscope';
import { catalog } from '../../observability.config';
import { DynamoDbOrderRepository } from './adapters/dynamodb-order-repository';
import { OrderService } from './domain/order-service';
import { fulfilOrderRecord } from './queue/fulfil-order-record';

// Built once per execution environment (cold start); no I/O happens until the first batch.
const telemetry = createTelemetry(catalog);
const orders = new OrderService({ repository: new DynamoDbOrderRepository(createDocumentClient(telemetry.tracer), requireEnv('ORDERS_TABLE_NAME', 'the orders DynamoDB table')) });

/** The `OrderPlaced` queue's consumer: each record fulfils one order; failed records are retried alone (partial batch response). */
export const handler = withSqsObservability(fulfilOrderRecord(orders, telemetry.businessMetrics), { telemetry });
