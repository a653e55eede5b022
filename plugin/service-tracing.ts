/**
 * A service-wide tracing mode in serverless.yml (`custom.periscope.tracing`), for services whose
 * functions all call only AWS SDK v3 clients: `lean` sets `PERISCOPE_TRACING=lean` for every function
 * and leaves Powertools Tracer and the X-Ray SDK out of the bundles, which lean mode never loads, so a
 * lean cold start does not even compile them.
 */
import { type EsbuildOptions, excludeFromBundles } from './esbuild-exclude';

/** What the `powertools` tracing mode needs and the `lean` mode never loads. */
export const POWERTOOLS_TRACING_PACKAGES: readonly string[] = ['@aws-lambda-powertools/tracer', 'aws-xray-sdk-core'];

/** The service-wide tracing modes `custom.periscope.tracing` takes. */
export const SERVICE_TRACING_MODES = ['powertools', 'lean'] as const;

/** One of {@link SERVICE_TRACING_MODES}. */
export type ServiceTracingMode = (typeof SERVICE_TRACING_MODES)[number];

/** The variable the runtime reads the mode from. */
const MODE_VARIABLE = 'PERISCOPE_TRACING';

/** What of serverless.yml the tracing setting reads and changes. */
export interface TracedService {
  readonly functions: Readonly<Record<string, { readonly handler?: string; readonly environment?: Readonly<Record<string, unknown>> }>>;
  /** `provider.environment`, changed in place. */
  readonly providerEnvironment: Record<string, unknown>;
  /** `custom.esbuild`, changed in place; undefined when the service does not bundle with serverless-esbuild. */
  readonly esbuild?: EsbuildOptions;
}

/** Thrown when the service-wide tracing setting contradicts the service; the message names the setting or function. */
export class ServiceTracingError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ServiceTracingError';
  }
}

/** What {@link applyServiceTracing} changed. */
export interface TracingWiring {
  /** Whether it set `provider.environment.PERISCOPE_TRACING`. */
  readonly environmentSet: boolean;
  /** Packages added to `custom.esbuild.exclude`. */
  readonly excluded: readonly string[];
}

/**
 * Applies `custom.periscope.tracing`. `powertools` (the runtime's own default) changes nothing. `lean`
 * sets `provider.environment.PERISCOPE_TRACING: lean` and adds {@link POWERTOOLS_TRACING_PACKAGES}
 * to serverless-esbuild's `exclude`. Calling it twice changes nothing more.
 *
 * @throws {ServiceTracingError} for a mode that is neither, a `PERISCOPE_TRACING` in the provider's or
 * a function's environment that says otherwise (its bundle would lack the tracer), or esbuild options
 * built in code (`custom.esbuild.config`), which the plugin cannot change.
 * @example
 * ```ts
 * applyServiceTracing({ functions, providerEnvironment: provider.environment, esbuild: custom.esbuild }, 'lean');
 * ```
 */
export function applyServiceTracing(service: TracedService, mode: unknown): TracingWiring {
  if (!SERVICE_TRACING_MODES.includes(mode as ServiceTracingMode)) {
    throw new ServiceTracingError(`custom.periscope.tracing must be 'powertools' or 'lean', got ${JSON.stringify(mode)}`);
  }
  if (mode === 'powertools') return { environmentSet: false, excluded: [] };
  const contradicts = (value: unknown): boolean => value !== undefined && String(value).trim().toLowerCase() !== 'lean';
  if (contradicts(service.providerEnvironment[MODE_VARIABLE])) {
    throw new ServiceTracingError(`custom.periscope.tracing is lean, but provider.environment.${MODE_VARIABLE} is ${JSON.stringify(service.providerEnvironment[MODE_VARIABLE])}; keep one of them`);
  }
  for (const [key, fn] of Object.entries(service.functions)) {
    if (contradicts(fn.environment?.[MODE_VARIABLE])) {
      throw new ServiceTracingError(
        `function ${key} sets ${MODE_VARIABLE}: ${JSON.stringify(fn.environment?.[MODE_VARIABLE])}, but custom.periscope.tracing is lean, which leaves Powertools Tracer out of every bundle; move that function to another service or drop the service setting`,
      );
    }
  }
  if (service.esbuild?.config !== undefined) {
    throw new ServiceTracingError(
      `custom.esbuild.config (${service.esbuild.config}) builds the esbuild options in code: add ${POWERTOOLS_TRACING_PACKAGES.join(', ')} to its \`exclude\` yourself, or drop custom.periscope.tracing`,
    );
  }
  const environmentSet = service.providerEnvironment[MODE_VARIABLE] === undefined;
  if (environmentSet) service.providerEnvironment[MODE_VARIABLE] = 'lean';
  const excluded = service.esbuild === undefined ? [] : excludeFromBundles(service.esbuild, POWERTOOLS_TRACING_PACKAGES);
  return { environmentSet, excluded };
}
