/**
 * The orders table's shape, shared by the adapter, the local stack and the tests so that they
 * cannot drift from `serverless.yml` (a unit test checks the template against it).
 */
export const ORDERS_TABLE = {
  partitionKey: 'orderId',
  customerIndex: { name: 'byCustomer', partitionKey: 'customerId', sortKey: 'createdAt' },
} as const;

/** The CreateTable input for a local or test table of this shape (on-demand billing). */
export function ordersTableDefinition(tableName: string) {
  const { partitionKey, customerIndex } = ORDERS_TABLE;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: partitionKey, AttributeType: 'S' as const },
      { AttributeName: customerIndex.partitionKey, AttributeType: 'S' as const },
      { AttributeName: customerIndex.sortKey, AttributeType: 'S' as const },
    ],
    KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' as const }],
    GlobalSecondaryIndexes: [
      {
        IndexName: customerIndex.name,
        KeySchema: [
          { AttributeName: customerIndex.partitionKey, KeyType: 'HASH' as const },
          { AttributeName: customerIndex.sortKey, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'ALL' as const },
      },
    ],
  };
}
