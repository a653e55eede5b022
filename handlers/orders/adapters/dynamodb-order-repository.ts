import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { OrderAlreadyExistsError, OrderNotFoundError } from '../domain/errors';
import type { Order, OrderPage } from '../domain/order';
import type { OrderRepository, PageRequest } from '../domain/order-repository';
import { ORDERS_TABLE } from './order-table';
import { decodePageToken, encodePageToken } from './page-token';

/** The attributes an order is stored with: exactly the domain's fields. */
const toOrder = (item: Record<string, unknown>): Order => ({
  orderId: item.orderId as string,
  customerId: item.customerId as string,
  currency: item.currency as Order['currency'],
  items: item.items as Order['items'],
  total: item.total as number,
  status: item.status as Order['status'],
  createdAt: item.createdAt as string,
  ...(typeof item.fulfilledAt === 'string' ? { fulfilledAt: item.fulfilledAt } : {}),
});

/** Keeps orders in one DynamoDB table, with the `byCustomer` index serving each customer's list. */
export class DynamoDbOrderRepository implements OrderRepository {
  readonly #documents: DynamoDBDocumentClient;
  readonly #tableName: string;

  /**
   * @param documents - a document client, built once per module (see `createDocumentClient`)
   * @param tableName - the orders table
   */
  public constructor(documents: DynamoDBDocumentClient, tableName: string) {
    this.#documents = documents;
    this.#tableName = tableName;
  }

  public async create(order: Order): Promise<void> {
    try {
      await this.#documents.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { ...order },
          // Never overwrite: an id collision must fail loudly, not replace someone's order.
          ConditionExpression: 'attribute_not_exists(#id)',
          ExpressionAttributeNames: { '#id': ORDERS_TABLE.partitionKey },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new OrderAlreadyExistsError(order.orderId, { cause: error });
      throw error;
    }
  }

  public async findById(orderId: string): Promise<Order | undefined> {
    const { Item } = await this.#documents.send(new GetCommand({ TableName: this.#tableName, Key: { [ORDERS_TABLE.partitionKey]: orderId } }));
    return Item ? toOrder(Item) : undefined;
  }

  public async listByCustomer(customerId: string, page: PageRequest): Promise<OrderPage> {
    const index = ORDERS_TABLE.customerIndex;
    const startKey = page.nextToken === undefined ? undefined : decodePageToken(page.nextToken, customerId);
    // One more than asked tells whether another page exists, so the last page never comes back empty.
    const { Items = [] } = await this.#documents.send(
      new QueryCommand({
        TableName: this.#tableName,
        IndexName: index.name,
        KeyConditionExpression: '#customer = :customer',
        ExpressionAttributeNames: { '#customer': index.partitionKey },
        ExpressionAttributeValues: { ':customer': customerId },
        ScanIndexForward: false,
        Limit: page.limit + 1,
        ...(startKey ? { ExclusiveStartKey: { ...startKey } } : {}),
      }),
    );
    const items = Items.slice(0, page.limit).map(toOrder);
    const last = items[items.length - 1];
    return Items.length > page.limit && last ? { items, nextToken: encodePageToken(last) } : { items };
  }

  public async markFulfilled(orderId: string, fulfilledAt: string): Promise<Order> {
    try {
      const { Attributes } = await this.#documents.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { [ORDERS_TABLE.partitionKey]: orderId },
          // Only an order that exists; a second fulfilment keeps the first time.
          ConditionExpression: 'attribute_exists(#id)',
          UpdateExpression: 'SET #status = :fulfilled, #fulfilledAt = if_not_exists(#fulfilledAt, :at)',
          ExpressionAttributeNames: { '#id': ORDERS_TABLE.partitionKey, '#status': 'status', '#fulfilledAt': 'fulfilledAt' },
          ExpressionAttributeValues: { ':fulfilled': 'FULFILLED', ':at': fulfilledAt },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toOrder(Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new OrderNotFoundError(orderId, { cause: error });
      throw error;
    }
  }
}
