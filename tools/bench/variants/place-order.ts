import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { orderTotal, validateOrderRequest } from './order-request';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

const badRequest = (code: string, message: string, details?: readonly string[]): APIGatewayProxyResult => ({
  statusCode: 400,
  headers: JSON_HEADERS,
  body: JSON.stringify({ error: { code, message, details } }),
});

/**
 * `POST /orders` without telemetry, doing the sample's work: parse the JSON body, validate it,
 * price it, `PutItem` it (never overwriting, as the sample), answer 201 with the order and a
 * `location`, or 400 naming the bad fields.
 */
export async function placeOrder(documents: DynamoDBDocumentClient, tableName: string, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  let body: unknown;
  try {
    body = JSON.parse(event.body ?? '');
  } catch (error) {
    return badRequest('MalformedJson', `Request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const validated = validateOrderRequest(body);
  if ('problems' in validated) return badRequest('InvalidOrder', 'The order is invalid.', validated.problems);
  const { customerId, currency, items } = validated.order;
  const order = {
    orderId: crypto.randomUUID(),
    customerId,
    currency,
    items: items.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice })),
    total: orderTotal(validated.order),
    status: 'PLACED',
    createdAt: new Date().toISOString(),
  };
  await documents.send(
    new PutCommand({ TableName: tableName, Item: order, ConditionExpression: 'attribute_not_exists(#id)', ExpressionAttributeNames: { '#id': 'orderId' } }),
  );
  return { statusCode: 201, headers: { ...JSON_HEADERS, location: `/orders/${encodeURIComponent(order.orderId)}` }, body: JSON.stringify(order) };
}
