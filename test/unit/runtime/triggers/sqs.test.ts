import { UnexpectedBatchTypeError } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { BatchMetric } from '../../../../src/cloudwatch/batch-metrics';
import { correlationOf } from '../../../../src/runtime/invocation-correlation';
import { TriggerEventError } from '../../../../src/runtime/triggers/errors';
import { ObservabilityOptionsError } from '../../../../src/runtime/triggers/observability-options';
import { withSqsObservability } from '../../../../src/runtime/triggers/sqs';
import { captureOutputEachTest } from '../../../support/capture-stdout';
import { lambdaContext } from '../../../support/lambda';
import { shopTelemetry } from '../../../support/shop';
import { rejectionOf } from '../../../unit/alerts/fixtures';
import { loadEvent, sqsBatch, withSqsAttribute } from './events';

const poisonAt =
  (...positions: number[]) =>
  (record: SQSEvent['Records'][number], index: number) =>
    positions.includes(index) ? { ...record, body: 'poison' } : record;

describe('withSqsObservability', () => {
  const output = captureOutputEachTest();
  const lines = output.lines;

  it('returns only the bad record of ten in batchItemFailures, processes the other nine, and counts both in the one EMF document with ColdStart', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const processed: string[] = [];
    const handler = withSqsObservability(
      async (record) => {
        if (record.body === 'poison') throw new SyntaxError('order message is not JSON');
        processed.push(record.messageId);
      },
      { telemetry },
    );
    const event = sqsBatch(10, poisonAt(3));
    const bad = event.Records[3]!.messageId;

    // Act
    const response = await handler(event, lambdaContext('shop-fulfil'));

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: bad }] });
    expect(processed).toEqual(event.Records.filter((record) => record.messageId !== bad).map((record) => record.messageId));
    expect(output.emf()).toEqual([
      {
        _aws: {
          Timestamp: expect.any(Number),
          CloudWatchMetrics: [
            {
              Namespace: 'Test/Shop',
              Dimensions: [['service', 'function_name']],
              Metrics: [
                { Name: 'ColdStart', Unit: 'Count' },
                { Name: BatchMetric.Records, Unit: 'Count' },
                { Name: BatchMetric.ItemFailures, Unit: 'Count' },
              ],
            },
          ],
        },
        service: 'shop',
        function_name: 'shop-fulfil',
        ColdStart: 1,
        BatchRecords: 10,
        BatchItemFailures: 1,
      },
    ]);
    expect(lines('record failed')).toEqual([
      expect.objectContaining({ level: 'ERROR', message_id: bad, correlation_id: bad, error: expect.objectContaining({ name: 'SyntaxError', message: 'order message is not JSON' }) }),
    ]);
    expect(lines('batch completed')).toEqual([expect.objectContaining({ level: 'INFO', trigger: 'sqs', records: 10, failed: 1, outcome: 'partial_failure', durationMs: expect.any(Number) })]);
  });

  it('keeps a FIFO message group in order: after a failed record, the rest of its group comes back unprocessed, other groups go on', async () => {
    // Prepare: groups a, a, b, a from a FIFO queue; the second record of group a fails
    const groups = ['a', 'a', 'b', 'a'];
    const processed: string[] = [];
    const handler = withSqsObservability(
      async (record) => {
        if (record.body === 'poison') throw new Error('order a-2 is not stored');
        processed.push(record.body);
      },
      { telemetry: shopTelemetry() },
    );
    const event = sqsBatch(4, (record, index) => ({
      ...record,
      body: index === 1 ? 'poison' : record.body,
      eventSourceARN: `${record.eventSourceARN}.fifo`,
      attributes: { ...record.attributes, MessageGroupId: groups[index]!, MessageDeduplicationId: `dedup-${index}`, SequenceNumber: `1878${index}` },
    }));

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.messageId }, { itemIdentifier: event.Records[3]!.messageId }]);
    expect(processed).toEqual(['message-0', 'message-2']);
    expect(lines('record failed')).toHaveLength(1);
    expect(lines('batch completed')).toEqual([expect.objectContaining({ records: 4, failed: 2, outcome: 'partial_failure' })]);
    expect(output.emf()[0]).toMatchObject({ BatchRecords: 4, BatchItemFailures: 2 });
  });

  it('records ColdStart on the first batch only', async () => {
    // Prepare
    const handler = withSqsObservability(async () => undefined, { telemetry: shopTelemetry() });

    // Act
    await handler(sqsBatch(2), lambdaContext('shop-fulfil'));
    await handler(sqsBatch(3), lambdaContext('shop-fulfil'));

    // Assess
    expect(output.emf().map((doc) => [doc.ColdStart, doc.BatchRecords, doc.BatchItemFailures])).toEqual([
      [1, 2, 0],
      [undefined, 3, 0],
    ]);
  });

  it('answers a batch whose every record failed with every message id, and throws nothing', async () => {
    // Prepare
    const handler = withSqsObservability(
      async () => {
        throw new Error('downstream is down');
      },
      { telemetry: shopTelemetry() },
    );
    const event = sqsBatch(4);

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual(event.Records.map((record) => ({ itemIdentifier: record.messageId })));
    expect(lines('record failed')).toHaveLength(4);
    expect(output.emf()[0]).toMatchObject({ BatchRecords: 4, BatchItemFailures: 4 });
    expect(lines('batch completed')).toEqual([expect.objectContaining({ records: 4, failed: 4, outcome: 'failure' })]);
  });

  it('answers each clean batch with a list of its own, never one shared with the next batch', async () => {
    // Prepare
    const handler = withSqsObservability(async () => undefined, { telemetry: shopTelemetry() });

    // Act
    const first = await handler(sqsBatch(1), lambdaContext());
    first.batchItemFailures.push({ itemIdentifier: 'changed-by-the-caller' });
    const second = await handler(sqsBatch(1), lambdaContext());

    // Assess
    expect(second).toEqual({ batchItemFailures: [] });
  });

  it('stamps each record’s lines with its own correlation id and message id, and correlationOf(context) answers with that id', async () => {
    // Prepare: the first record carries an x-correlation-id attribute, the second none
    const telemetry = shopTelemetry();
    const seen: string[] = [];
    const handler = withSqsObservability(
      async (record, context) => {
        seen.push(correlationOf(context).correlationId);
        telemetry.logger.info('fulfilling', { body: record.body });
      },
      { telemetry },
    );
    const event = loadEvent<SQSEvent>('sqs-traced.json');
    const [withAttribute, without] = event.Records;
    const context = lambdaContext();

    // Act
    await handler(event, context);

    // Assess
    expect(seen).toEqual(['order-o-1-request', without!.messageId]);
    expect(lines('fulfilling').map((line) => [line.correlation_id, line.message_id])).toEqual([
      ['order-o-1-request', withAttribute!.messageId],
      [without!.messageId, without!.messageId],
    ]);
    const completed = lines('batch completed')[0];
    expect(completed).toMatchObject({ correlation_id: context.awsRequestId, function_name: context.functionName, correlation_ids: ['order-o-1-request', without!.messageId] });
    expect(completed).not.toHaveProperty('message_id');
    expect(correlationOf(context).correlationId).toBe(context.awsRequestId);
  });

  it.each([
    ['a value that could inject log content', withSqsAttribute, 'evil\n{"level":"ERROR"}', 'String'],
    ['a value longer than 128 characters', withSqsAttribute, 'x'.repeat(129), 'String'],
    ['a Number attribute', withSqsAttribute, '42', 'Number'],
  ])('falls back to the message id when the x-correlation-id attribute is %s', async (_case, withAttribute, value, dataType) => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withSqsObservability(async () => telemetry.logger.info('fulfilling'), { telemetry });
    const event = sqsBatch(1, (record) => withAttribute(record, 'x-correlation-id', value, dataType));

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(lines('fulfilling')[0]?.correlation_id).toBe(event.Records[0]!.messageId);
    expect(JSON.stringify(output.json())).not.toContain('evil');
  });

  it('writes no line per record done at INFO by default; the batch line lists each record’s correlation id once', async () => {
    // Prepare: three records, two of them published under the same request's id
    const telemetry = shopTelemetry();
    const handler = withSqsObservability(async () => undefined, { telemetry });
    const event = sqsBatch(3, (record, index) => (index < 2 ? withSqsAttribute(record, 'x-correlation-id', 'order-o-7-request', 'String') : record));

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(lines('record processed')).toEqual([]);
    expect(lines('batch completed')).toEqual([expect.objectContaining({ records: 3, correlation_ids: ['order-o-7-request', event.Records[2]!.messageId] })]);
    expect(lines('batch completed')[0]).not.toHaveProperty('correlation_ids_omitted');
  });

  it.each([
    ['at DEBUG', { LOG_LEVEL: 'DEBUG' }, {}],
    ['with processedRecordLogLevel INFO', {}, { processedRecordLogLevel: 'INFO' as const }],
  ])('writes a record processed line per record done, with its ids and duration, %s', async (_case, environment, options) => {
    // Prepare
    Object.assign(process.env, environment);
    const telemetry = shopTelemetry();
    const handler = withSqsObservability(
      async (record) => {
        if (record.body === 'poison') throw new SyntaxError('order message is not JSON');
      },
      { telemetry, ...options },
    );
    const event = sqsBatch(3, poisonAt(1));

    // Act
    await handler(event, lambdaContext());

    // Assess
    const done = event.Records.filter((_record, index) => index !== 1);
    expect(lines('record processed')).toEqual(
      done.map((record) =>
        expect.objectContaining({ level: 'LOG_LEVEL' in environment ? 'DEBUG' : 'INFO', message_id: record.messageId, correlation_id: record.messageId, durationMs: expect.any(Number) }),
      ),
    );
  });

  it('lists at most 100 correlation ids on the batch line and counts the rest, so a batch of thousands stays one readable line', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withSqsObservability(async () => undefined, { telemetry });
    const event = sqsBatch(150);

    // Act
    await handler(event, lambdaContext());

    // Assess
    const completed = lines('batch completed')[0];
    expect(completed).toMatchObject({ records: 150, correlation_ids: event.Records.slice(0, 100).map((record) => record.messageId), correlation_ids_omitted: 50 });
  });

  it('keeps keys a record handler appended off the next record’s lines', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withSqsObservability(
      async (record) => {
        if (record.body === 'message-0') telemetry.logger.appendKeys({ orderId: 'o-1' });
        telemetry.logger.info('fulfilling');
      },
      { telemetry },
    );

    // Act
    await handler(sqsBatch(2), lambdaContext());

    // Assess
    const [first, second] = lines('fulfilling');
    expect(first).toMatchObject({ orderId: 'o-1' });
    expect(second).not.toHaveProperty('orderId');
  });

  it('runs the records one at a time, in the order SQS delivered them', async () => {
    // Prepare
    let running = 0;
    let mostAtOnce = 0;
    const order: string[] = [];
    const handler = withSqsObservability(
      async (record) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        order.push(record.body);
        running -= 1;
      },
      { telemetry: shopTelemetry() },
    );

    // Act
    await handler(sqsBatch(5), lambdaContext());

    // Assess
    expect(mostAtOnce).toBe(1);
    expect(order).toEqual(['message-0', 'message-1', 'message-2', 'message-3', 'message-4']);
  });

  it('fails an invocation whose event has no Records array, naming the problem, with Powertools’ error as the cause', async () => {
    // Prepare
    const handler = withSqsObservability(async () => undefined, { telemetry: shopTelemetry() });

    // Act
    const error = await rejectionOf(handler({ detail: {} } as never, lambdaContext('shop-fulfil')), TriggerEventError);

    // Assess
    expect(error.message).toBe('withSqsObservability needs an SQS event with a Records array, got an event with keys detail: is the function subscribed to an SQS queue?');
    expect(error.cause).toBeInstanceOf(UnexpectedBatchTypeError);
    expect(lines('batch completed')).toEqual([expect.objectContaining({ outcome: 'failure', errorName: 'TriggerEventError' })]);
    expect(output.emf()).toEqual([expect.objectContaining({ ColdStart: 1 })]);
  });

  it('answers with the failed records when the logger itself fails, reporting the fault on stderr', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'shop' });
    const broken = () => {
      throw new Error('log sink closed');
    };
    for (const method of ['info', 'warn', 'error', 'appendKeys', 'resetKeys'] as const) jest.spyOn(logger, method).mockImplementation(broken);
    const handler = withSqsObservability(
      async (record) => {
        if (record.body === 'poison') throw new Error('bad order');
      },
      { telemetry: shopTelemetry({ logger }) },
    );
    const event = sqsBatch(3, poisonAt(1));

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.messageId }] });
    expect(output.stderr.map((line) => JSON.parse(line))).toContainEqual({ level: 'WARN', message: 'telemetry fault', component: 'logger', error: 'Error: log sink closed' });
  });

  it('answers with the failed records when publishing metrics fails (stdout closed), and reports the fault', async () => {
    // Prepare: a fault stdout can't be made to produce for real (a closed pipe), so it is injected for the EMF line.
    const write = jest.mocked(process.stdout.write);
    const capture = write.getMockImplementation() as (...args: unknown[]) => boolean;
    write.mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (String(chunk).includes(`"${BatchMetric.Records}"`)) throw new Error('EMF write failed: stdout closed');
      return capture(chunk, ...rest);
    }) as typeof process.stdout.write);
    const handler = withSqsObservability(
      async (record) => {
        if (record.body === 'poison') throw new Error('bad order');
      },
      { telemetry: shopTelemetry() },
    );
    const event = sqsBatch(2, poisonAt(0));

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]!.messageId }] });
    expect(lines('telemetry fault')).toEqual([
      expect.objectContaining({ level: 'WARN', telemetryComponent: 'metrics', error: expect.objectContaining({ message: 'EMF write failed: stdout closed' }) }),
    ]);
  });

  it('refuses a record handler or options it cannot work with, naming the bad one', () => {
    // Prepare
    const telemetry = shopTelemetry();

    // Act
    const attempts = [
      () => withSqsObservability('fulfil' as never, { telemetry }),
      () => withSqsObservability(async () => undefined, {} as never),
      () => withSqsObservability(async () => undefined, { telemetry, errors: [] } as never),
      () => withSqsObservability(async () => undefined, { telemetry, telemtry: telemetry } as never),
      () => withSqsObservability(async () => undefined, { telemetry, processedRecordLogLevel: 'info' as never }),
    ];

    // Assess
    expect(attempts.map(rejectionMessage)).toEqual([
      'withSqsObservability needs a handler function as its first argument, got string',
      'withSqsObservability needs options.telemetry, built with createTelemetry(catalog)',
      'withSqsObservability does not take options.errors: it answers no HTTP request, so there is no error response or response body',
      'withSqsObservability does not take options.telemtry; it takes telemetry, processedRecordLogLevel',
      `options.processedRecordLogLevel must be 'DEBUG' or 'INFO', got "info"`,
    ]);
  });
});

/** The message of the ObservabilityOptionsError `attempt` throws; fails the test when it throws nothing else. */
function rejectionMessage(attempt: () => unknown): string {
  try {
    attempt();
  } catch (error) {
    if (error instanceof ObservabilityOptionsError) return error.message;
    throw error;
  }
  throw new Error('expected an ObservabilityOptionsError, nothing was thrown');
}
