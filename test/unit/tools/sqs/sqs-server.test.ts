import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSServiceException,
  UnsupportedOperation,
} from '@aws-sdk/client-sqs';
import { SqsServerStartError, startSqsServer } from '../../../../tools/emulators/sqs';
import { localSqsForSuite, ManualClock, rejectionOf, sleep, sqsClient } from './support';

describe('the local SQS server on an injected clock', () => {
  const clock = new ManualClock();
  let queues = 0;
  const sqs = localSqsForSuite({ now: clock.read });

  const createQueue = async (attributes: Record<string, string> = {}): Promise<string> =>
    (await sqs.client.send(new CreateQueueCommand({ QueueName: `clocked-${++queues}`, Attributes: attributes }))).QueueUrl as string;
  const receive = (QueueUrl: string, extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}) =>
    sqs.client.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['All'], ...extra })).then((output) => output.Messages ?? []);

  it('stamps messages with the injected clock’s time', async () => {
    // Prepare
    const queueUrl = await createQueue();
    const sentAt = clock.now;
    await sqs.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'stamped' }));
    clock.advance(5);

    // Act
    const [message] = await receive(queueUrl);

    // Assess
    expect(message?.Attributes).toMatchObject({ SentTimestamp: String(sentAt), ApproximateFirstReceiveTimestamp: String(sentAt + 5000) });
  });

  it('runs visibility timeouts on the injected clock, with no real waiting', async () => {
    // Prepare
    const queueUrl = await createQueue({ VisibilityTimeout: '300' });
    await sqs.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'hidden' }));
    await receive(queueUrl);

    // Act
    clock.advance(299);
    const stillHidden = await receive(queueUrl);
    clock.advance(1);
    const back = await receive(queueUrl);

    // Assess
    expect(stillHidden).toEqual([]);
    expect(back.map((message) => message.Attributes?.['ApproximateReceiveCount'])).toEqual(['2']);
  });

  it('drops a message once its retention period has passed on the injected clock', async () => {
    // Prepare
    const queueUrl = await createQueue({ MessageRetentionPeriod: '60' });
    await sqs.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'short-lived' }));

    // Act
    clock.advance(60);
    const messages = await receive(queueUrl);

    // Assess
    expect(messages).toEqual([]);
    expect(sqs.server.queueMetrics(`clocked-${queues}`).ApproximateNumberOfMessagesVisible).toBe(0);
  });

  it('answers a long poll at once when the clock moves a hidden message back into view', async () => {
    // Prepare
    const queueUrl = await createQueue({ VisibilityTimeout: '100' });
    await sqs.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'returns' }));
    await receive(queueUrl);
    const started = Date.now();

    // Act
    const waiting = receive(queueUrl, { WaitTimeSeconds: 10 });
    await sleep(100);
    clock.advance(100);
    const messages = await waiting;

    // Assess
    expect(messages.map((message) => message.Body)).toEqual(['returns']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses to keep a message hidden more than 12 hours after its receive', async () => {
    // Prepare
    const queueUrl = await createQueue();
    await sqs.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'long job' }));
    const [message] = await receive(queueUrl, { VisibilityTimeout: 43_200 });
    clock.advance(3600);

    // Act
    const error = await rejectionOf(sqs.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 43_200 })));

    // Assess
    expect(error).toBeInstanceOf(SQSServiceException);
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toContain('43200 seconds');
  });

  it('refuses a message larger than the queue’s MaximumMessageSize, counting its attributes', async () => {
    // Prepare
    const queueUrl = await createQueue({ MaximumMessageSize: '1024' });

    // Act
    const error = await rejectionOf(
      sqs.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x'.repeat(1000), MessageAttributes: { orderId: { DataType: 'String', StringValue: 'o'.repeat(40) } } })),
    );

    // Assess
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toBe('One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes (this one holds 1053).');
  });

  it('pages ListQueues with MaxResults and NextToken', async () => {
    // Prepare
    for (const suffix of ['a', 'b', 'c']) await sqs.client.send(new CreateQueueCommand({ QueueName: `paged-${suffix}` }));

    // Act
    const first = await sqs.client.send(new ListQueuesCommand({ QueueNamePrefix: 'paged-', MaxResults: 2 }));
    const second = await sqs.client.send(new ListQueuesCommand({ QueueNamePrefix: 'paged-', MaxResults: 2, NextToken: first.NextToken }));

    // Assess
    expect(first.QueueUrls).toEqual([sqs.server.url('paged-a'), sqs.server.url('paged-b')]);
    expect(second.QueueUrls).toEqual([sqs.server.url('paged-c')]);
    expect(second.NextToken).toBeUndefined();
  });

  it('takes a queue’s redrive policy away with an empty RedrivePolicy', async () => {
    // Prepare
    const dlqUrl = await createQueue();
    const queueUrl = await createQueue({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sqs.server.arn(`clocked-${queues - 1}`), maxReceiveCount: 1 }) });

    // Act
    await sqs.client.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { RedrivePolicy: '' } }));
    await sqs.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'stays' }));
    const receives = [await receive(queueUrl, { VisibilityTimeout: 0 }), await receive(queueUrl, { VisibilityTimeout: 0 })];
    const { Attributes } = await sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));

    // Assess
    expect(receives.map((messages) => messages.length)).toEqual([1, 1]);
    expect(Attributes?.['RedrivePolicy']).toBeUndefined();
    expect(await receive(dlqUrl)).toEqual([]);
  });

  it('refuses a FIFO queue, saying it emulates standard queues only', async () => {
    // Act
    const error = await rejectionOf(sqs.client.send(new CreateQueueCommand({ QueueName: 'orders.fifo', Attributes: { FifoQueue: 'true' } })));

    // Assess
    expect(error).toBeInstanceOf(UnsupportedOperation);
    expect(error.message).toContain('standard queues only');
  });

  it('answers an action it does not emulate with an error naming it and the actions it answers', async () => {
    // Act
    const response = await fetch(sqs.server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.TagQueue' },
      body: JSON.stringify({ QueueUrl: sqs.server.url('clocked-1'), Tags: { team: 'orders' } }),
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-query-error')).toBe('InvalidAction;Sender');
    expect(await response.json()).toEqual({
      __type: 'com.amazonaws.sqs#UnknownOperationException',
      message: expect.stringMatching(/does not answer the action TagQueue; it answers ChangeMessageVisibility, .*ReceiveMessage, .*SendMessageBatch, SetQueueAttributes\.$/),
    });
  });

  it('answers the query protocol with an error naming the protocol it speaks', async () => {
    // Act
    const response = await fetch(sqs.server.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListQueues&Version=2012-11-05' });

    // Assess
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('speaks the AWS JSON 1.0 protocol only');
  });

  it('gives URLs and ARNs in the region and account it was started with', async () => {
    // Prepare
    const other = await startSqsServer({ region: 'eu-west-1', accountId: '210987654321' });

    // Act
    const names = [other.url('orders'), other.arn('orders')];
    await other.close();

    // Assess
    expect(names).toEqual([`${other.endpoint}/210987654321/orders`, 'arn:aws:sqs:eu-west-1:210987654321:orders']);
  });
});

describe('the local SQS server’s life', () => {
  it('answers a waiting long poll when it closes', async () => {
    // Prepare
    const server = await startSqsServer();
    const client = sqsClient(server.endpoint);
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'closing' }));
    const started = Date.now();
    const waiting = client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 })).then(
      (output) => output.Messages ?? [],
      (error: unknown) => error,
    );
    await sleep(100);

    // Act
    await server.close();
    const outcome = await waiting;
    client.destroy();

    // Assess
    expect(outcome).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses to start on a port already taken, naming it', async () => {
    // Prepare
    const first = await startSqsServer();
    const port = Number(new URL(first.endpoint).port);

    // Act
    const error = await rejectionOf(startSqsServer({ port }));
    await first.close();

    // Assess
    expect(error).toBeInstanceOf(SqsServerStartError);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.cause).toMatchObject({ code: 'EADDRINUSE' });
  });
});
