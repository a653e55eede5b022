import { correlationOf } from '../../../../src/runtime/invocation-correlation';
import { withEventBridgeObservability } from '../../../../src/runtime/triggers/eventbridge';
import { captureOutputEachTest } from '../../../support/capture-stdout';
import { lambdaContext } from '../../../support/lambda';
import { shopTelemetry } from '../../../support/shop';
import { rejectionOf } from '../../../unit/alerts/fixtures';
import { type BusEvent, loadEvent } from './events';

class PurgeFailedError extends Error {
  public constructor(options?: ErrorOptions) {
    super('expired carts were not purged', options);
    this.name = 'PurgeFailedError';
  }
}

describe('withEventBridgeObservability', () => {
  const output = captureOutputEachTest();
  const lines = output.lines;

  it('stamps every line of a custom event with detail.metadata.correlationId, and answers with what the handler returns', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withEventBridgeObservability(
      async (event, context) => {
        telemetry.logger.info('reserving stock', { detailType: event['detail-type'] });
        return { reserved: true, correlationId: correlationOf(context).correlationId };
      },
      { telemetry },
    );

    // Act
    const result = await handler(loadEvent<BusEvent>('eventbridge-custom.json'), lambdaContext('shop-reserve'));

    // Assess
    expect(result).toEqual({ reserved: true, correlationId: 'order-o-1-request' });
    expect(lines('reserving stock')).toEqual([expect.objectContaining({ correlation_id: 'order-o-1-request', function_name: 'shop-reserve', detailType: 'OrderPlaced' })]);
    expect(lines('invocation completed')).toEqual([expect.objectContaining({ correlation_id: 'order-o-1-request', trigger: 'eventbridge', outcome: 'success' })]);
  });

  it('logs a scheduled rule’s Scheduled Event as the schedule trigger, under the event’s id', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withEventBridgeObservability(async () => telemetry.logger.info('purging expired carts'), { telemetry });
    const event = loadEvent<BusEvent>('eventbridge-scheduled.json');

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(lines('purging expired carts')[0]?.correlation_id).toBe('89d1a02d-5ec7-412e-82f5-13505f849b41');
    expect(lines('invocation completed')).toEqual([expect.objectContaining({ trigger: 'schedule', outcome: 'success', correlation_id: event.id })]);
  });

  it.each([
    ['an AWS service’s event, which has no metadata (Powertools’ EventBridge event)', loadEvent<BusEvent>('eventbridge-aws-service.json')],
    ['a correlation id that is not a plain id', { ...loadEvent<BusEvent>('eventbridge-custom.json'), detail: { metadata: { correlationId: '<script>' } } }],
    ['a correlation id that is not a string', { ...loadEvent<BusEvent>('eventbridge-custom.json'), detail: { metadata: { correlationId: { $ne: null } } } }],
    ['a detail that is not an object', { ...loadEvent<BusEvent>('eventbridge-custom.json'), detail: 'order-o-1' }],
  ])('falls back to the event’s id for %s', async (_case, event) => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withEventBridgeObservability(async () => telemetry.logger.info('handling'), { telemetry });

    // Act
    await handler(event, lambdaContext());

    // Assess
    expect(lines('handling')[0]?.correlation_id).toBe(event.id);
  });

  it('rethrows what the handler threw, so EventBridge retries the event', async () => {
    // Prepare
    const handler = withEventBridgeObservability(
      async () => {
        throw new PurgeFailedError({ cause: new Error('table busy') });
      },
      { telemetry: shopTelemetry() },
    );

    // Act
    const error = await rejectionOf(handler(loadEvent<BusEvent>('eventbridge-scheduled.json'), lambdaContext()), PurgeFailedError);

    // Assess
    expect(error.cause).toEqual(new Error('table busy'));
    expect(lines('invocation completed')).toEqual([expect.objectContaining({ trigger: 'schedule', outcome: 'failure', errorName: 'PurgeFailedError' })]);
    expect(output.emf()).toEqual([expect.objectContaining({ ColdStart: 1 })]);
  });
});
