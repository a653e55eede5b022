/**
 * Bare side of the warm benchmark: the sample's own `POST /orders` route (handlers/orders/http),
 * domain, DynamoDB adapter and `OrderPlaced` publisher, without Periscope — no `withObservability`,
 * clients nobody traces, business metrics dropped, errors answered as `withObservability` answers
 * them — on clients that answer in memory. The two sides then differ only by the instrumentation,
 * which is what the overhead is meant to measure.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BusinessMetrics } from 'periscope';
import { DynamoDbOrderRepository } from '../../../handlers/orders/adapters/dynamodb-order-repository';
import { SqsOrderEvents } from '../../../handlers/orders/adapters/sqs-order-events';
import { OrderService } from '../../../handlers/orders/domain/order-service';
import { createOrderRoute } from '../../../handlers/orders/http/create-order-route';
import type { OrdersCatalog } from '../../../observability.config';
import { dynamoDbClientConfig } from '../../../src/runtime/dynamodb';
import type { ApiHandler } from '../../../src/runtime/with-observability';
import type { WarmRequestHandlers } from '../support/warm-request-handlers';
import { answeringErrorsAsTheSample, baselineSetting } from './place-order';

/** Business metrics that keep nothing: the route records, nothing is validated, buffered or written. */
const droppedMetrics = { record: () => undefined } as unknown as BusinessMetrics<OrdersCatalog>;

/** Builds the uninstrumented `createOrder` on clients with the environment's settings and the given request handlers. */
export function createWarmHandler(handlers: WarmRequestHandlers): ApiHandler {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...dynamoDbClientConfig(), requestHandler: handlers.dynamoDb }), { marshallOptions: { removeUndefinedValues: true } });
  const orders = new OrderService({
    repository: new DynamoDbOrderRepository(documents, process.env['ORDERS_TABLE_NAME'] ?? 'orders'),
    events: new SqsOrderEvents(new SQSClient({ requestHandler: handlers.sqs }), baselineSetting('ORDER_EVENTS_QUEUE_URL')),
  });
  return answeringErrorsAsTheSample(createOrderRoute(orders, droppedMetrics));
}
