/**
 * Periscope sides of the warm benchmark: the sample's `createOrder` (handlers/orders/handler.ts),
 * wired line for line as there, except that its DynamoDB client answers in memory. Like the sample
 * it leaves the tracing mode to the runtime: the default, or lean where its process has
 * `PERISCOPE_TRACING=lean`.
 */
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, createTelemetry, type ObservedApiHandler, requireEnv, withObservability } from 'periscope';
import { DynamoDbOrderRepository } from '../../../handlers/orders/adapters/dynamodb-order-repository';
import { OrderService } from '../../../handlers/orders/domain/order-service';
import { createOrderRoute } from '../../../handlers/orders/http/create-order-route';
import { ORDER_ERROR_MAPPINGS } from '../../../handlers/orders/http/error-mappings';
import { catalog } from '../../../observability.config';
import { dynamoDbClientConfig } from '../../../src/runtime/dynamodb';

/** Builds the sample's `createOrder` on a client with the environment's settings and `requestHandler`. */
export function createWarmHandler(requestHandler: NonNullable<DynamoDBClientConfig['requestHandler']>): ObservedApiHandler {
  const telemetry = createTelemetry(catalog);
  const documents = createDocumentClient(telemetry.tracer, { ...dynamoDbClientConfig(), requestHandler });
  const orders = new OrderService({ repository: new DynamoDbOrderRepository(documents, requireEnv('ORDERS_TABLE_NAME', 'the orders DynamoDB table')) });
  return withObservability(createOrderRoute(orders, telemetry.businessMetrics), { telemetry, errors: ORDER_ERROR_MAPPINGS });
}
