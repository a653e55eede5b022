/**
 * Periscope sides of the warm benchmark: the sample's `createOrder` (handlers/orders/handler.ts),
 * wired line for line as there, except that its DynamoDB and SQS clients answer in memory. Like the
 * sample it leaves the tracing mode to the runtime: the default, or lean where its process has
 * `PERISCOPE_TRACING=lean`.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient, createTelemetry, type ObservedApiHandler, requireEnv, withObservability } from 'periscope';
import { DynamoDbOrderRepository } from '../../../handlers/orders/adapters/dynamodb-order-repository';
import { SqsOrderEvents } from '../../../handlers/orders/adapters/sqs-order-events';
import { OrderService } from '../../../handlers/orders/domain/order-service';
import { createOrderRoute } from '../../../handlers/orders/http/create-order-route';
import { ORDER_ERROR_MAPPINGS } from '../../../handlers/orders/http/error-mappings';
import { catalog } from '../../../observability.config';
import { dynamoDbClientConfig } from '../../../src/runtime/dynamodb';
import type { WarmRequestHandlers } from '../support/warm-request-handlers';

/** Builds the sample's `createOrder` on clients with the environment's settings and the given request handlers. */
export function createWarmHandler(handlers: WarmRequestHandlers): ObservedApiHandler {
  const telemetry = createTelemetry(catalog);
  const documents = createDocumentClient(telemetry.tracer, { ...dynamoDbClientConfig(), requestHandler: handlers.dynamoDb });
  const orders = new OrderService({
    repository: new DynamoDbOrderRepository(documents, requireEnv('ORDERS_TABLE_NAME', 'the orders DynamoDB table')),
    events: new SqsOrderEvents(telemetry.tracer.captureAWSv3Client(new SQSClient({ requestHandler: handlers.sqs })), requireEnv('ORDER_EVENTS_QUEUE_URL', 'the OrderPlaced SQS queue')),
  });
  return withObservability(createOrderRoute(orders, telemetry.businessMetrics), { telemetry, errors: ORDER_ERROR_MAPPINGS });
}
