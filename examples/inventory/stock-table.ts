import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/** Thrown when a reservation asks for more units than are left; the message names the SKU. */
export class InsufficientStockError extends Error {
  public constructor(sku: string, quantity: number, options?: ErrorOptions) {
    super(`Not enough stock of ${sku} to reserve ${quantity}.`, options);
    this.name = 'InsufficientStockError';
  }
}

/** Stock per SKU in one DynamoDB table (`sku` → `available`). */
export class StockTable {
  public constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Units left of `sku`, or undefined for a SKU the table does not hold. */
  public async available(sku: string): Promise<number | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { sku } }));
    return Item === undefined ? undefined : (Item.available as number);
  }

  /**
   * Takes `quantity` units of `sku` in one conditional write, so two checkouts can never both take
   * the last unit; returns the units left.
   * @throws {InsufficientStockError} when fewer than `quantity` are left (or the SKU is unknown).
   */
  public async reserve(sku: string, quantity: number): Promise<number> {
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { sku },
          UpdateExpression: 'SET available = available - :quantity',
          ConditionExpression: 'available >= :quantity',
          ExpressionAttributeValues: { ':quantity': quantity },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Attributes?.available as number;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new InsufficientStockError(sku, quantity, { cause: error });
      throw error;
    }
  }
}
