/**
 * Bare side of the warm benchmark: the baseline's `POST /orders` (no telemetry) on the sample's
 * DynamoDB document client settings, with a client that answers in memory.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { dynamoDbClientConfig } from '../../src/runtime/dynamodb';
import { placeOrder } from './place-order';

/** Builds the bare `createOrder` on a client with the environment's settings and `requestHandler`. */
export function createWarmHandler(requestHandler: NonNullable<DynamoDBClientConfig['requestHandler']>): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...dynamoDbClientConfig(), requestHandler }), { marshallOptions: { removeUndefinedValues: true } });
  const tableName = process.env['ORDERS_TABLE_NAME'] ?? 'orders';
  return (event) => placeOrder(documents, tableName, event);
}
