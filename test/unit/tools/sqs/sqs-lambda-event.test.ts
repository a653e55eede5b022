import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateQueueCommand, type Message, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type SqsServer, startSqsServer } from '../../../../tools/emulators/sqs';
import { readBatchResponse } from '../../../../tools/emulators/sqs-lambda/batch-response';
import { batchTraceHeader, toLambdaSqsEvent } from '../../../../tools/emulators/sqs-lambda/sqs-event';
import { sqsClient } from './support';

const REFERENCE = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/events/sqs-lambda-reference.json'), 'utf8')) as { Records: Record<string, unknown>[] };

/** Every key path of a JSON value with the type of its value (`Records[].attributes.SentTimestamp: string`). */
function shape(value: unknown, path = ''): Record<string, string> {
  if (Array.isArray(value)) return Object.assign({ [path]: 'array' }, ...value.map((item) => shape(item, `${path}[]`)));
  if (typeof value === 'object' && value !== null) {
    return Object.assign({ [path]: 'object' }, ...Object.entries(value).map(([key, item]) => shape(item, `${path}.${key}`)));
  }
  return { [path]: value === null ? 'null' : typeof value };
}

/** The shape with attribute names made generic, since the two events carry different ones. */
const genericShape = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(shape(value)).map(([path, type]) => [path.replace(/messageAttributes\.[^.[\]]+/, 'messageAttributes.<name>'), type]));

describe('the event Lambda’s SQS poller sends', () => {
  let server: SqsServer;
  let client: SQSClient;
  let queueUrl: string;

  beforeAll(async () => {
    server = await startSqsServer();
    client = sqsClient(server.endpoint);
    queueUrl = (await client.send(new CreateQueueCommand({ QueueName: 'fulfil-orders' }))).QueueUrl as string;
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  const receiveAll = async (): Promise<Message[]> =>
    (await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }))).Messages ?? [];

  it('has the keys and value types of AWS’s documented example, with md5OfMessageAttributes beside them', async () => {
    // Prepare
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'Test message.', MessageAttributes: { myAttribute: { DataType: 'String', StringValue: 'myValue' } } }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'Test message.' }));
    const messages = await receiveAll();

    // Act
    const event = toLambdaSqsEvent(messages, { queueArn: server.arn('fulfil-orders'), region: 'us-east-1' });

    // Assess
    const ours = genericShape(event);
    const reference = genericShape(REFERENCE);
    const extra = Object.keys(ours).filter((path) => !(path in reference));
    expect(Object.fromEntries(Object.keys(reference).map((path) => [path, ours[path]]))).toEqual(reference);
    expect(extra).toEqual(['.Records[].md5OfMessageAttributes']);
    expect(event.Records.map((record) => record.md5OfMessageAttributes)).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/), null]);
    expect(Object.keys(event.Records[0] ?? {})).toEqual([
      'messageId',
      'receiptHandle',
      'body',
      'attributes',
      'messageAttributes',
      'md5OfMessageAttributes',
      'md5OfBody',
      'eventSource',
      'eventSourceARN',
      'awsRegion',
    ]);
    expect(event.Records[0]).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:fulfil-orders', awsRegion: 'us-east-1', body: 'Test message.' });
  });

  it('puts a binary attribute in base64 and an X-Ray trace header among the attributes', async () => {
    // Prepare
    const header = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: '{"type":"OrderPlaced"}',
        MessageAttributes: { snapshot: { DataType: 'Binary', BinaryValue: Buffer.from('1100') } },
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: header } },
      }),
    );

    // Act
    const [record] = toLambdaSqsEvent(await receiveAll(), { queueArn: server.arn('fulfil-orders'), region: 'us-east-1' }).Records;

    // Assess
    expect(record?.messageAttributes).toEqual({ snapshot: { binaryValue: 'MTEwMA==', stringListValues: [], binaryListValues: [], dataType: 'Binary' } });
    expect(record?.attributes).toEqual({
      ApproximateReceiveCount: '1',
      SentTimestamp: expect.stringMatching(/^\d{13}$/),
      SenderId: 'AIDAIT2UOQQY3AUEKVGXU',
      ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      AWSTraceHeader: header,
    });
  });
});

describe('batchTraceHeader', () => {
  const record = (AWSTraceHeader?: string) => ({ attributes: AWSTraceHeader === undefined ? {} : { AWSTraceHeader } });

  it('continues the producer’s trace when every record carries the same root', () => {
    // Prepare
    const first = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const second = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0296019439621060;Sampled=1';

    // Act
    const header = batchTraceHeader({ Records: [record(first), record(second)] });

    // Assess
    expect(header).toBe(first);
  });

  it('starts a new trace when the records come from different traces, or one has none', () => {
    // Prepare
    const a = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1';
    const b = 'Root=1-6447018c-62cb3d2d583ece3120a3f9f5;Sampled=1';

    // Act
    const headers = [batchTraceHeader({ Records: [record(a), record(b)] }), batchTraceHeader({ Records: [record(a), record()] }), batchTraceHeader({ Records: [] })];

    // Assess
    expect(headers).toEqual([undefined, undefined, undefined]);
  });
});

describe('readBatchResponse (ReportBatchItemFailures)', () => {
  const ids = ['m-1', 'm-2'];

  it('reads no response, no list, a null list or an empty list as every record succeeding', () => {
    // Act
    const readings = [undefined, null, {}, { batchItemFailures: null }, { batchItemFailures: [] }].map((response) => readBatchResponse(response, ids));

    // Assess
    expect(readings.map((reading) => reading.kind)).toEqual(['success', 'success', 'success', 'success', 'success']);
  });

  it('reads the listed records as the ones that failed', () => {
    // Act
    const reading = readBatchResponse({ batchItemFailures: [{ itemIdentifier: 'm-2' }] }, ids);

    // Assess
    expect(reading).toEqual({ kind: 'partial', failedIds: ['m-2'] });
  });

  it('reads a response Lambda calls invalid as the whole batch failing, saying why', () => {
    // Act
    const readings = [
      'ok',
      [{ itemIdentifier: 'm-1' }],
      { batchItemFailures: 'm-1' },
      { batchItemFailures: ['m-1'] },
      { batchItemFailures: [{ messageId: 'm-1' }] },
      { batchItemFailures: [{ itemIdentifier: '' }] },
      { batchItemFailures: [{ itemIdentifier: null }] },
      { batchItemFailures: [{ itemIdentifier: 'm-9' }] },
    ].map((response) => readBatchResponse(response, ids));

    // Assess
    expect(readings.every((reading) => reading.kind === 'invalid')).toBe(true);
    expect(readings.at(-1)).toEqual({ kind: 'invalid', reason: 'batchItemFailures[0].itemIdentifier "m-9" is not the id of a record in the batch' });
  });
});
