/**
 * Stock Powertools side of the warm benchmark: the cold start's Powertools variant (the documented
 * middy shape, ./powertools-middy.ts) on DynamoDB and SQS clients that answer in memory. Its route is
 * the bare side's work, so its overhead is stock Powertools' instrumentation alone.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbClientConfig } from '../../../src/runtime/dynamodb';
import type { WarmRequestHandlers } from '../support/warm-request-handlers';
import { BenchOrderEvents } from './order-events';
import { baselineSetting, createPlaceOrder } from './place-order';
import { type PowertoolsHandler, withPowertools } from './powertools-middy';

/** Builds `createOrder` with stock Powertools on traced clients with the environment's settings and the given request handlers. */
export function createWarmHandler(handlers: WarmRequestHandlers): PowertoolsHandler {
  // Service name and namespace come from POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE.
  const utilities = { logger: new Logger(), tracer: new Tracer(), metrics: new Metrics() };
  const client = utilities.tracer.captureAWSv3Client(new DynamoDBClient({ ...dynamoDbClientConfig(), requestHandler: handlers.dynamoDb }));
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const events = new BenchOrderEvents(utilities.tracer.captureAWSv3Client(new SQSClient({ requestHandler: handlers.sqs })), baselineSetting('ORDER_EVENTS_QUEUE_URL'));
  return withPowertools(createPlaceOrder(documents, process.env['ORDERS_TABLE_NAME'] ?? 'orders', events), utilities);
}
