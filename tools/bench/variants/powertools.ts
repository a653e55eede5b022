/**
 * Baseline for the cold start: `POST /orders` instrumented with stock Powertools and middy, in the
 * shape the Powertools docs show (see ./powertools-middy.ts), `captureAWSv3Client` on its DynamoDB
 * and SQS clients. The work is the bare baseline's: the sample's validation, pricing, DynamoDB
 * adapter and `OrderPlaced` on SQS.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbClientConfig } from '../../../src/runtime/dynamodb';
import { BenchOrderEvents } from './order-events';
import { baselineSetting, createPlaceOrder } from './place-order';
import { withPowertools } from './powertools-middy';

// Service name and namespace come from POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE.
const logger = new Logger();
const tracer = new Tracer();
const metrics = new Metrics();

const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient(dynamoDbClientConfig())), {
  marshallOptions: { removeUndefinedValues: true },
});
const tableName = process.env['ORDERS_TABLE_NAME'] ?? 'orders';
const events = new BenchOrderEvents(tracer.captureAWSv3Client(new SQSClient({})), baselineSetting('ORDER_EVENTS_QUEUE_URL'));

/** `POST /orders` with Powertools. */
export const createOrder = withPowertools(createPlaceOrder(documents, tableName, events), { logger, tracer, metrics });
