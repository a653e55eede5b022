/**
 * Baseline for the cold start: `POST /orders` instrumented with stock Powertools and middy, in the
 * shape the Powertools docs show (getting-started/patterns-middyjs): Logger with
 * `injectLambdaContext`, Tracer with `captureLambdaHandler` and `captureAWSv3Client`, Metrics with
 * `logMetrics` and `captureColdStartMetric`, one business metric and one log line per order. The
 * work is the bare baseline's: the sample's validation, pricing and DynamoDB adapter.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { dynamoDbClientConfig } from '../../../src/runtime/dynamodb';
import { createPlaceOrder } from './place-order';

// Service name and namespace come from POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE.
const logger = new Logger();
const tracer = new Tracer();
const metrics = new Metrics();

const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient(dynamoDbClientConfig())), {
  marshallOptions: { removeUndefinedValues: true },
});
const tableName = process.env['ORDERS_TABLE_NAME'] ?? 'orders';
const placeOrder = createPlaceOrder(documents, tableName);

/** `POST /orders` with Powertools. */
export const createOrder = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .handler(async (event: APIGatewayProxyEvent, context): Promise<APIGatewayProxyResult> => {
    const response = await placeOrder(event, context);
    if (response.statusCode === 201) {
      metrics.addMetric('OrderCreated', MetricUnit.Count, 1);
      logger.info('order created');
    }
    return response;
  });
