import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SqsRequestError, sqsMetricsSince } from '../../../../tools/emulators/sqs';
import { localSqsForSuite, ManualClock } from './support';

describe('queueMetrics: what the CloudWatch stand-in reads for a queue', () => {
  const clock = new ManualClock();
  let queues = 0;
  const sqs = localSqsForSuite({ now: clock.read });

  const createQueue = async (attributes: Record<string, string> = {}): Promise<{ name: string; url: string }> => {
    const name = `metered-${++queues}`;
    const { QueueUrl } = await sqs.client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    return { name, url: QueueUrl as string };
  };
  const send = (QueueUrl: string, extra: { DelaySeconds?: number } = {}) => sqs.client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'order', ...extra }));
  const receive = (QueueUrl: string, VisibilityTimeout?: number) =>
    sqs.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, ...(VisibilityTimeout === undefined ? {} : { VisibilityTimeout }) })).then((output) => output.Messages ?? []);

  it('reads an empty queue as all zeros', async () => {
    // Prepare
    const queue = await createQueue();

    // Act
    const metrics = sqs.server.queueMetrics(queue.name);

    // Assess
    expect(metrics).toEqual({
      ApproximateNumberOfMessagesVisible: 0,
      ApproximateNumberOfMessagesNotVisible: 0,
      ApproximateNumberOfMessagesDelayed: 0,
      ApproximateAgeOfOldestMessage: 0,
      NumberOfMessagesSent: 0,
      NumberOfMessagesReceived: 0,
      NumberOfMessagesDeleted: 0,
      NumberOfEmptyReceives: 0,
    });
  });

  it('counts visible, in-flight and delayed messages', async () => {
    // Prepare
    const queue = await createQueue();
    await send(queue.url);
    await send(queue.url);
    await send(queue.url, { DelaySeconds: 60 });

    // Act
    await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: queue.url }));
    const metrics = sqs.server.queueMetrics(queue.name);

    // Assess
    expect(metrics).toMatchObject({ ApproximateNumberOfMessagesVisible: 1, ApproximateNumberOfMessagesNotVisible: 1, ApproximateNumberOfMessagesDelayed: 1 });
  });

  it('ages the oldest message on the injected clock, in whole seconds', async () => {
    // Prepare
    const queue = await createQueue();
    await send(queue.url);
    clock.advance(30);
    await send(queue.url);
    clock.advance(60.5);
    const ageWithBoth = sqs.server.queueMetrics(queue.name).ApproximateAgeOfOldestMessage;

    // Act
    const [oldest] = await receive(queue.url);
    await sqs.client.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: oldest?.ReceiptHandle }));
    const ageAfterDelete = sqs.server.queueMetrics(queue.name).ApproximateAgeOfOldestMessage;

    // Assess
    expect(ageWithBoth).toBe(90);
    expect(ageAfterDelete).toBe(60);
  });

  it('leaves a message received 3 times out of the age while a fresher one waits, as AWS does', async () => {
    // Prepare
    const queue = await createQueue();
    await send(queue.url);
    for (let i = 0; i < 3; i += 1) await receive(queue.url, 0);
    clock.advance(100);
    await send(queue.url);
    clock.advance(10);

    // Act
    const age = sqs.server.queueMetrics(queue.name).ApproximateAgeOfOldestMessage;

    // Assess
    expect(age).toBe(10);
  });

  it('ages a message moved to the dead-letter queue from its move, not from when it was sent', async () => {
    // Prepare
    const dlq = await createQueue();
    const queue = await createQueue({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sqs.server.arn(dlq.name), maxReceiveCount: 1 }) });
    await send(queue.url);
    await receive(queue.url, 0);
    clock.advance(600);
    await receive(queue.url);
    clock.advance(45);

    // Act
    const metrics = sqs.server.queueMetrics(dlq.name);

    // Assess
    expect(metrics).toMatchObject({ ApproximateNumberOfMessagesVisible: 1, ApproximateAgeOfOldestMessage: 45, NumberOfMessagesSent: 0 });
    expect(sqs.server.queueMetrics(queue.name)).toMatchObject({ ApproximateNumberOfMessagesVisible: 0, ApproximateAgeOfOldestMessage: 0 });
  });

  it('counts sends, receives, deletes and empty receives cumulatively, and per period with sqsMetricsSince', async () => {
    // Prepare
    const queue = await createQueue();
    await send(queue.url);
    await receive(queue.url);
    const first = sqs.server.queueMetrics(queue.name);
    await send(queue.url);
    await send(queue.url);
    const [message] = await receive(queue.url);
    await sqs.client.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message?.ReceiptHandle }));
    await receive(queue.url);

    // Act
    const second = sqs.server.queueMetrics(queue.name);
    const minute = sqsMetricsSince(first, second);

    // Assess
    expect(second).toMatchObject({ NumberOfMessagesSent: 3, NumberOfMessagesReceived: 3, NumberOfMessagesDeleted: 1, NumberOfEmptyReceives: 1 });
    expect(minute).toMatchObject({ NumberOfMessagesSent: 2, NumberOfMessagesReceived: 2, NumberOfMessagesDeleted: 1, NumberOfEmptyReceives: 1, ApproximateNumberOfMessagesNotVisible: 2 });
  });

  it('lists the queues and refuses the metrics of one that does not exist, naming it', () => {
    // Act
    const read = () => sqs.server.queueMetrics('no-such-queue');

    // Assess
    expect(sqs.server.listQueues()).toContain('metered-1');
    expect(read).toThrow(SqsRequestError);
    expect(read).toThrow(/no-such-queue/);
  });
});
