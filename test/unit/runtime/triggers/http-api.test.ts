import { Logger } from '@aws-lambda-powertools/logger';
import { NotFoundError } from '../../../../src/runtime/http-errors';
import { jsonResponse } from '../../../../src/runtime/http-response';
import { withHttpApiObservability } from '../../../../src/runtime/triggers/http-api';
import { ObservabilityOptionsError } from '../../../../src/runtime/triggers/observability-options';
import { captureOutputEachTest } from '../../../support/capture-stdout';
import { lambdaContext } from '../../../support/lambda';
import { shopTelemetry } from '../../../support/shop';
import { functionUrlEvent, httpApiEvent } from './events';

class BasketMissingError extends Error {
  public readonly details = { basketId: 'b-1' };
  public constructor() {
    super('Basket b-1 does not exist.');
    this.name = 'BasketMissingError';
  }
}

describe('withHttpApiObservability', () => {
  const output = captureOutputEachTest();
  const lines = output.lines;

  it('returns the caller’s x-correlation-id and stamps it on every line, with the HTTP API’s route key as the route', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withHttpApiObservability(
      async () => {
        telemetry.logger.info('checking out');
        return jsonResponse(201, { ok: true });
      },
      { telemetry },
    );

    // Act
    const response = await handler(httpApiEvent({ 'x-correlation-id': 'trace-me-42' }), lambdaContext('shop-checkout'));

    // Assess
    expect(response).toMatchObject({ statusCode: 201, headers: { 'x-correlation-id': 'trace-me-42' } });
    expect(lines('checking out')).toEqual([expect.objectContaining({ correlation_id: 'trace-me-42', function_name: 'shop-checkout', cold_start: true })]);
    expect(lines('request completed')).toEqual([expect.objectContaining({ route: 'POST /lambda', statusCode: 201, outcome: 'success', durationMs: expect.any(Number) })]);
    expect(output.emf()).toEqual([expect.objectContaining({ ColdStart: 1 })]);
  });

  it('names a function URL’s route by its method and $default, never its path, and falls back to the request id', async () => {
    // Prepare
    const handler = withHttpApiObservability(async () => jsonResponse(200, {}), { telemetry: shopTelemetry() });
    const event = functionUrlEvent({ 'x-correlation-id': 'evil\n{"level":"ERROR"}' });
    event.rawPath = '/customers/c-123/carts/9';

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response.headers?.['x-correlation-id']).toBe('id');
    expect(lines('request completed')).toEqual([expect.objectContaining({ route: 'POST $default', correlation_id: 'id' })]);
    expect(JSON.stringify(output.json())).not.toContain('c-123');
  });

  it('answers a mapped domain error with its 4xx JSON, and an unexpected one with a 500 that carries only the correlation id', async () => {
    // Prepare
    const secret = 'password=hunter2 at db.internal:5432';
    const handler = withHttpApiObservability(
      async (event) => {
        if (event.rawQueryString === 'basket=missing') throw new BasketMissingError();
        throw new TypeError(secret);
      },
      { telemetry: shopTelemetry(), errors: [{ error: BasketMissingError, statusCode: 404, code: 'BasketMissing' }] },
    );

    // Act
    const refused = await handler({ ...httpApiEvent(), rawQueryString: 'basket=missing' }, lambdaContext());
    const failed = await handler(httpApiEvent({ 'x-correlation-id': 'c-500' }), lambdaContext());

    // Assess
    expect(refused.statusCode).toBe(404);
    expect(JSON.parse(refused.body ?? '')).toEqual({ error: { code: 'BasketMissing', message: 'Basket b-1 does not exist.', details: { basketId: 'b-1' } } });
    expect(failed).toMatchObject({ statusCode: 500, headers: { 'x-correlation-id': 'c-500' } });
    expect(JSON.parse(failed.body ?? '')).toEqual({ error: { code: 'InternalError', message: expect.any(String), details: { correlationId: 'c-500' } } });
    expect(failed.body).not.toContain('hunter2');
    expect(lines('request completed').map((line) => [line.statusCode, line.outcome])).toEqual([
      [404, 'client_error'],
      [500, 'server_error'],
    ]);
    expect(lines('request failed')).toEqual([expect.objectContaining({ level: 'ERROR', correlation_id: 'c-500', error: expect.objectContaining({ name: 'TypeError' }) })]);
  });

  it('answers an HttpError with its own status and code', async () => {
    // Prepare
    const handler = withHttpApiObservability(
      async () => {
        throw new NotFoundError('RouteNotFound', 'No route GET /nope.');
      },
      { telemetry: shopTelemetry() },
    );

    // Act
    const response = await handler(functionUrlEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body ?? '')).toEqual({ error: { code: 'RouteNotFound', message: 'No route GET /nope.' } });
  });

  it('logs the event only at DEBUG, with the authorization header and the cookies redacted', async () => {
    // Prepare
    process.env.LOG_LEVEL = 'DEBUG';
    const handler = withHttpApiObservability(async () => jsonResponse(200, {}), { telemetry: shopTelemetry() });

    // Act
    await handler(functionUrlEvent(), lambdaContext());

    // Assess: captureOutput's restore fails the test if the canary credentials reached any line
    expect(lines('Lambda invocation event')).toEqual([
      expect.objectContaining({ level: 'DEBUG', event: expect.objectContaining({ routeKey: '$default', headers: expect.objectContaining({ authorization: '[redacted]' }), cookies: ['[redacted]'] }) }),
    ]);
  });

  it('leaves a response without a status code as API Gateway sends it (a 200 whose body is the value)', async () => {
    // Prepare
    const handler = withHttpApiObservability(async () => ({ body: 'plain' }), { telemetry: shopTelemetry() });

    // Act
    const response = await handler(httpApiEvent(), lambdaContext());

    // Assess
    expect(response).toEqual({ body: 'plain' });
    expect(lines('request completed')).toEqual([expect.objectContaining({ statusCode: 200, outcome: 'success' })]);
  });

  it('still answers when the logger itself fails, reporting the fault on stderr', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'shop' });
    const broken = () => {
      throw new Error('log sink closed');
    };
    jest.spyOn(logger, 'info').mockImplementation(broken);
    jest.spyOn(logger, 'warn').mockImplementation(broken);
    const handler = withHttpApiObservability(async () => jsonResponse(200, { ok: true }), { telemetry: shopTelemetry({ logger }) });

    // Act
    const response = await handler(httpApiEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(200);
    expect(output.stderr.map((line) => JSON.parse(line))).toContainEqual({ level: 'WARN', message: 'telemetry fault', component: 'logger', error: 'Error: log sink closed' });
  });

  it('refuses options it cannot work with, naming the bad one', () => {
    // Prepare
    const telemetry = shopTelemetry();

    // Act
    const badStatus = () => withHttpApiObservability(async () => ({ statusCode: 200 }), { telemetry, errors: [{ error: BasketMissingError, statusCode: 302, code: 'Moved' }] });
    const badFlag = () => withHttpApiObservability(async () => ({ statusCode: 200 }), { telemetry, traceResponse: 'yes' } as never);

    // Assess
    expect(badStatus).toThrow(new ObservabilityOptionsError('errors[0] (BasketMissingError).statusCode must be an HTTP error status 400–599, got 302'));
    expect(badFlag).toThrow(new ObservabilityOptionsError('options.traceResponse must be true or false, got string'));
  });
});
