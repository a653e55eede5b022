import { Logger } from '@aws-lambda-powertools/logger';
import { BusinessMetrics } from '../../../src/runtime/business-metrics';
import { NotFoundError } from '../../../src/runtime/http-errors';
import { jsonResponse } from '../../../src/runtime/http-response';
import { ObservabilityOptionsError, withObservability } from '../../../src/runtime/with-observability';
import { captureOutputEachTest } from '../../support/capture-stdout';
import { apiEvent, lambdaContext } from '../../support/lambda';
import { shopCatalog, shopTelemetry } from '../../support/shop';

class BasketMissingError extends Error {
  public readonly details = { basketId: 'b-1' };
  public constructor() {
    super('Basket b-1 does not exist.');
    this.name = 'BasketMissingError';
  }
}

const checkoutEvent = (headers: Record<string, string> = {}) =>
  apiEvent({ method: 'POST', resource: '/checkout', path: '/checkout', body: '{}', headers: { 'content-type': 'application/json', ...headers } });

describe('withObservability', () => {
  const output = captureOutputEachTest();

  it('returns the caller’s x-correlation-id and stamps it on every log line', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withObservability(
      async () => {
        telemetry.logger.info('checking out');
        return jsonResponse(200, { ok: true });
      },
      { telemetry },
    );

    // Act
    const response = await handler(checkoutEvent({ 'X-Correlation-Id': 'trace-me-42' }), lambdaContext());

    // Assess
    expect(response.headers).toMatchObject({ 'x-correlation-id': 'trace-me-42' });
    const logs = output.json().filter((line) => line.message);
    expect(logs.map((line) => line.message)).toEqual(['checking out', 'request completed']);
    for (const line of logs) expect(line).toMatchObject({ correlation_id: 'trace-me-42', service: 'shop', cold_start: true, function_name: 'periscope-orders-test-fn' });
    expect(logs[1]).toMatchObject({ level: 'INFO', route: 'POST /checkout', statusCode: 200, outcome: 'success', durationMs: expect.any(Number) });
  });

  it('falls back to the API Gateway request id, and ignores an id that could inject log content', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withObservability(async () => jsonResponse(200, {}), { telemetry });
    const event = checkoutEvent({ 'x-correlation-id': 'evil\n{"level":"ERROR"}' });

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response.headers?.['x-correlation-id']).toBe(event.requestContext.requestId);
  });

  it('emits ColdStart once and the business metrics as one EMF document per invocation, in the catalog namespace', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withObservability(
      async () => {
        telemetry.businessMetrics.record('CheckoutCompleted', 1);
        telemetry.businessMetrics.record('BasketValue', 42.5);
        telemetry.businessMetrics.record('CheckoutFailed', 1, { reason: 'card_declined' });
        return jsonResponse(200, {});
      },
      { telemetry },
    );

    // Act
    await handler(checkoutEvent(), lambdaContext('shop-checkout'));
    const firstInvocation = output.emf();
    await handler(checkoutEvent(), lambdaContext('shop-checkout'));

    // Assess
    expect(firstInvocation).toEqual([
      {
        _aws: {
          Timestamp: expect.any(Number),
          CloudWatchMetrics: [
            { Namespace: 'Test/Shop', Dimensions: [['service', 'function_name']], Metrics: [{ Name: 'ColdStart', Unit: 'Count' }] },
            {
              Namespace: 'Test/Shop',
              Dimensions: [['service']],
              Metrics: [
                { Name: 'CheckoutCompleted', Unit: 'Count' },
                { Name: 'BasketValue', Unit: 'None' },
              ],
            },
            { Namespace: 'Test/Shop', Dimensions: [['service', 'reason']], Metrics: [{ Name: 'CheckoutFailed', Unit: 'Count' }] },
          ],
        },
        service: 'shop',
        function_name: 'shop-checkout',
        ColdStart: 1,
        CheckoutCompleted: 1,
        BasketValue: 42.5,
        reason: 'card_declined',
        CheckoutFailed: 1,
      },
    ]);
    const secondInvocation = output.emf().slice(firstInvocation.length);
    expect(secondInvocation.map((doc) => doc._aws.CloudWatchMetrics.map((directive: { Metrics: { Name: string }[] }) => directive.Metrics.map((m) => m.Name)))).toEqual([
      [['CheckoutCompleted', 'BasketValue'], ['CheckoutFailed']],
    ]);
  });

  it('publishes metrics a handler adds through telemetry.metrics (Powertools) after the business metrics', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withObservability(
      async () => {
        telemetry.businessMetrics.record('CheckoutCompleted', 1);
        telemetry.metrics.addMetric('CacheMiss', 'Count', 2);
        return jsonResponse(200, {});
      },
      { telemetry },
    );

    // Act
    await handler(checkoutEvent(), lambdaContext('shop-checkout'));

    // Assess
    expect(output.emf().map((doc) => Object.keys(doc).filter((key) => /^[A-Z]/.test(key)))).toEqual([['ColdStart', 'CheckoutCompleted'], ['CacheMiss']]);
  });

  it.each(['provisioned-concurrency', 'snap-start', undefined])('records no ColdStart for an environment initialised as %s, as Powertools', (initializationType) => {
    // Prepare
    const lines: string[] = [];
    const metrics = new BusinessMetrics(shopCatalog, () => undefined, { write: (line) => lines.push(line), env: { AWS_LAMBDA_INITIALIZATION_TYPE: initializationType } });

    // Act
    metrics.captureColdStart('shop-checkout');
    metrics.record('CheckoutCompleted', 1);
    metrics.flush();

    // Assess
    expect(lines.map((line) => JSON.parse(line))).toEqual([expect.not.objectContaining({ ColdStart: expect.anything() })]);
  });

  it('answers normally when the handler logs what JSON cannot hold: a cycle, a BigInt, a getter that throws, 1 MB of text', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const poison: Record<string, unknown> = { total: 12n, text: 'x'.repeat(1024 * 1024) };
    poison.self = poison;
    Object.defineProperty(poison, 'lazy', {
      enumerable: true,
      get: () => {
        throw new Error('not loaded');
      },
    });
    const handler = withObservability(
      async () => {
        telemetry.logger.info('basket', { poison });
        return jsonResponse(200, { ok: true });
      },
      { telemetry },
    );

    // Act
    const response = await handler(checkoutEvent(), lambdaContext('shop-checkout'));

    // Assess
    expect(response.statusCode).toBe(200);
    const basket = output.json().find((line) => line.message === 'basket');
    expect(basket).toMatchObject({ poison: { total: '12', lazy: '[Unreadable: Error: not loaded]' }, log_truncated: ['poison.text'] });
    expect(output.stdout.every((line) => Buffer.byteLength(line) < 256 * 1024)).toBe(true);
    expect(output.json().find((line) => line.message === 'telemetry fault')).toBeUndefined();
  });

  it('flushes the metrics recorded before the handler threw', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withObservability(
      async () => {
        telemetry.businessMetrics.record('CheckoutCompleted', 1);
        throw new Error('boom');
      },
      { telemetry },
    );

    // Act
    await handler(checkoutEvent(), lambdaContext());

    // Assess
    expect(output.emf().some((doc) => doc.CheckoutCompleted === 1)).toBe(true);
  });

  it('answers a mapped domain error with its 4xx JSON and details', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const handler = withObservability(
      async () => {
        throw new BasketMissingError();
      },
      { telemetry, errors: [{ error: BasketMissingError, statusCode: 404, code: 'BasketMissing' }] },
    );

    // Act
    const response = await handler(checkoutEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'BasketMissing', message: 'Basket b-1 does not exist.', details: { basketId: 'b-1' } } });
    expect(output.json().find((l) => l.message === 'request completed')).toMatchObject({ statusCode: 404, outcome: 'client_error' });
  });

  it('answers an HttpError with its own status and code', async () => {
    const telemetry = shopTelemetry();
    const handler = withObservability(
      async () => {
        throw new NotFoundError('RouteNotFound', 'No route GET /nope.');
      },
      { telemetry },
    );

    const response = await handler(checkoutEvent(), lambdaContext());

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'RouteNotFound', message: 'No route GET /nope.' } });
  });

  it('answers an unexpected error with a 500 that carries the correlation id and nothing of the error', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    const secret = 'password=hunter2 at db.internal:5432';
    const handler = withObservability(
      async () => {
        throw new TypeError(secret);
      },
      { telemetry },
    );

    // Act
    const response = await handler(checkoutEvent({ 'x-correlation-id': 'c-500' }), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'InternalError', message: expect.any(String), details: { correlationId: 'c-500' } } });
    expect(response.body).not.toContain('hunter2');
    expect(response.body).not.toContain('TypeError');
    const failure = output.json().find((l) => l.message === 'request failed');
    expect(failure).toMatchObject({ level: 'ERROR', correlation_id: 'c-500', error: { name: 'TypeError', message: secret, stack: expect.any(String) } });
  });

  it('logs the event only at DEBUG, with credentials redacted', async () => {
    // Prepare
    const event = checkoutEvent({ Authorization: 'Bearer top-secret', Cookie: 'session=abc' });
    const atInfo = withObservability(async () => jsonResponse(200, {}), { telemetry: shopTelemetry() });
    process.env.LOG_LEVEL = 'DEBUG';
    const atDebug = withObservability(async () => jsonResponse(200, {}), { telemetry: shopTelemetry() });

    // Act
    await atInfo(event, lambdaContext());
    const infoLines = output.json().length;
    await atDebug(event, lambdaContext());

    // Assess
    expect(
      output
        .json()
        .slice(0, infoLines)
        .some((l) => l.message === 'Lambda invocation event'),
    ).toBe(false);
    const logged = output.json().find((l) => l.message === 'Lambda invocation event');
    expect(logged).toMatchObject({ level: 'DEBUG', event: { path: '/checkout', headers: { Authorization: '[redacted]', Cookie: '[redacted]' } } });
    expect(JSON.stringify(output.json())).not.toContain('top-secret');
  });

  it('clears keys a handler appended once the invocation ends', async () => {
    // Prepare
    const telemetry = shopTelemetry();
    let calls = 0;
    const handler = withObservability(
      async () => {
        calls += 1;
        if (calls === 1) telemetry.logger.appendKeys({ customerId: 'c-1' });
        telemetry.logger.info('working');
        return jsonResponse(200, {});
      },
      { telemetry },
    );

    // Act
    await handler(checkoutEvent({ 'x-correlation-id': 'first' }), lambdaContext());
    await handler(checkoutEvent({ 'x-correlation-id': 'second' }), lambdaContext());

    // Assess
    const working = output.json().filter((l) => l.message === 'working');
    expect(working[0]).toMatchObject({ customerId: 'c-1', correlation_id: 'first' });
    expect(working[1]).not.toHaveProperty('customerId');
    expect(working[1]).toMatchObject({ correlation_id: 'second', cold_start: false });
  });

  it('still answers when publishing metrics fails, and reports the fault', async () => {
    // Prepare: a fault stdout can't be made to produce for real (a closed pipe), so it is injected for the EMF line.
    const write = jest.mocked(process.stdout.write);
    const capture = write.getMockImplementation() as (...args: unknown[]) => boolean;
    write.mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (String(chunk).includes('"CheckoutCompleted"')) throw new Error('EMF write failed: stdout closed');
      return capture(chunk, ...rest);
    }) as typeof process.stdout.write);
    const telemetry = shopTelemetry();
    const handler = withObservability(
      async () => {
        telemetry.businessMetrics.record('CheckoutCompleted', 1);
        return jsonResponse(201, { ok: true });
      },
      { telemetry },
    );

    // Act
    const response = await handler(checkoutEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(201);
    expect(output.json().find((l) => l.message === 'telemetry fault')).toMatchObject({ level: 'WARN', telemetryComponent: 'metrics', error: { message: 'EMF write failed: stdout closed' } });
  });

  it('still answers when the logger itself fails, reporting the fault on stderr', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'shop' });
    const broken = () => {
      throw new Error('log sink closed');
    };
    jest.spyOn(logger, 'info').mockImplementation(broken);
    jest.spyOn(logger, 'warn').mockImplementation(broken);
    const telemetry = shopTelemetry({ logger });
    const handler = withObservability(async () => jsonResponse(200, { ok: true }), { telemetry });

    // Act
    const response = await handler(checkoutEvent(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(200);
    expect(output.stderr.map((l) => JSON.parse(l))).toContainEqual({ level: 'WARN', message: 'telemetry fault', component: 'logger', error: 'Error: log sink closed' });
  });

  it('refuses options it cannot work with, naming the bad one', () => {
    const telemetry = shopTelemetry();
    expect(() => withObservability(async () => jsonResponse(200, {}), { telemetry, errors: [{ error: BasketMissingError, statusCode: 200, code: 'X' }] })).toThrow(
      new ObservabilityOptionsError('errors[0] (BasketMissingError).statusCode must be an HTTP error status 400–599, got 200'),
    );
    expect(() => withObservability(async () => jsonResponse(200, {}), {} as never)).toThrow(ObservabilityOptionsError);
  });
});
