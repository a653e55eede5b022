/**
 * Stock Powertools side of the warm benchmark: the cold start's Powertools variant (the documented
 * middy shape, ./powertools-middy.ts) on a DynamoDB client that answers in memory. Its route is the
 * bare side's work, so its overhead is stock Powertools' instrumentation alone.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbClientConfig } from '../../../src/runtime/dynamodb';
import { createPlaceOrder } from './place-order';
import { type PowertoolsHandler, withPowertools } from './powertools-middy';

/** Builds `createOrder` with stock Powertools on a traced client with the environment's settings and `requestHandler`. */
export function createWarmHandler(requestHandler: NonNullable<DynamoDBClientConfig['requestHandler']>): PowertoolsHandler {
  // Service name and namespace come from POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE.
  const utilities = { logger: new Logger(), tracer: new Tracer(), metrics: new Metrics() };
  const client = utilities.tracer.captureAWSv3Client(new DynamoDBClient({ ...dynamoDbClientConfig(), requestHandler }));
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return withPowertools(createPlaceOrder(documents, process.env['ORDERS_TABLE_NAME'] ?? 'orders'), utilities);
}
