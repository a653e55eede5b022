import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { SendMessageBatchRequestEntry, SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { jsonResponse } from '../../../../src/runtime/http-response';
import { correlationOf } from '../../../../src/runtime/invocation-correlation';
import { TriggerEventError } from '../../../../src/runtime/triggers/errors';
import { withEventBridgeObservability } from '../../../../src/runtime/triggers/eventbridge';
import { withHttpApiObservability } from '../../../../src/runtime/triggers/http-api';
import { eventBridgeEntryCorrelation, snsMessageCorrelation, sqsMessageCorrelation } from '../../../../src/runtime/triggers/producer-correlation';
import { withSnsObservability } from '../../../../src/runtime/triggers/sns';
import { withSqsObservability } from '../../../../src/runtime/triggers/sqs';
import { captureOutputEachTest } from '../../../support/capture-stdout';
import { lambdaContext } from '../../../support/lambda';
import { shopTelemetry } from '../../../support/shop';
import { deliveredEventBridgeEvent, deliveredSnsEvent, deliveredSqsRecord, httpApiEvent, sqsBatch, withSqsAttribute } from './events';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:orders';

describe('correlation across asynchronous hops', () => {
  const output = captureOutputEachTest();

  it('carries a request’s correlation id through SQS, SNS and EventBridge: each consumer logs under it and passes it on', async () => {
    // Prepare: an HTTP API handler sends to a queue; its consumer publishes to a topic; the subscriber puts an event on a bus.
    const telemetry = shopTelemetry();
    const sent: { message?: SendMessageCommandInput; notification?: PublishCommandInput; entry?: PutEventsRequestEntry } = {};
    const placeOrder = withHttpApiObservability(
      async (_event, context) => {
        sent.message = { QueueUrl: QUEUE_URL, MessageBody: '{"orderId":"o-1"}', ...sqsMessageCorrelation(context) };
        return jsonResponse(202, {});
      },
      { telemetry },
    );
    const fulfil = withSqsObservability(
      async (record, context) => {
        telemetry.logger.info('fulfilling');
        sent.notification = { TopicArn: TOPIC_ARN, Message: record.body, ...snsMessageCorrelation(context) };
      },
      { telemetry },
    );
    const announce = withSnsObservability(
      async (_event, context) => {
        telemetry.logger.info('announcing');
        sent.entry = { Source: 'com.example.orders', DetailType: 'OrderFulfilled', ...eventBridgeEntryCorrelation(context, { orderId: 'o-1', metadata: { schemaVersion: '2' } }) };
      },
      { telemetry },
    );
    let reserved: unknown;
    const reserve = withEventBridgeObservability(
      async (event) => {
        telemetry.logger.info('reserving');
        reserved = event.detail;
      },
      { telemetry },
    );

    // Act
    await placeOrder(httpApiEvent({ 'x-correlation-id': 'checkout-7f3a' }), lambdaContext());
    const batch = await fulfil({ Records: [deliveredSqsRecord(sent.message!, 'm-1')] }, lambdaContext());
    await announce(deliveredSnsEvent(sent.notification!, 'n-1'), lambdaContext());
    await reserve(deliveredEventBridgeEvent(sent.entry!), lambdaContext());

    // Assess
    expect(batch.batchItemFailures).toEqual([]);
    expect(sent.message?.MessageAttributes).toEqual({ 'x-correlation-id': { DataType: 'String', StringValue: 'checkout-7f3a' } });
    expect(sent.message).not.toHaveProperty('MessageSystemAttributes'); // not traced here
    expect(
      output
        .json()
        .filter((line) => ['fulfilling', 'announcing', 'reserving'].includes(line.message))
        .map((line) => [line.message, line.correlation_id]),
    ).toEqual([
      ['fulfilling', 'checkout-7f3a'],
      ['announcing', 'checkout-7f3a'],
      ['reserving', 'checkout-7f3a'],
    ]);
    expect(reserved).toEqual({ orderId: 'o-1', metadata: { schemaVersion: '2', correlationId: 'checkout-7f3a' } });
  });

  it('puts a record’s own correlation id on what its handler sends, and keeps the records of batches running side by side apart', async () => {
    // Prepare: two batches in one process, their records interleaving
    const sentBy: Record<string, string> = {};
    const handler = withSqsObservability(
      async (record, context) => {
        await new Promise((resolve) => setTimeout(resolve, record.body === 'message-0' ? 5 : 1));
        sentBy[record.messageId] = sqsMessageCorrelation(context).MessageAttributes['x-correlation-id'].StringValue;
      },
      { telemetry: shopTelemetry() },
    );
    const batchA = sqsBatch(2, (record, index) => withSqsAttribute({ ...record, messageId: `a-${index}` }, 'x-correlation-id', `request-a-${index}`));
    const batchB = sqsBatch(2, (record, index) => ({ ...record, messageId: `b-${index}` }));

    // Act
    await Promise.all([handler(batchA, lambdaContext()), handler(batchB, lambdaContext())]);

    // Assess
    expect(sentBy).toEqual({ 'a-0': 'request-a-0', 'a-1': 'request-a-1', 'b-0': 'b-0', 'b-1': 'b-1' });
  });

  it('builds the attributes from the correlation correlationOf returned, for code that holds no Lambda context', () => {
    // Prepare
    const correlation = { correlationId: 'checkout-7f3a', traceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' };

    // Act
    const entry: SendMessageBatchRequestEntry = { Id: '1', MessageBody: '{}', ...sqsMessageCorrelation(correlation) };
    const putEntry: PutEventsRequestEntry = { Source: 'orders', DetailType: 'OrderPlaced', ...eventBridgeEntryCorrelation(correlation, { orderId: 'o-1' }) };
    const notification: PublishCommandInput = { TopicArn: TOPIC_ARN, Message: '{}', ...snsMessageCorrelation(correlation) };

    // Assess
    expect(entry.MessageSystemAttributes).toEqual({ AWSTraceHeader: { DataType: 'String', StringValue: correlation.traceHeader } });
    expect(putEntry).toMatchObject({ TraceHeader: correlation.traceHeader, Detail: '{"orderId":"o-1","metadata":{"correlationId":"checkout-7f3a"}}' });
    expect(notification.MessageAttributes).toEqual({ 'x-correlation-id': { DataType: 'String', StringValue: 'checkout-7f3a' } });
  });

  it('answers outside Periscope’s wrappers with the Lambda request id and no trace header', () => {
    // Prepare
    const context = lambdaContext();

    // Act
    const correlation = correlationOf(context);

    // Assess
    expect(correlation).toEqual({ correlationId: context.awsRequestId });
  });

  it.each([
    ['a string', { orderId: 'o-1', metadata: 'v2' }, 'eventBridgeEntryCorrelation adds correlationId to detail.metadata, which must be an object, got string'],
    ['an array', { orderId: 'o-1', metadata: ['v2'] }, 'eventBridgeEntryCorrelation adds correlationId to detail.metadata, which must be an object, got an array'],
  ])('refuses a detail whose metadata is %s, rather than drop it', (_case, detail, message) => {
    // Act
    const attempt = () => eventBridgeEntryCorrelation({ correlationId: 'c-1' }, detail);

    // Assess
    expect(attempt).toThrow(new TriggerEventError('eventbridge', message));
  });
});
