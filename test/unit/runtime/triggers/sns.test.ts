import { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent } from 'aws-lambda';
import { correlationOf } from '../../../../src/runtime/invocation-correlation';
import { ObservabilityOptionsError } from '../../../../src/runtime/triggers/observability-options';
import { withSnsObservability } from '../../../../src/runtime/triggers/sns';
import { captureOutputEachTest } from '../../../support/capture-stdout';
import { lambdaContext } from '../../../support/lambda';
import { shopTelemetry } from '../../../support/shop';
import { rejectionOf } from '../../../unit/alerts/fixtures';
import { loadEvent, snsEvent } from './events';

class AnnouncementFailedError extends Error {
  public constructor() {
    super('the announcement was not delivered');
    this.name = 'AnnouncementFailedError';
  }
}

describe('withSnsObservability', () => {
  const output = captureOutputEachTest();
  const lines = output.lines;

  it('logs and correlates an EventBridge event a rule delivers to the same function as EventBridge, and hands it over as it came', async () => {
    // Prepare: a function subscribed to a topic and targeted by a rule, as Periscope's Slack notifier is
    const telemetry = shopTelemetry();
    const received: unknown[] = [];
    const handler = withSnsObservability(
      async (event, context) => {
        received.push(event);
        telemetry.logger.info('announcing', { correlation: correlationOf(context).correlationId });
      },
      { telemetry },
    );
    const event = loadEvent<SNSEvent>('eventbridge-aws-service.json');

    // Act
    await handler(event, lambdaContext('shop-announce'));

    // Assess
    expect(received).toEqual([event]);
    expect(lines('announcing')).toEqual([expect.objectContaining({ correlation_id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718', correlation: '6a7e8feb-b491-4cf7-a9f1-bf3703467718' })]);
    expect(lines('invocation completed')).toEqual([expect.objectContaining({ trigger: 'eventbridge', outcome: 'success', correlation_id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718' })]);
  });

  it('stamps every line with the message’s x-correlation-id attribute and the Lambda context, and ends with an invocation completed line', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    let published = '';
    const handler = withSnsObservability(
      async (event, context) => {
        published = correlationOf(context).correlationId;
        telemetry.logger.info('announcing', { subject: event.Records[0]?.Sns.Subject });
      },
      { telemetry },
    );
    const event = snsEvent({ 'x-correlation-id': { Type: 'String', Value: 'alert-42' } });

    // Act
    await handler(event, lambdaContext('shop-announce'));

    // Assess
    expect(published).toBe('alert-42');
    expect(lines('announcing')).toEqual([expect.objectContaining({ correlation_id: 'alert-42', function_name: 'shop-announce', cold_start: true, subject: 'TestInvoke' })]);
    expect(lines('invocation completed')).toEqual([expect.objectContaining({ level: 'INFO', correlation_id: 'alert-42', trigger: 'sns', outcome: 'success', durationMs: expect.any(Number) })]);
    expect(output.emf()).toEqual([expect.objectContaining({ ColdStart: 1, function_name: 'shop-announce' })]);
  });

  it.each([
    ['no x-correlation-id attribute (Powertools’ SNS event as SNS sent it)', undefined],
    ['an attribute that could inject log content', { 'x-correlation-id': { Type: 'String', Value: 'a"b\n{"level":"ERROR"}' } }],
    ['a Binary attribute', { 'x-correlation-id': { Type: 'Binary', Value: 'YWxlcnQtNDI' } }],
  ])('falls back to the message id when the message has %s', async (_case, attributes) => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withSnsObservability(async () => telemetry.logger.info('announcing'), { telemetry });
    const event = snsEvent(attributes);

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(lines('announcing')[0]?.correlation_id).toBe('95df01b4-ee98-5cb9-9903-4c221d41eb5e');
  });

  it('rethrows what the handler threw, so Lambda retries the message, after saying so in the invocation completed line', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withSnsObservability(
      async () => {
        telemetry.businessMetrics.record('CheckoutFailed', 1, { reason: 'announcement' });
        throw new AnnouncementFailedError();
      },
      { telemetry },
    );

    // Act
    const error = await rejectionOf(handler(snsEvent(), lambdaContext()), AnnouncementFailedError);

    // Assess
    expect(error.message).toBe('the announcement was not delivered');
    expect(lines('invocation completed')).toEqual([
      expect.objectContaining({ level: 'INFO', trigger: 'sns', outcome: 'failure', errorName: 'AnnouncementFailedError', errorMessage: 'the announcement was not delivered' }),
    ]);
    expect(output.emf()).toEqual([expect.objectContaining({ CheckoutFailed: 1, reason: 'announcement' })]);
  });

  it('delivers when the logger itself fails, reporting the fault on stderr', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'shop' });
    const broken = () => {
      throw new Error('log sink closed');
    };
    for (const method of ['info', 'warn', 'appendKeys', 'addContext'] as const) jest.spyOn(logger, method).mockImplementation(broken);
    const delivered: string[] = [];
    const handler = withSnsObservability(
      async (event) => {
        delivered.push(event.Records[0]?.Sns.Message ?? '');
      },
      { telemetry: shopTelemetry({ logger }) },
    );

    // Act
    await handler(snsEvent(), lambdaContext());

    // Assess
    expect(delivered).toEqual(['Hello from SNS!']);
    expect(output.stderr.map((line) => JSON.parse(line))).toContainEqual({ level: 'WARN', message: 'telemetry fault', component: 'logger', error: 'Error: log sink closed' });
  });

  it('refuses HTTP options, naming them', () => {
    // Prepare
    const telemetry = shopTelemetry();

    // Act
    const withErrors = () => withSnsObservability(async () => undefined, { telemetry, traceResponse: true } as never);

    // Assess
    expect(withErrors).toThrow(new ObservabilityOptionsError('withSnsObservability does not take options.traceResponse: it answers no HTTP request, so there is no error response or response body'));
  });
});
