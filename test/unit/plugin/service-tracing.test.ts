import { applyServiceTracing, POWERTOOLS_TRACING_PACKAGES, ServiceTracingError } from '../../../plugin/service-tracing';

const functions = () => ({ createOrder: { handler: 'handlers/orders/handler.createOrder' }, getOrder: { handler: 'handlers/orders/handler.getOrder', environment: { TABLE: 'orders' } } });

describe('a service that traces every function lean (custom.periscope.tracing)', () => {
  it('sets PERISCOPE_TRACING=lean for every function and leaves Powertools Tracer and the X-Ray SDK out of the bundles', () => {
    // Prepare
    const providerEnvironment: Record<string, unknown> = { LOG_LEVEL: 'INFO' };
    const esbuild: { exclude?: string[] } = { exclude: ['@aws-sdk/*'] };

    // Act
    const first = applyServiceTracing({ functions: functions(), providerEnvironment, esbuild }, 'lean');
    const second = applyServiceTracing({ functions: functions(), providerEnvironment, esbuild }, 'lean');

    // Assess
    expect(providerEnvironment).toEqual({ LOG_LEVEL: 'INFO', PERISCOPE_TRACING: 'lean' });
    expect(esbuild.exclude).toEqual(['@aws-sdk/*', '@aws-lambda-powertools/tracer', 'aws-xray-sdk-core']);
    expect(first).toEqual({ environmentSet: true, excluded: POWERTOOLS_TRACING_PACKAGES });
    expect(second).toEqual({ environmentSet: false, excluded: [] });
  });

  it("keeps serverless-esbuild's default exclude, and needs no esbuild at all", () => {
    const esbuild: { exclude?: string[] } = {};
    applyServiceTracing({ functions: functions(), providerEnvironment: {}, esbuild }, 'lean');
    expect(esbuild.exclude).toEqual(['aws-sdk', ...POWERTOOLS_TRACING_PACKAGES]);
    expect(applyServiceTracing({ functions: functions(), providerEnvironment: {} }, 'lean')).toEqual({ environmentSet: true, excluded: [] });
  });

  it('changes nothing for powertools, the runtime’s own default', () => {
    const providerEnvironment = {};
    const esbuild = {};
    expect(applyServiceTracing({ functions: functions(), providerEnvironment, esbuild }, 'powertools')).toEqual({ environmentSet: false, excluded: [] });
    expect([providerEnvironment, esbuild]).toEqual([{}, {}]);
  });

  it('refuses what would leave a function without the tracer it asks for, naming it', () => {
    const leanWithPowertoolsFunction = { ...functions(), notify: { handler: 'alerts.handler', environment: { PERISCOPE_TRACING: 'powertools' } } };
    expect(() => applyServiceTracing({ functions: leanWithPowertoolsFunction, providerEnvironment: {} }, 'lean')).toThrow(
      /function notify sets PERISCOPE_TRACING: "powertools", but custom.periscope.tracing is lean/,
    );
    expect(() => applyServiceTracing({ functions: functions(), providerEnvironment: { PERISCOPE_TRACING: 'powertools' } }, 'lean')).toThrow(/provider.environment.PERISCOPE_TRACING is "powertools"/);
    expect(() => applyServiceTracing({ functions: functions(), providerEnvironment: {}, esbuild: { config: './esbuild.config.js' } }, 'lean')).toThrow(ServiceTracingError);
    expect(() => applyServiceTracing({ functions: functions(), providerEnvironment: {} }, 'fast')).toThrow(`custom.periscope.tracing must be 'powertools' or 'lean', got "fast"`);
  });
});
