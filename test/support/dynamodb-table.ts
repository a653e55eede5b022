import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbOrderRepository } from '../../handlers/orders/adapters/dynamodb-order-repository';
import { ensureOrdersTable, localDynamoDbClient } from '../../tools/emulators/dynamodb-local/dynalite';
import type { RepositoryFactory } from '../contract/order-repository.contract';

let tables = 0;

/** A factory giving each test its own freshly created orders table on a local DynamoDB endpoint. */
export const dynamoDbRepositoryFactory =
  (endpoint: () => string): RepositoryFactory =>
  async () => {
    tables += 1;
    const tableName = `orders-contract-${process.pid}-${tables}`;
    await ensureOrdersTable(endpoint(), tableName);
    const client = localDynamoDbClient(endpoint());
    const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    return {
      repository: new DynamoDbOrderRepository(documents, tableName),
      dispose: async () => {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
        client.destroy();
      },
    };
  };
