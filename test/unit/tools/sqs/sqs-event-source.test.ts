import { CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createSqsEventSource, type SqsBatchOutcome, SqsEventSourceOptionsError, SqsEventSourceQueueError } from '../../../../tools/emulators/sqs-lambda';
import { localSqsForSuite, ManualClock, sleep } from './support';

describe('the SQS event source mapping, polling the local SQS server', () => {
  const clock = new ManualClock();
  let queues = 0;
  const sqs = localSqsForSuite({ now: clock.read });

  /** A queue with a 30-second visibility timeout, and its dead-letter queue after `maxReceiveCount` receives. */
  const createQueues = async (maxReceiveCount = 3) => {
    const name = `fulfil-orders-${++queues}`;
    const dlq = (await sqs.client.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl as string;
    const url = (
      await sqs.client.send(
        new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sqs.server.arn(`${name}-dlq`), maxReceiveCount }) } }),
      )
    ).QueueUrl as string;
    return { name, url, dlq };
  };
  const sendOrders = (QueueUrl: string, ids: readonly string[]) =>
    sqs.client.send(new SendMessageBatchCommand({ QueueUrl, Entries: ids.map((id) => ({ Id: id, MessageBody: JSON.stringify({ type: 'OrderPlaced', orderId: id }) })) }));
  const orderIdOf = (body: string): string => (JSON.parse(body) as { orderId: string }).orderId;

  /** A fulfilOrder that fails the orders in `bad` and reports them, as Powertools' batch processor does. */
  const reportingFailures =
    (bad: readonly string[], invoked: SQSEvent[] = []) =>
    async (event: SQSEvent): Promise<SQSBatchResponse> => {
      invoked.push(event);
      return { batchItemFailures: event.Records.filter((record) => bad.includes(orderIdOf(record.body))).map((record) => ({ itemIdentifier: record.messageId })) };
    };

  it('deletes the 9 records that succeeded and leaves the 1 reported failed, which comes back after the visibility timeout with ApproximateReceiveCount 2', async () => {
    // Prepare
    const queue = await createQueues();
    const ids = Array.from({ length: 10 }, (_, i) => `o-${i}`);
    await sendOrders(queue.url, ids);
    const invoked: SQSEvent[] = [];
    const source = createSqsEventSource({
      client: sqs.client,
      queueUrl: queue.url,
      batchSize: 10,
      functionResponseType: 'ReportBatchItemFailures',
      waitTimeSeconds: 0,
      invoke: reportingFailures(['o-7'], invoked),
    });

    // Act
    const first = await source.pollOnce();
    const depthsAfter = sqs.server.queueMetrics(queue.name);
    clock.advance(30);
    const second = await source.pollOnce();

    // Assess
    expect(first.records.map((record) => orderIdOf(record.body))).toEqual(ids);
    expect(first.deleted).toBe(9);
    expect(first.failedIds).toEqual([first.records[7]?.messageId]);
    expect(depthsAfter).toMatchObject({ ApproximateNumberOfMessagesVisible: 0, ApproximateNumberOfMessagesNotVisible: 1 });
    expect(second.records.map((record) => [orderIdOf(record.body), record.attributes.ApproximateReceiveCount])).toEqual([['o-7', '2']]);
    expect(invoked[0]?.Records[0]).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: sqs.server.arn(queue.name), awsRegion: 'us-east-1' });
  });

  it('moves a poison message to the dead-letter queue after maxReceiveCount failed invocations', async () => {
    // Prepare
    const queue = await createQueues(3);
    await sendOrders(queue.url, ['poison']);
    let invocations = 0;
    const source = createSqsEventSource({
      client: sqs.client,
      queueUrl: queue.url,
      waitTimeSeconds: 0,
      invoke: async () => {
        invocations += 1;
        throw new Error('the warehouse API refuses this order');
      },
    });

    // Act
    const outcomes: SqsBatchOutcome[] = [];
    for (let poll = 0; poll < 4; poll += 1) {
      outcomes.push(await source.pollOnce());
      clock.advance(30);
    }
    const [dead] = (await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: queue.dlq, MessageSystemAttributeNames: ['All'] }))).Messages ?? [];

    // Assess
    expect(invocations).toBe(3);
    expect(outcomes.map((outcome) => outcome.records.length)).toEqual([1, 1, 1, 0]);
    expect(outcomes[0]?.error).toEqual(new Error('the warehouse API refuses this order'));
    expect(orderIdOf(dead?.Body ?? '{}')).toBe('poison');
    expect(dead?.Attributes).toMatchObject({ ApproximateReceiveCount: '4', DeadLetterQueueSourceArn: sqs.server.arn(queue.name) });
    expect(sqs.server.queueMetrics(queue.name)).toMatchObject({ ApproximateNumberOfMessagesVisible: 0, ApproximateNumberOfMessagesNotVisible: 0 });
  });

  it('retries the whole batch when the response names a record that is not in it', async () => {
    // Prepare
    const queue = await createQueues();
    await sendOrders(queue.url, ['o-1', 'o-2']);
    const source = createSqsEventSource({
      client: sqs.client,
      queueUrl: queue.url,
      functionResponseType: 'ReportBatchItemFailures',
      waitTimeSeconds: 0,
      invoke: async () => ({ batchItemFailures: [{ itemIdentifier: 'o-1' }] }),
    });

    // Act
    const first = await source.pollOnce();
    clock.advance(30);
    const retried = await source.pollOnce();

    // Assess
    expect(first).toMatchObject({ deleted: 0, invalidResponse: 'batchItemFailures[0].itemIdentifier "o-1" is not the id of a record in the batch' });
    expect(first.failedIds).toEqual(first.records.map((record) => record.messageId));
    expect(retried.records.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['2', '2']);
  });

  it('without ReportBatchItemFailures, deletes the whole batch on success and ignores batchItemFailures', async () => {
    // Prepare
    const queue = await createQueues();
    await sendOrders(queue.url, ['o-1', 'o-2']);
    const source = createSqsEventSource({ client: sqs.client, queueUrl: queue.url, waitTimeSeconds: 0, invoke: reportingFailures(['o-1']) });

    // Act
    const outcome = await source.pollOnce();

    // Assess
    expect(outcome).toMatchObject({ deleted: 2, failedIds: [] });
    expect(sqs.server.queueMetrics(queue.name)).toMatchObject({ ApproximateNumberOfMessagesVisible: 0, ApproximateNumberOfMessagesNotVisible: 0 });
  });

  it('invokes nothing when the queue is empty', async () => {
    // Prepare
    const queue = await createQueues();
    const invoke = jest.fn();
    const source = createSqsEventSource({ client: sqs.client, queueUrl: queue.url, waitTimeSeconds: 0, invoke });

    // Act
    const outcome = await source.pollOnce();

    // Assess
    expect(outcome).toEqual({ records: [], failedIds: [], deleted: 0 });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('invokes with at most batchSize records', async () => {
    // Prepare
    const queue = await createQueues();
    await sendOrders(queue.url, ['o-1', 'o-2', 'o-3']);
    const source = createSqsEventSource({ endpoint: sqs.server.endpoint, queueUrl: queue.url, batchSize: 2, waitTimeSeconds: 0, invoke: async () => undefined });

    // Act
    const sizes = [(await source.pollOnce()).records.length, (await source.pollOnce()).records.length];

    // Assess
    expect(sizes).toEqual([2, 1]);
  });

  it('refuses options out of Lambda’s range, naming them', () => {
    // Act
    const create = (options: object) => () => createSqsEventSource({ client: sqs.client, queueUrl: sqs.server.url('any'), invoke: async () => undefined, ...options });

    // Assess
    expect(create({ batchSize: 11 })).toThrow(new SqsEventSourceOptionsError('batchSize must be an integer from 1 to 10, got 11'));
    expect(create({ maximumBatchingWindowSeconds: 301 })).toThrow(SqsEventSourceOptionsError);
    expect(create({ functionResponseType: 'ReportItemFailures' })).toThrow(/functionResponseType/);
    expect(() => createSqsEventSource({ queueUrl: sqs.server.url('any'), invoke: async () => undefined })).toThrow(/needs a client or an endpoint/);
  });
});

describe('the SQS event source mapping’s loop (npm start, e2e)', () => {
  const sqs = localSqsForSuite();

  it('invokes as messages arrive, and stop() lets the batch in flight finish and be deleted', async () => {
    // Prepare
    const { QueueUrl } = await sqs.client.send(new CreateQueueCommand({ QueueName: 'looped' }));
    const batches: SqsBatchOutcome[] = [];
    let release: () => void = () => undefined;
    const invoked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const source = createSqsEventSource({
      client: sqs.client,
      queueUrl: QueueUrl as string,
      waitTimeSeconds: 20,
      onBatch: (outcome) => batches.push(outcome),
      invoke: async () => {
        release();
        await sleep(300);
        return undefined;
      },
    });
    source.start();

    // Act
    await sqs.client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'order' }));
    await invoked;
    const stopping = Date.now();
    await source.stop();

    // Assess
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(200);
    expect(batches.map((batch) => [batch.records.length, batch.deleted])).toEqual([[1, 1]]);
    expect(sqs.server.queueMetrics('looped')).toMatchObject({ ApproximateNumberOfMessagesVisible: 0, ApproximateNumberOfMessagesNotVisible: 0 });
  });

  it('stops at once while waiting on an empty queue', async () => {
    // Prepare
    const { QueueUrl } = await sqs.client.send(new CreateQueueCommand({ QueueName: 'idle' }));
    const source = createSqsEventSource({ client: sqs.client, queueUrl: QueueUrl as string, waitTimeSeconds: 20, invoke: async () => undefined });
    source.start();
    await sleep(100);
    const stopping = Date.now();

    // Act
    await source.stop();

    // Assess
    expect(Date.now() - stopping).toBeLessThan(1000);
  });

  it('gathers the records that arrive within the batching window into one invocation', async () => {
    // Prepare
    const { QueueUrl } = await sqs.client.send(new CreateQueueCommand({ QueueName: 'windowed' }));
    const source = createSqsEventSource({ client: sqs.client, queueUrl: QueueUrl as string, batchSize: 5, maximumBatchingWindowSeconds: 1, waitTimeSeconds: 1, invoke: async () => undefined });
    await sqs.client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'first' }));

    // Act
    const polling = source.pollOnce();
    await sleep(200);
    await sqs.client.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'second' },
          { Id: 'b', MessageBody: 'third' },
        ],
      }),
    );
    const outcome = await polling;

    // Assess
    expect(outcome.records.map((record) => record.body)).toEqual(['first', 'second', 'third']);
  });

  it('reports a queue it cannot read to onError and keeps polling', async () => {
    // Prepare
    const { QueueUrl } = await sqs.client.send(new CreateQueueCommand({ QueueName: 'vanishing' }));
    await sqs.client.send(new DeleteQueueCommand({ QueueUrl }));
    const errors: unknown[] = [];
    const source = createSqsEventSource({
      client: sqs.client,
      queueUrl: QueueUrl as string,
      queueArn: sqs.server.arn('vanishing'),
      waitTimeSeconds: 0,
      onError: (error) => errors.push(error),
      invoke: async () => undefined,
    });

    // Act
    source.start();
    await sleep(200);
    await source.stop();

    // Assess
    expect(errors[0]).toBeInstanceOf(SqsEventSourceQueueError);
    expect((errors[0] as Error).message).toBe(`The SQS event source cannot receive from ${QueueUrl}`);
    expect((errors[0] as Error).cause).toMatchObject({ name: 'QueueDoesNotExist' });
  });
});
