/**
 * Baseline for the cold start: the sample's `POST /orders` work (its validation, pricing and DynamoDB
 * adapter) with no telemetry at all, on the same DynamoDB document client settings as the sample
 * (`dynamoDbClientConfig`, `removeUndefinedValues`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbClientConfig } from '../../../src/runtime/dynamodb';
import { createPlaceOrder } from './place-order';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient(dynamoDbClientConfig()), { marshallOptions: { removeUndefinedValues: true } });
const tableName = process.env['ORDERS_TABLE_NAME'] ?? 'orders';

/** `POST /orders`, bare. */
export const createOrder = createPlaceOrder(documents, tableName);
