import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SqsRequestError, type SqsServer, sqsMetricsSince, startSqsServer } from '../../../../tools/emulators/sqs';
import { ManualClock, sqsClient } from './support';

describe('queueMetrics: what the CloudWatch stand-in reads for a queue', () => {
  const clock = new ManualClock();
  let server: SqsServer;
  let client: SQSClient;
  let queues = 0;

  beforeAll(async () => {
    server = await startSqsServer({ now: clock.read });
    client = sqsClient(server.endpoint);
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  const createQueue = async (attributes: Record<string, string> = {}): Promise<{ name: string; url: string }> => {
    const name = `metered-${++queues}`;
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    return { name, url: QueueUrl as string };
  };
  const send = (QueueUrl: string, extra: { DelaySeconds?: number } = {}) => client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'order', ...extra }));
  const receive = (QueueUrl: string, VisibilityTimeout?: number) =>
    client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, ...(VisibilityTimeout === undefined ? {} : { VisibilityTimeout }) })).then((output) => output.Messages ?? []);

  it('reads an empty queue as all zeros', async () => {
    // Prepare
    const queue = await createQueue();

    // Act
    const metrics = server.queueMetrics(queue.name);

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
    await client.send(new ReceiveMessageCommand({ QueueUrl: queue.url }));
    const metrics = server.queueMetrics(queue.name);

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
    const ageWithBoth = server.queueMetrics(queue.name).ApproximateAgeOfOldestMessage;

    // Act
    const [oldest] = await receive(queue.url);
    await client.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: oldest?.ReceiptHandle }));
    const ageAfterDelete = server.queueMetrics(queue.name).ApproximateAgeOfOldestMessage;

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
    const age = server.queueMetrics(queue.name).ApproximateAgeOfOldestMessage;

    // Assess
    expect(age).toBe(10);
  });

  it('ages a message moved to the dead-letter queue from its move, not from when it was sent', async () => {
    // Prepare
    const dlq = await createQueue();
    const queue = await createQueue({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: server.arn(dlq.name), maxReceiveCount: 1 }) });
    await send(queue.url);
    await receive(queue.url, 0);
    clock.advance(600);
    await receive(queue.url);
    clock.advance(45);

    // Act
    const metrics = server.queueMetrics(dlq.name);

    // Assess
    expect(metrics).toMatchObject({ ApproximateNumberOfMessagesVisible: 1, ApproximateAgeOfOldestMessage: 45, NumberOfMessagesSent: 0 });
    expect(server.queueMetrics(queue.name)).toMatchObject({ ApproximateNumberOfMessagesVisible: 0, ApproximateAgeOfOldestMessage: 0 });
  });

  it('counts sends, receives, deletes and empty receives cumulatively, and per period with sqsMetricsSince', async () => {
    // Prepare
    const queue = await createQueue();
    await send(queue.url);
    await receive(queue.url);
    const first = server.queueMetrics(queue.name);
    await send(queue.url);
    await send(queue.url);
    const [message] = await receive(queue.url);
    await client.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message?.ReceiptHandle }));
    await receive(queue.url);

    // Act
    const second = server.queueMetrics(queue.name);
    const minute = sqsMetricsSince(first, second);

    // Assess
    expect(second).toMatchObject({ NumberOfMessagesSent: 3, NumberOfMessagesReceived: 3, NumberOfMessagesDeleted: 1, NumberOfEmptyReceives: 1 });
    expect(minute).toMatchObject({ NumberOfMessagesSent: 2, NumberOfMessagesReceived: 2, NumberOfMessagesDeleted: 1, NumberOfEmptyReceives: 1, ApproximateNumberOfMessagesNotVisible: 2 });
  });

  it('lists the queues and refuses the metrics of one that does not exist, naming it', () => {
    // Act
    const read = () => server.queueMetrics('no-such-queue');

    // Assess
    expect(server.listQueues()).toContain('metered-1');
    expect(read).toThrow(SqsRequestError);
    expect(read).toThrow(/no-such-queue/);
  });
});
