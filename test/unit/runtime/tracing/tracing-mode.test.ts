import { Tracer } from '@aws-lambda-powertools/tracer';
import { createTelemetry, TracingOptionsError } from 'periscope';
import { catalog } from '../../../../observability.config';
import { resolveTracingMode } from '../../../../src/runtime/tracing/tracing-mode';

describe('choosing how a function traces', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('traces with Powertools Tracer unless the code or PERISCOPE_TRACING says lean, and the code wins over the variable', () => {
    expect(resolveTracingMode(undefined, {})).toBe('powertools');
    expect(resolveTracingMode(undefined, { PERISCOPE_TRACING: ' Lean ' })).toBe('lean');
    expect(resolveTracingMode(undefined, { PERISCOPE_TRACING: 'powertools' })).toBe('powertools');
    expect(resolveTracingMode('powertools', { PERISCOPE_TRACING: 'lean' })).toBe('powertools');
    expect(resolveTracingMode('lean', { PERISCOPE_TRACING: 'powertools' })).toBe('lean');
  });

  it('refuses a PERISCOPE_TRACING or tracing option that names no mode, quoting it', () => {
    expect(() => resolveTracingMode(undefined, { PERISCOPE_TRACING: 'xray' })).toThrow(new TracingOptionsError(`PERISCOPE_TRACING must be 'powertools' or 'lean', got "xray"`));
    expect(() => resolveTracingMode('fast' as never, {})).toThrow(/tracing must be 'powertools' or 'lean', got "fast"/);
  });

  it('gives the default telemetry a Powertools Tracer behind Periscope’s tracer, named after the service', () => {
    const telemetry = createTelemetry(catalog);

    expect(telemetry.tracer.mode).toBe('powertools');
    expect(telemetry.powertoolsTracer).toBeInstanceOf(Tracer);
  });

  it('gives lean telemetry the lean tracer, asked for in code or by PERISCOPE_TRACING, and no Powertools Tracer to reach for', () => {
    process.env.PERISCOPE_TRACING = 'lean';
    const fromEnv = createTelemetry(catalog);
    const fromCode = createTelemetry(catalog, { tracing: 'lean' });

    expect([fromEnv.tracer.mode, fromCode.tracer.mode]).toEqual(['lean', 'lean']);
    expect(() => fromCode.powertoolsTracer).toThrow(TracingOptionsError);
    expect(() => fromCode.powertoolsTracer).toThrow(/only there in the powertools tracing mode/);
  });

  it('builds on a Tracer the service already has instead of making a second one, and refuses one in lean mode', () => {
    const own = new Tracer({ serviceName: 'orders' });

    expect(createTelemetry(catalog, { powertoolsTracer: own }).powertoolsTracer).toBe(own);
    expect(() => createTelemetry(catalog, { tracing: 'lean', powertoolsTracer: own })).toThrow(/given a powertoolsTracer, but this function traces in lean mode \(option tracing\)/);
    process.env.PERISCOPE_TRACING = 'lean';
    expect(() => createTelemetry(catalog, { powertoolsTracer: own })).toThrow(/lean mode \(PERISCOPE_TRACING\)/);
  });

  it('fails at startup when a lean function asks for HTTP capture, in code or through Powertools’ variable', () => {
    expect(() => createTelemetry(catalog, { tracing: 'lean', captureHttpRequests: true })).toThrow(/lean tracing does not trace http, https or fetch calls, but captureHttpRequests: true asks for it/);
    process.env.POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS = 'true';
    expect(() => createTelemetry(catalog, { tracing: 'lean' })).toThrow(/POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS=true asks for it/);
    // Turning it off is no request at all.
    process.env.POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS = 'false';
    expect(createTelemetry(catalog, { tracing: 'lean', captureHttpRequests: false }).tracer.mode).toBe('lean');
  });
});
