import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { DrillQueues } from '../../../../tools/drill/drill-queues';
import { type ConsumerInvocation, OrderConsumer } from '../../../../tools/drill/order-consumer';
import { localSqsClient } from '../../../../tools/stack/order-queues';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-23T12:00:00Z');

/** What fulfilOrder was invoked with, and when (simulated). */
interface Call {
  readonly at: number;
  readonly bodies: readonly string[];
}

/**
 * The consumer against the local SQS server on a simulated clock, with fulfilOrder faked: it fails
 * the records whose body starts with `bad`, and answers as `answer` says.
 */
async function consumerWith(answer: (event: SQSEvent, at: number) => ConsumerInvocation | undefined = () => undefined) {
  const queues = await DrillQueues.start({ stage: 'unit' });
  await queues.reset(T0);
  const calls: Call[] = [];
  const events: SQSEvent[] = [];
  const consumer = new OrderConsumer({
    queues,
    invoke: async (event, at) => {
      calls.push({ at, bodies: event.Records.map((r) => r.body) });
      events.push(event);
      const failed = event.Records.filter((r) => r.body.startsWith('bad')).map((r) => ({ itemIdentifier: r.messageId }));
      return answer(event, at) ?? { kind: 'ran', response: { batchItemFailures: failed }, durationMs: 20 };
    },
  });
  consumer.reset(T0);
  const send = async (body: string, at: number) => {
    await queues.send([body], at);
    consumer.messageSentAt(at);
  };
  /** Drains minute after minute from the first, as the drill does. */
  const drainMinutes = async (count: number) => {
    for (let m = 0; m < count; m += 1) await consumer.drain(T0 + m * MINUTE, T0 + (m + 1) * MINUTE);
  };
  return { queues, consumer, calls, events, send, drainMinutes };
}

describe('the drill’s order consumer (fulfilOrder’s SQS event source mapping on a simulated clock)', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('gathers the messages of its 1 s batching window into one batch', async () => {
    // Prepare
    const { queues, calls, send, drainMinutes } = await consumerWith();
    close = () => queues.close();
    await send('a', T0 + 10_000);
    await send('b', T0 + 10_500);
    await send('c', T0 + 12_000);

    // Act
    await drainMinutes(1);

    // Assess: a and b within a second of the first, c after
    expect(calls).toEqual([
      { at: T0 + 11_000, bodies: ['a', 'b'] },
      { at: T0 + 13_000, bodies: ['c'] },
    ]);
  });

  it('invokes with the event Lambda builds, message attributes as Lambda shapes them', async () => {
    // Prepare: a message as createOrder sends it, and a binary attribute
    const { queues, events, consumer, drainMinutes } = await consumerWith();
    close = () => queues.close();
    const client = localSqsClient(queues.env['AWS_ENDPOINT_URL_SQS'] as string);
    queues.setTime(T0 + 1_000);
    await client.send(
      new SendMessageCommand({
        QueueUrl: queues.queueUrl,
        MessageBody: '{"type":"OrderPlaced"}',
        MessageAttributes: { 'event-type': { DataType: 'String', StringValue: 'OrderPlaced' }, blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) } },
      }),
    );
    client.destroy();
    consumer.messageSentAt(T0 + 1_000);

    // Act
    await drainMinutes(1);

    // Assess
    const [record] = events[0]?.Records ?? [];
    expect(record).toMatchObject({
      body: '{"type":"OrderPlaced"}',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:periscope-orders-unit-order-placed',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(T0 + 1_000) },
      messageAttributes: {
        'event-type': { stringValue: 'OrderPlaced', dataType: 'String', stringListValues: [], binaryListValues: [] },
        blob: { binaryValue: 'AQID', dataType: 'Binary' },
      },
    });
  });

  it('takes a full batch of 10 at once, without waiting for the window', async () => {
    // Prepare
    const { queues, calls, send, drainMinutes } = await consumerWith();
    close = () => queues.close();
    for (let i = 0; i < 25; i += 1) await send(`m${i}`, T0 + 5_000);

    // Act
    await drainMinutes(1);

    // Assess
    expect(calls.map((c) => [c.at - T0, c.bodies.length])).toEqual([
      [5_000, 10],
      [5_000, 10],
      [6_000, 5],
    ]);
  });

  it('leaves only the failed records of a batch to come back, and the queue moves them to its dead letter queue after 3 receives', async () => {
    // Prepare
    const { queues, consumer, calls, send, drainMinutes } = await consumerWith();
    close = () => queues.close();
    await send('good', T0 + 1_000);
    await send('bad', T0 + 1_200);

    // Act
    await drainMinutes(5);

    // Assess: received at 2 s, then each visibility timeout (60 s) and window (1 s) later, 3 times in all
    expect(calls.map((c) => [c.at - T0, c.bodies])).toEqual([
      [2_000, ['good', 'bad']],
      [63_000, ['bad']],
      [124_000, ['bad']],
    ]);
    expect(consumer.batches().map((b) => b.result)).toEqual(['partial', 'partial', 'partial']);
    const deadLetters = await queues.drainDeadLetters(T0 + 5 * MINUTE);
    expect(deadLetters.map((m) => [m.body, m.receiveCount])).toEqual([['bad', 3]]);
    expect(queues.statesAt(T0 + 5 * MINUTE).queue).toEqual({ visible: 0, inFlight: 0, oldestAgeSeconds: 0 });
  });

  it('tries a throttled invocation again a second later, and leaves the batch to its visibility timeout after 3 throttles', async () => {
    // Prepare: Lambda throttles everything in the first minute
    const { queues, consumer, calls, send, drainMinutes } = await consumerWith((_, at) => (at < T0 + MINUTE ? { kind: 'throttled' } : undefined));
    close = () => queues.close();
    await send('order', T0 + 1_000);

    // Act
    await drainMinutes(2);

    // Assess
    expect(calls.map((c) => c.at - T0)).toEqual([2_000, 3_000, 4_000, 63_000]);
    expect(consumer.batches().map((b) => b.result)).toEqual(['throttled', 'processed']);
  });

  it('leaves the messages waiting while its mapping is disabled, and takes them once it is enabled again', async () => {
    // Prepare
    const { queues, consumer, calls, send } = await consumerWith();
    close = () => queues.close();
    consumer.configure({ enabled: false });
    await send('order', T0 + 1_000);

    // Act
    await consumer.drain(T0, T0 + MINUTE);
    const waiting = queues.statesAt(T0 + MINUTE - 1).queue;
    consumer.configure({});
    await consumer.drain(T0 + MINUTE, T0 + 2 * MINUTE);

    // Assess
    expect(waiting).toEqual({ visible: 1, inFlight: 0, oldestAgeSeconds: 58 });
    expect(calls.map((c) => c.at - T0)).toEqual([MINUTE + 1_000]);
  });

  it('runs at most its maximum concurrency of batches at once, each for as long as its invocation takes', async () => {
    // Prepare: 9 s an invocation, 2 at a time, 200 messages waiting
    const { queues, consumer, calls } = await consumerWith(() => ({ kind: 'ran', response: {}, durationMs: 9_000 }));
    close = () => queues.close();
    consumer.configure({ maxConcurrency: 2 });
    for (let i = 0; i < 20; i += 1)
      await queues.send(
        Array.from({ length: 10 }, (_, j) => `m${i}-${j}`),
        T0,
      );
    consumer.messageSentAt(T0);

    // Act
    await consumer.drain(T0, T0 + MINUTE);

    // Assess: two pollers, each a batch every 9 s: 7 batches each within the minute
    expect(calls).toHaveLength(14);
    expect(calls.filter((c) => c.at === T0 + 54_000)).toHaveLength(2);
    expect(queues.statesAt(T0 + MINUTE - 1).queue.visible).toBe(200 - 140);
  });
});
