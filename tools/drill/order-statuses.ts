import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ORDERS_TABLE } from '../../handlers/orders/adapters/order-table';

/** The most keys one `BatchGetItem` takes. */
const BATCH_GET = 100;

/**
 * How many of `orderIds` the orders table holds as FULFILLED, read from the local DynamoDB at
 * `endpoint` itself — not through the drill's fault proxy, whose calls are the scenario's metrics.
 */
export async function countFulfilled(endpoint: string, tableName: string, orderIds: readonly string[]): Promise<number> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });
  let fulfilled = 0;
  try {
    for (let i = 0; i < orderIds.length; i += BATCH_GET) {
      let keys: Record<string, { S: string }>[] | undefined = orderIds.slice(i, i + BATCH_GET).map((id) => ({ [ORDERS_TABLE.partitionKey]: { S: id } }));
      while (keys !== undefined && keys.length > 0) {
        const answer = await client.send(
          new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: keys, ProjectionExpression: '#status', ExpressionAttributeNames: { '#status': 'status' } } } }),
        );
        fulfilled += (answer.Responses?.[tableName] ?? []).filter((item) => item['status']?.S === 'FULFILLED').length;
        keys = answer.UnprocessedKeys?.[tableName]?.Keys as Record<string, { S: string }>[] | undefined;
      }
    }
  } finally {
    client.destroy();
  }
  return fulfilled;
}
