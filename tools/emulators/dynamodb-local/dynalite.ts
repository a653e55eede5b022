import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { ordersTableDefinition } from '../../../handlers/orders/adapters/order-table';

/** A DynamoDB emulator running on loopback. */
export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Stops it; in-memory data is gone. */
  close(): Promise<void>;
}

/** Thrown when the local DynamoDB cannot start (usually: the port is taken). */
export class LocalDynamoDbError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalDynamoDbError';
  }
}

/**
 * Starts dynalite in this process, in memory, on `127.0.0.1:<port>` (0 picks a free port).
 * Tables are ACTIVE at once, as the code under test expects after CreateTable.
 */
export function startDynalite(port = 0): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new LocalDynamoDbError(error.code === 'EADDRINUSE' ? `port ${port} is already in use; set DYNAMODB_PORT to another port` : `dynalite failed to start: ${error.message}`, { cause: error }),
      ),
    );
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        endpoint: `http://127.0.0.1:${bound}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** A DynamoDB client for a loopback endpoint, with placeholder credentials. */
export const localDynamoDbClient = (endpoint: string): DynamoDBClient => new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** Creates the orders table (same keys and index as serverless.yml) unless it already exists. */
export async function ensureOrdersTable(endpoint: string, tableName: string): Promise<void> {
  await ensureTable(endpoint, ordersTableDefinition(tableName));
}

/** Creates the idempotency records table (`id` partition key, as Powertools idempotency expects) unless it exists. */
export async function ensureIdempotencyTable(endpoint: string, tableName: string): Promise<void> {
  await ensureTable(endpoint, {
    TableName: tableName,
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
}

async function ensureTable(endpoint: string, definition: ConstructorParameters<typeof CreateTableCommand>[0]): Promise<void> {
  const client = localDynamoDbClient(endpoint);
  try {
    await client.send(new CreateTableCommand(definition));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
}
