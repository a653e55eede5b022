import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { ServiceDefinition } from '../catalog';
import { httpCaptureRequested, serviceNameFrom } from '../environment';
import { BusinessMetrics } from './business-metrics';
import { PeriscopeLogFormatter } from './logging/log-formatter';
import { PeriscopeLogger } from './logging/periscope-logger';
import { type TelemetryComponent, writeFaultToStderr } from './telemetry-fault';
import type { PeriscopeTracer } from './tracing/periscope-tracer';
import { resolveTracingMode, type TracingMode, TracingOptionsError } from './tracing/tracing-mode';
import { XRayTracer } from './tracing/xray-tracer';

/** The instrumentation of one service: Powertools logger, tracer and metrics (or Periscope's lean tracer), and the typed metrics API. */
export interface Telemetry<S extends ServiceDefinition> {
  /** The catalog everything is named from. */
  readonly catalog: S;
  /** Structured JSON logger (Powertools). */
  readonly logger: Logger;
  /** X-Ray tracing in the function's {@link TracingMode}; wrap AWS clients with `tracer.captureAWSv3Client`. */
  readonly tracer: PeriscopeTracer;
  /**
   * The Powertools Tracer behind {@link tracer} in the `powertools` mode, for what Powertools does
   * beyond Periscope's surface (`captureMethod`, `provider.captureAsyncFunc`, metadata).
   * @throws {@link TracingOptionsError} in the `lean` mode, which has no Powertools Tracer
   */
  readonly powertoolsTracer: Tracer;
  /**
   * Powertools Metrics in the catalog's namespace, for metrics outside the catalog. Built on first
   * use, so a service that only records catalog metrics never pays for it; what it stores is
   * published with the invocation's business metrics.
   */
  readonly metrics: Metrics;
  /** Typed business metrics: only the catalog's names compile. */
  readonly businessMetrics: BusinessMetrics<S>;
  /** Writes the invocation's metrics: the business metrics (with `ColdStart`) as one EMF document, then anything stored on {@link metrics}. */
  flushMetrics(): void;
  /** Reports a telemetry fault without throwing. */
  reportFault(component: TelemetryComponent, error: unknown): void;
}

/** Options for {@link createTelemetry}; every part can be replaced, e.g. to inject a fault in a test. */
export interface TelemetryOptions {
  /** @default a {@link PeriscopeLogger} (Powertools Logger that cannot throw or overflow a line) named after the catalog's service (`POWERTOOLS_SERVICE_NAME` wins if set), formatted by {@link PeriscopeLogFormatter} */
  readonly logger?: Logger;
  /**
   * How the function traces. The option wins over `PERISCOPE_TRACING`, which applies when the option is left out.
   * @default `PERISCOPE_TRACING`, else `powertools`
   */
  readonly tracing?: TracingMode;
  /**
   * Trace `http`, `https` and `fetch` calls (`powertools` mode only: asking for it in `lean` mode
   * throws a {@link TracingOptionsError}, as does `POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS=true`).
   * @default Powertools' own: `POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS`, else on
   */
  readonly captureHttpRequests?: boolean;
  /**
   * A Powertools Tracer the service already has, for the `powertools` mode to build on instead of
   * making its own: two Tracers in one function would each trace every `fetch` (two subsegments, two
   * trace headers on one request). Its own settings (service name, HTTP capture) then apply.
   * Giving one to a function in `lean` mode throws a {@link TracingOptionsError}.
   * @default a new Tracer named like the logger
   */
  readonly powertoolsTracer?: Tracer;
  /** @default the tracer of the {@link tracing} mode, named like the logger, reporting its faults as `tracer` faults */
  readonly tracer?: PeriscopeTracer;
  /** @default Powertools Metrics in the catalog's namespace, built on first use */
  readonly metrics?: Metrics;
}

/**
 * Builds a service's logger, tracer and metrics from its catalog. Call it once per module, outside
 * the handler, so the clients are built at cold start and reused by every invocation; it does no I/O.
 *
 * @example
 * ```ts
 * import { catalog } from '../../observability.config';
 * export const telemetry = createTelemetry(catalog);
 * telemetry.businessMetrics.record('OrderCreated', 1);
 * ```
 */
export function createTelemetry<const S extends ServiceDefinition>(catalog: S, options: TelemetryOptions = {}): Telemetry<S> {
  const serviceName = serviceNameFrom(catalog.service);
  const logger = options.logger ?? new PeriscopeLogger({ serviceName, logFormatter: new PeriscopeLogFormatter() });

  const reportFault = (component: TelemetryComponent, error: unknown): void => {
    try {
      logger.warn({ message: 'telemetry fault', telemetryComponent: component }, error instanceof Error ? error : String(error));
    } catch {
      // The logger is what failed: fall back to stderr, which the Lambda runtime still ships to CloudWatch Logs.
      writeFaultToStderr(component, error);
    }
  };
  const { tracer, powertools } = options.tracer ? { tracer: options.tracer, powertools: undefined } : createTracer(serviceName, options, (error) => reportFault('tracer', error));
  const businessMetrics = new BusinessMetrics(catalog, reportFault, { serviceName });

  let metrics = options.metrics;
  const powertoolsMetrics = (): Metrics => {
    // Built on first use: most services never use it, and building it is cold start time.
    // The catalog's namespace is authoritative: alarms and dashboards are generated from it.
    metrics ??= new Metrics({ namespace: catalog.namespace, serviceName });
    return metrics;
  };

  return {
    catalog,
    logger,
    tracer,
    get powertoolsTracer() {
      if (powertools === undefined) {
        throw new TracingOptionsError(
          `telemetry.powertoolsTracer is only there in the powertools tracing mode, with the tracer createTelemetry builds; this function traces in ${tracer.mode} mode (createTelemetry option tracing or PERISCOPE_TRACING)`,
        );
      }
      return powertools;
    },
    get metrics() {
      return powertoolsMetrics();
    },
    businessMetrics,
    flushMetrics: () => {
      businessMetrics.flush();
      if (metrics?.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
    reportFault,
  };
}

/**
 * The tracer of the function's mode, and the Powertools Tracer behind it in the `powertools` mode;
 * Powertools Tracer and the X-Ray SDK are loaded only in that mode.
 */
function createTracer(serviceName: string, options: TelemetryOptions, onFault: (error: unknown) => void): { tracer: PeriscopeTracer; powertools?: Tracer } {
  const mode = resolveTracingMode(options.tracing);
  if (mode === 'lean') {
    if (options.captureHttpRequests === true || httpCaptureRequested()) {
      throw new TracingOptionsError(
        `lean tracing does not trace http, https or fetch calls, but ${options.captureHttpRequests === true ? 'captureHttpRequests: true' : 'POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS=true'} asks for it; use the powertools tracing mode for this function`,
      );
    }
    if (options.powertoolsTracer !== undefined) {
      throw new TracingOptionsError(
        `createTelemetry was given a powertoolsTracer, but this function traces in lean mode (${options.tracing === undefined ? 'PERISCOPE_TRACING' : 'option tracing'}); leave one of them out`,
      );
    }
    return { tracer: new XRayTracer({ serviceName, onFault }) };
  }
  // Required here, not imported: the module loads Powertools Tracer and the X-Ray SDK, which lean mode must never load.
  const { PowertoolsTracing } = require('./tracing/powertools-tracing') as typeof import('./tracing/powertools-tracing');
  const tracing = new PowertoolsTracing({ serviceName, captureHttpRequests: options.captureHttpRequests, tracer: options.powertoolsTracer, onFault });
  return { tracer: tracing, powertools: tracing.tracer };
}
