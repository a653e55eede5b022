/**
 * Baseline for the cold start: the sample's `POST /orders` work (its validation, pricing, DynamoDB
 * adapter and `OrderPlaced` on SQS) with no telemetry at all, on the same DynamoDB document client
 * settings as the sample (`dynamoDbClientConfig`, `removeUndefinedValues`) and a plain SQS client.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbClientConfig } from '../../../src/runtime/dynamodb';
import { BenchOrderEvents } from './order-events';
import { baselineSetting, createPlaceOrder } from './place-order';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient(dynamoDbClientConfig()), { marshallOptions: { removeUndefinedValues: true } });
const tableName = process.env['ORDERS_TABLE_NAME'] ?? 'orders';
const events = new BenchOrderEvents(new SQSClient({}), baselineSetting('ORDER_EVENTS_QUEUE_URL'));

/** `POST /orders`, bare. */
export const createOrder = createPlaceOrder(documents, tableName, events);
