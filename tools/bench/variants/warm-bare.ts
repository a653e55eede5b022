/**
 * Bare side of the warm benchmark: the sample's own `POST /orders` route (handlers/orders/http),
 * domain and DynamoDB adapter, without Periscope — no `withObservability`, a client nobody traces,
 * business metrics dropped, errors answered as `withObservability` answers them — on a client that
 * answers in memory. The two sides then differ only by the instrumentation, which is what the
 * overhead is meant to measure.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BusinessMetrics } from 'periscope';
import { DynamoDbOrderRepository } from '../../../handlers/orders/adapters/dynamodb-order-repository';
import { OrderService } from '../../../handlers/orders/domain/order-service';
import { createOrderRoute } from '../../../handlers/orders/http/create-order-route';
import type { OrdersCatalog } from '../../../observability.config';
import { dynamoDbClientConfig } from '../../../src/runtime/dynamodb';
import type { ApiHandler } from '../../../src/runtime/with-observability';
import { answeringErrorsAsTheSample } from './place-order';

/** Business metrics that keep nothing: the route records, nothing is validated, buffered or written. */
const droppedMetrics = { record: () => undefined } as unknown as BusinessMetrics<OrdersCatalog>;

/** Builds the uninstrumented `createOrder` on a client with the environment's settings and `requestHandler`. */
export function createWarmHandler(requestHandler: NonNullable<DynamoDBClientConfig['requestHandler']>): ApiHandler {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...dynamoDbClientConfig(), requestHandler }), { marshallOptions: { removeUndefinedValues: true } });
  const orders = new OrderService({ repository: new DynamoDbOrderRepository(documents, process.env['ORDERS_TABLE_NAME'] ?? 'orders') });
  return answeringErrorsAsTheSample(createOrderRoute(orders, droppedMetrics));
}
