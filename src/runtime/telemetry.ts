import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { ServiceDefinition } from '../catalog';
import { serviceNameFrom } from '../environment';
import { BusinessMetrics } from './business-metrics';
import { PeriscopeLogFormatter } from './logging/log-formatter';
import { PeriscopeLogger } from './logging/periscope-logger';
import { type TelemetryComponent, writeFaultToStderr } from './telemetry-fault';
import { XRayTracer } from './tracing';

/** The instrumentation of one service: Powertools logger and metrics, Periscope's X-Ray tracer, and the typed metrics API. */
export interface Telemetry<S extends ServiceDefinition> {
  /** The catalog everything is named from. */
  readonly catalog: S;
  /** Structured JSON logger (Powertools). */
  readonly logger: Logger;
  /** X-Ray tracer; wrap AWS clients with `tracer.captureAWSv3Client`. */
  readonly tracer: XRayTracer;
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
  /** @default an {@link XRayTracer} named like the logger, reporting its faults as `tracer` faults */
  readonly tracer?: XRayTracer;
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
  const tracer = options.tracer ?? new XRayTracer({ serviceName, onFault: (error) => reportFault('tracer', error) });
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
