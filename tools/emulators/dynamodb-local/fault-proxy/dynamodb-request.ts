/**
 * What a DynamoDB request touches — its table, the index it reads through, the indexes its write
 * updates — read from its JSON body, and what the proxy reports of each request it answered.
 * Pure: no I/O.
 */

/** A table's global secondary indexes and their key attributes, as `CreateTable` declares them. */
export interface TableIndexes {
  readonly TableName: string;
  readonly GlobalSecondaryIndexes?: readonly { readonly IndexName: string; readonly KeySchema: readonly { readonly AttributeName: string }[] }[];
}

/** Whether an operation reads or writes items (`ReadThrottleEvents` or `WriteThrottleEvents`), or neither (`DescribeTable`...). */
export type DynamoDbAccess = 'read' | 'write' | 'control';

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** What one request touches. */
export interface DynamoDbRequestTarget {
  readonly operation: string;
  readonly access: DynamoDbAccess;
  /** Its `TableName`; undefined for batches and transactions, which name a table per item. */
  readonly tableName?: string;
  /** The index a Query or Scan goes through (`IndexName`). */
  readonly indexName?: string;
  /**
   * The global secondary indexes a write updates: for a PutItem, those whose key attributes the item
   * carries (an index holds only such items); for an UpdateItem or DeleteItem, every index of the
   * table, as the item they change may be in any (the proxy does not read the stored item).
   */
  readonly indexesWritten: readonly string[];
}

/** One request the proxy answered, for what CloudWatch would count of it. */
export interface DynamoDbRequestRecord extends DynamoDbRequestTarget {
  /** `answered` by the target (any status), or by a fault. */
  readonly outcome: 'answered' | 'throttled' | 'server-error';
  /** HTTP status of the answer. */
  readonly status: number;
  /** Milliseconds from the request's arrival at the proxy to its answer's headers, an injected delay included: DynamoDB's side of the call. */
  readonly latencyMs: number;
  /** For a throttled request, the index whose capacity ran out; undefined when it was the table's. */
  readonly throttledIndex?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const parseBody = (body: Buffer): Record<string, unknown> => {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
};

/** The indexes a write to `tableName` updates (see {@link DynamoDbRequestTarget.indexesWritten}). */
function indexesWrittenBy(operation: string, tableName: string | undefined, item: unknown, tables: readonly TableIndexes[]): string[] {
  const indexes = tables.find((table) => table.TableName === tableName)?.GlobalSecondaryIndexes ?? [];
  if (operation === 'UpdateItem' || operation === 'DeleteItem') return indexes.map((index) => index.IndexName);
  if (operation !== 'PutItem' || !isObject(item)) return [];
  return indexes.filter((index) => index.KeySchema.every((key) => key.AttributeName in item)).map((index) => index.IndexName);
}

/**
 * What a request touches, from its operation and JSON body.
 * @param tables - the tables' indexes, to tell which indexes a write updates
 * @example
 * ```ts
 * requestTargetOf('Query', Buffer.from('{"TableName":"orders","IndexName":"byCustomer"}'), []);
 * // { operation: 'Query', access: 'read', tableName: 'orders', indexName: 'byCustomer', indexesWritten: [] }
 * ```
 */
export function requestTargetOf(operation: string, body: Buffer, tables: readonly TableIndexes[]): DynamoDbRequestTarget {
  const json = parseBody(body);
  const tableName = typeof json.TableName === 'string' ? json.TableName : undefined;
  const indexName = typeof json.IndexName === 'string' ? json.IndexName : undefined;
  const access: DynamoDbAccess = READS.has(operation) ? 'read' : WRITES.has(operation) ? 'write' : 'control';
  return {
    operation,
    access,
    ...(tableName === undefined ? {} : { tableName }),
    ...(indexName === undefined ? {} : { indexName }),
    indexesWritten: access === 'write' ? indexesWrittenBy(operation, tableName, json.Item, tables) : [],
  };
}

/** The indexes a request touches: the one it reads through, or the ones it writes. */
export const indexesTouched = (target: DynamoDbRequestTarget): readonly string[] => (target.indexName === undefined ? target.indexesWritten : [target.indexName]);
