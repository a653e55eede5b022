import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { routeNotFound as answerRouteNotFound, createDocumentClient, createTelemetry, dynamoDbClientConfig, idempotentRoute, requireEnv, withObservability } from 'periscope';
import { catalog } from '../../observability.config';
import { DynamoDbOrderRepository } from './adapters/dynamodb-order-repository';
import { SqsOrderEvents } from './adapters/sqs-order-events';
import { OrderService } from './domain/order-service';
import { createOrderRoute } from './http/create-order-route';
import { ORDER_ERROR_MAPPINGS as errors } from './http/error-mappings';
import { getOrderRoute, listOrdersRoute } from './http/read-order-routes';

// Built once per execution environment (cold start); no I/O happens until the first request.
const telemetry = createTelemetry(catalog);
const documents = createDocumentClient(telemetry.tracer);
const orders = new OrderService({
  repository: new DynamoDbOrderRepository(documents, requireEnv('ORDERS_TABLE_NAME', 'the orders DynamoDB table')),
  // Placed orders are announced on the OrderPlaced queue, which the fulfilOrder function consumes.
  events: new SqsOrderEvents(telemetry.tracer.captureAWSv3Client(new SQSClient({})), requireEnv('ORDER_EVENTS_QUEUE_URL', 'the OrderPlaced SQS queue')),
});

// `Idempotency-Key` is honoured where the records table is configured (serverless.yml, npm start).
const idempotencyTable = process.env.IDEMPOTENCY_TABLE_NAME;
const placeOrder = createOrderRoute(orders, telemetry.businessMetrics);

/** `POST /orders`, idempotent by `Idempotency-Key` */
export const createOrder = withObservability(
  idempotencyTable ? idempotentRoute(placeOrder, { tableName: idempotencyTable, client: () => telemetry.tracer.captureAWSv3Client(new DynamoDBClient(dynamoDbClientConfig())) }) : placeOrder,
  { telemetry, errors },
);

/** `GET /orders/{orderId}` */
export const getOrder = withObservability(getOrderRoute(orders), { telemetry, errors });

/** `GET /orders?customerId=` */
export const listOrders = withObservability(listOrdersRoute(orders), { telemetry, errors });

/** `ANY /{proxy+}`: a JSON 404 for routes the API does not have. */
export const routeNotFound = withObservability(answerRouteNotFound, { telemetry });
