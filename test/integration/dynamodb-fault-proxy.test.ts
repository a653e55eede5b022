import { createServer } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  DynamoDBServiceException,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type LocalDynamoDb, localDynamoDbClient, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { type DynamoDbFaultProxy, DynamoDbFaultProxyError, type DynamoDbOperationStats, type DynamoDbRequestRecord, startDynamoDbFaultProxy } from '../../tools/emulators/dynamodb-local/fault-proxy';

const TABLE = 'fault-drill';
const item = (id: string) => ({ pk: { S: id }, note: { S: `written as ${id}` } });
const put = (id: string) => new PutItemCommand({ TableName: TABLE, Item: item(id) });
const get = (id: string) => new GetItemCommand({ TableName: TABLE, Key: { pk: { S: id } }, ConsistentRead: true });
/** One operation's line in `stats()`, zeros but for `partial`. */
const counts = (partial: Partial<DynamoDbOperationStats>): DynamoDbOperationStats => ({
  forwarded: 0,
  faulted: 0,
  throttled: 0,
  serverErrors: 0,
  delayed: 0,
  hung: 0,
  resets: 0,
  ...partial,
});
/** The rejection of a promise that must reject; fails the test (instead of passing silently) when it resolves. */
const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );

describe('DynamoDB fault proxy between the real AWS SDK and dynalite', () => {
  let dynamo: LocalDynamoDb;
  let direct: DynamoDBClient;
  let proxy: DynamoDbFaultProxy;
  let randoms: number[];
  const clients: DynamoDBClient[] = [];

  /** An SDK client pointed at the proxy; one attempt, so a fault surfaces at once. */
  const sdkClient = (config: Partial<DynamoDBClientConfig> = {}): DynamoDBClient => {
    const client = new DynamoDBClient({
      endpoint: proxy.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
      ...config,
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    dynamo = await startDynalite(0);
    direct = localDynamoDbClient(dynamo.endpoint);
    await direct.send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });

  beforeEach(async () => {
    randoms = [];
    proxy = await startDynamoDbFaultProxy({ target: dynamo.endpoint, random: () => randoms.shift() ?? 0.5 });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await proxy.close();
  });

  afterAll(async () => {
    direct?.destroy();
    await dynamo?.close();
  });

  it('forwards CreateTable, PutItem and GetItem unchanged when no fault is set', async () => {
    // Prepare
    const client = sdkClient();

    // Act
    const created = await client.send(
      new CreateTableCommand({
        TableName: 'through-the-proxy',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await client.send(put('passthrough'));
    const read = await client.send(get('passthrough'));

    // Assess
    expect(created.TableDescription?.TableName).toBe('through-the-proxy');
    expect(read.Item).toEqual(item('passthrough'));
    expect(read.$metadata).toMatchObject({ httpStatusCode: 200, requestId: expect.stringMatching(/^[A-Z0-9]{52}$/) });
    expect(proxy.stats()).toEqual({ CreateTable: counts({ forwarded: 1 }), PutItem: counts({ forwarded: 1 }), GetItem: counts({ forwarded: 1 }) });
  });

  it('throttles with the ProvisionedThroughputExceededException the SDK knows, without reaching DynamoDB', async () => {
    // Prepare
    proxy.setFault({ kind: 'throttle' });

    // Act
    const error = await rejectionOf(sdkClient().send(put('throttled')));

    // Assess
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(error).toMatchObject({
      name: 'ProvisionedThroughputExceededException',
      message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, requestId: expect.stringMatching(/^[A-Z0-9]{52}$/), attempts: 1 },
    });
    expect((await direct.send(get('throttled'))).Item).toBeUndefined();
    expect(proxy.stats()).toEqual({ PutItem: counts({ faulted: 1, throttled: 1 }) });
  });

  it('throttles with ThrottlingException when asked', async () => {
    // Prepare
    proxy.setFault({ kind: 'throttle', exception: 'ThrottlingException' });

    // Act
    const error = await rejectionOf(sdkClient().send(put('on-demand-throttled')));

    // Assess
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error).toMatchObject({ $fault: 'client', $metadata: { httpStatusCode: 400 }, message: expect.stringMatching(/^Throughput exceeds the current capacity/) });
  });

  it('answers a server error as the InternalServerError the SDK knows', async () => {
    // Prepare
    proxy.setFault({ kind: 'server-error' });

    // Act
    const error = await rejectionOf(sdkClient().send(get('anything')));

    // Assess
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ message: 'Internal server error', $fault: 'server', $metadata: { httpStatusCode: 500 } });
    expect(proxy.stats()).toEqual({ GetItem: counts({ faulted: 1, serverErrors: 1 }) });
  });

  it('is retried by the SDK like a real throttle, and the retry gets through', async () => {
    // Prepare: the first PutItem draws 0.1 (< 0.5, throttled), the retry 0.9 (forwarded); no backoff, to stay fast.
    proxy.setFault({ kind: 'throttle', probability: 0.5 });
    randoms = [0.1, 0.9];
    const client = sdkClient({ retryStrategy: new ConfiguredRetryStrategy(2, 0) });

    // Act
    const written = await client.send(put('retried'));

    // Assess
    expect(written.$metadata.attempts).toBe(2);
    expect((await direct.send(get('retried'))).Item).toEqual(item('retried'));
    expect(proxy.stats().PutItem).toEqual(counts({ forwarded: 1, faulted: 1, throttled: 1 }));
  });

  it('faults only the listed operations', async () => {
    // Prepare
    const client = sdkClient();
    await client.send(put('filtered'));
    proxy.setFault({ kind: 'throttle', operations: ['PutItem'] });

    // Act
    const putError = await rejectionOf(client.send(put('filtered-again')));
    const read = await client.send(get('filtered'));

    // Assess
    expect(putError).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(read.Item).toEqual(item('filtered'));
    expect(proxy.stats()).toEqual({ PutItem: counts({ forwarded: 1, faulted: 1, throttled: 1 }), GetItem: counts({ forwarded: 1 }) });
  });

  it('faults a request when random() is below the probability', async () => {
    // Prepare
    proxy.setFault({ kind: 'server-error', probability: 0.25 });
    randoms = [0.2, 0.25, 0.9];
    const client = sdkClient();

    // Act
    const outcomes = [];
    for (const id of ['p1', 'p2', 'p3']) {
      outcomes.push(
        await client.send(put(id)).then(
          () => 'ok',
          (error: unknown) => (error instanceof InternalServerError ? 'fault' : error),
        ),
      );
    }

    // Assess
    expect(outcomes).toEqual(['fault', 'ok', 'ok']);
    expect(proxy.stats()).toEqual({ PutItem: counts({ forwarded: 2, faulted: 1, serverErrors: 1 }) });
  });

  it('delays a request: answered late, or a TimeoutError for a client with a shorter requestTimeout', async () => {
    // Prepare
    proxy.setFault({ kind: 'delay', ms: 150, operations: ['GetItem'] });
    const patient = sdkClient();
    const hasty = sdkClient({ requestHandler: new NodeHttpHandler({ requestTimeout: 50, throwOnRequestTimeout: true }) });

    // Act
    const startedAt = performance.now();
    const read = await patient.send(get('delayed'));
    const elapsed = performance.now() - startedAt;
    const error = await rejectionOf(hasty.send(get('delayed')));

    // Assess
    expect(read.$metadata.httpStatusCode).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(145);
    expect(error).toMatchObject({ name: 'TimeoutError', message: expect.stringContaining('50 ms requestTimeout') });
    // The hasty client left before the delay ended, so its request never reached DynamoDB.
    expect(proxy.stats()).toEqual({ GetItem: counts({ forwarded: 1, faulted: 2, delayed: 2 }) });
  });

  it('hangs until the client gives up, and close() drops the hung connection', async () => {
    // Prepare
    proxy.setFault({ kind: 'hang' });
    const client = sdkClient({ requestHandler: new NodeHttpHandler({ requestTimeout: 50, throwOnRequestTimeout: true }) });
    const stuck = sdkClient();

    // Act
    const error = await rejectionOf(client.send(get('hung')));
    const stuckCall = rejectionOf(stuck.send(get('hung')));
    // Closed once the proxy holds the second request, not after a fixed pause: a busy machine can take
    // longer than any pause to connect, and a connection dropped while connecting is another error.
    for (let waited = 0; (proxy.stats().GetItem?.hung ?? 0) < 2 && waited < 5000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
    await proxy.close();
    const stuckError = await stuckCall;

    // Assess
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(stuckError).toMatchObject({ message: expect.stringContaining('socket hang up') });
    expect(proxy.stats()).toEqual({ GetItem: counts({ faulted: 2, hung: 2 }) });
  });

  it('resets the connection: the SDK sees a network error, not a DynamoDB answer', async () => {
    // Prepare
    proxy.setFault({ kind: 'reset', operations: ['PutItem'] });

    // Act
    const error = await rejectionOf(sdkClient().send(put('reset')));

    // Assess: the handler names it TimeoutError so the retry strategy treats it as transient. (Under Jest the
    // SDK wraps Node's error, from another realm, in a new Error: the code survives only in the message.)
    expect(error).toMatchObject({ message: expect.stringMatching(/TimeoutError: read ECONNRESET$/) });
    expect(error).not.toHaveProperty('$metadata.httpStatusCode');
    expect(proxy.stats()).toEqual({ PutItem: counts({ faulted: 1, resets: 1 }) });
  });

  it('answers 502 with the reason when the target cannot be reached', async () => {
    // Prepare: a loopback port nothing listens on any more.
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const orphan = await startDynamoDbFaultProxy({ target: `http://127.0.0.1:${closedPort}` });
    const client = new DynamoDBClient({ endpoint: orphan.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    clients.push(client);

    // Act
    const error = await rejectionOf(client.send(get('nowhere')));
    await orphan.close();

    // Assess
    expect(error).toBeInstanceOf(DynamoDBServiceException);
    expect(error).toMatchObject({ name: 'FaultProxyTargetUnreachable', $metadata: { httpStatusCode: 502 }, message: expect.stringContaining('ECONNREFUSED') });
  });

  it('refuses a target that is not on loopback, before any network call', async () => {
    // Act
    const started = startDynamoDbFaultProxy({ target: 'https://dynamodb.us-east-1.amazonaws.com' });

    // Assess
    await expect(started).rejects.toThrow(DynamoDbFaultProxyError);
    await expect(started).rejects.toThrow(/refuses target "https:\/\/dynamodb\.us-east-1\.amazonaws\.com": it must be http:\/\/ on a loopback address/);
  });

  it('faults only what touches a listed index — queries through it, writes of items it holds — and reports each answered request', async () => {
    // Prepare: a table whose index holds only items with an owner (a sparse index)
    const shape = {
      TableName: 'indexed',
      GlobalSecondaryIndexes: [{ IndexName: 'byOwner', KeySchema: [{ AttributeName: 'owner' }, { AttributeName: 'created' }] }],
    };
    await direct.send(
      new CreateTableCommand({
        TableName: shape.TableName,
        AttributeDefinitions: ['pk', 'owner', 'created'].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byOwner',
            KeySchema: [
              { AttributeName: 'owner', KeyType: 'HASH' },
              { AttributeName: 'created', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const records: DynamoDbRequestRecord[] = [];
    const indexed = await startDynamoDbFaultProxy({ target: dynamo.endpoint, tables: [shape], onRequest: (record) => records.push(record) });
    const client = sdkClient({ endpoint: indexed.endpoint });
    try {
      indexed.setFault({ kind: 'throttle', indexes: ['byOwner'] });

      // Act
      const owned = await rejectionOf(client.send(new PutItemCommand({ TableName: 'indexed', Item: { pk: { S: 'a' }, owner: { S: 'ada' }, created: { S: '2026-11-23' } } })));
      await client.send(new PutItemCommand({ TableName: 'indexed', Item: { pk: { S: 'b' } } }));
      await client.send(new GetItemCommand({ TableName: 'indexed', Key: { pk: { S: 'b' } } }));
      const query = await rejectionOf(
        client.send(
          new QueryCommand({
            TableName: 'indexed',
            IndexName: 'byOwner',
            KeyConditionExpression: '#o = :o',
            ExpressionAttributeNames: { '#o': 'owner' },
            ExpressionAttributeValues: { ':o': { S: 'ada' } },
          }),
        ),
      );
      indexed.setFault({ kind: 'delay', ms: 60, operations: ['GetItem'] });
      await client.send(new GetItemCommand({ TableName: 'indexed', Key: { pk: { S: 'b' } } }));

      // Assess
      expect(owned).toBeInstanceOf(ProvisionedThroughputExceededException);
      expect(query).toBeInstanceOf(ProvisionedThroughputExceededException);
      expect(records.map(({ latencyMs: _latency, ...record }) => record)).toEqual([
        { operation: 'PutItem', access: 'write', tableName: 'indexed', indexesWritten: ['byOwner'], outcome: 'throttled', status: 400, throttledIndex: 'byOwner' },
        { operation: 'PutItem', access: 'write', tableName: 'indexed', indexesWritten: [], outcome: 'answered', status: 200 },
        { operation: 'GetItem', access: 'read', tableName: 'indexed', indexesWritten: [], outcome: 'answered', status: 200 },
        { operation: 'Query', access: 'read', tableName: 'indexed', indexName: 'byOwner', indexesWritten: [], outcome: 'throttled', status: 400, throttledIndex: 'byOwner' },
        { operation: 'GetItem', access: 'read', tableName: 'indexed', indexesWritten: [], outcome: 'answered', status: 200 },
      ]);
      // DynamoDB's side of the call: the injected delay is in it
      expect(records.at(-1)?.latencyMs).toBeGreaterThanOrEqual(59);
      expect(records[2]?.latencyMs).toBeLessThan(59);
    } finally {
      await indexed.close();
    }
  });

  it('refuses a fault with a typo or a value out of range, naming it', () => {
    // Act
    const typo = () => proxy.setFault({ kind: 'throttle', probabilty: 0.5 } as never);
    const outOfRange = () => proxy.setFault({ kind: 'delay', ms: 10, probability: 1.5 });
    const lowerCase = () => proxy.setFault({ kind: 'reset', operations: ['putItem'] });
    const noIndex = () => proxy.setFault({ kind: 'throttle', indexes: [] });
    const badIndex = () => proxy.setFault({ kind: 'throttle', indexes: ['by customer'] });

    // Assess
    expect(typo).toThrow(new DynamoDbFaultProxyError("DynamoDB fault 'throttle' has unknown field(s) probabilty; allowed: kind, operations, indexes, probability, exception"));
    expect(outOfRange).toThrow(/probability must be a number from 0 to 1, got 1\.5/);
    expect(lowerCase).toThrow(/operation names such as PutItem or GetItem, got "putItem"/);
    expect(noIndex).toThrow(/indexes must be a non-empty array of index names such as \['byCustomer'\], got \[\]/);
    expect(badIndex).toThrow(/indexes must be index names \(3–255 letters, digits, _ \. -\), got "by customer"/);
  });
});
