import { tracingModeSetting } from '../../environment';

/**
 * How a function traces:
 * - `powertools` (the default): Powertools Tracer over the X-Ray SDK. The handler subsegment is the
 *   SDK's current segment, so a service's own Powertools Tracer calls (`captureMethod`,
 *   `provider.captureAsyncFunc`) and anything instrumented with the X-Ray SDK nest under it, and
 *   `fetch`, `http` and `https` calls are traced too.
 * - `lean`: Periscope's own X-Ray emitter ({@link XRayTracer}). It traces the handler and AWS SDK v3
 *   clients only, never loads the X-Ray SDK, and costs a cold start less; for functions that call
 *   only AWS SDK v3 clients.
 */
export type TracingMode = 'powertools' | 'lean';

const MODES: readonly TracingMode[] = ['powertools', 'lean'];

/** Thrown at startup when tracing is asked for something it cannot do; the message names the setting. */
export class TracingOptionsError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TracingOptionsError';
  }
}

/**
 * The tracing mode of a function: the code's choice (`createTelemetry(catalog, { tracing })`) when
 * it makes one, else `PERISCOPE_TRACING`, else `powertools`. The code wins because it knows what the
 * function calls (a function that calls `fetch` needs `powertools`); the variable lets an operator
 * switch a function whose code leaves it open, without a code change.
 *
 * @throws {@link TracingOptionsError} naming the value when the option or `PERISCOPE_TRACING` is neither mode
 * @example
 * ```ts
 * resolveTracingMode(undefined, { PERISCOPE_TRACING: 'lean' }); // 'lean'
 * resolveTracingMode('powertools', { PERISCOPE_TRACING: 'lean' }); // 'powertools'
 * ```
 */
export function resolveTracingMode(option: TracingMode | undefined, env: NodeJS.ProcessEnv = process.env): TracingMode {
  if (option !== undefined) {
    if (!MODES.includes(option)) throw new TracingOptionsError(`createTelemetry option tracing must be 'powertools' or 'lean', got ${JSON.stringify(option)}`);
    return option;
  }
  const setting = tracingModeSetting(env);
  if (setting === undefined) return 'powertools';
  const mode = setting.toLowerCase() as TracingMode;
  if (!MODES.includes(mode)) throw new TracingOptionsError(`PERISCOPE_TRACING must be 'powertools' or 'lean', got ${JSON.stringify(setting)}`);
  return mode;
}
