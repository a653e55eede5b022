import { newTraceHeader, withInvocationEnv } from '../../../tools/emulators/lambda-sandbox/lambda-context';

describe('withInvocationEnv', () => {
  afterEach(() => {
    delete process.env['_HANDLER'];
    delete process.env['_X_AMZN_TRACE_ID'];
  });

  it('sets the handler and a new sampled trace for the invocation, and restores what was there after', async () => {
    // Prepare
    process.env['_HANDLER'] = 'handlers/orders/handler.createOrder';

    // Act
    const seen = await withInvocationEnv({ handler: 'handlers/alerts/slack-notifier.handler' }, async () => ({ handler: process.env['_HANDLER'], trace: process.env['_X_AMZN_TRACE_ID'] }));

    // Assess
    expect(seen.handler).toBe('handlers/alerts/slack-notifier.handler');
    expect(seen.trace).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$/);
    expect(process.env['_HANDLER']).toBe('handlers/orders/handler.createOrder');
    expect(process.env['_X_AMZN_TRACE_ID']).toBeUndefined();
  });

  it('restores the environment when the invocation throws', async () => {
    // Act
    const run = withInvocationEnv({ handler: 'h.fail', traceHeader: newTraceHeader(0) }, async () => {
      throw new Error('handler failed');
    });

    // Assess
    await expect(run).rejects.toThrow('handler failed');
    expect(process.env['_HANDLER']).toBeUndefined();
  });
});
