import { performance } from 'node:perf_hooks';
import type { Context } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import { bindCorrelation } from '../invocation-correlation';
import { redactEvent } from '../redact';
import type { Telemetry } from '../telemetry';
import { guarded } from '../telemetry-fault';

/**
 * What every trigger's correlation middleware does first: ties the invocation's correlation id to
 * its Lambda context (for `correlationOf`), adds it to every log line (`correlation_id`) and to the
 * trace (`CorrelationId` annotation, searchable in X-Ray), and logs the event, with credentials
 * redacted, only when the log level is DEBUG (or this invocation was sampled for debug).
 */
export function beginCorrelation<S extends ServiceDefinition>(telemetry: Telemetry<S>, event: unknown, context: Context, correlationId: string): void {
  const { logger, tracer, reportFault } = telemetry;
  guarded('correlation', reportFault, () => bindCorrelation(context, correlationId, tracer, reportFault));
  guarded('logger', reportFault, () => logger.appendKeys({ correlation_id: correlationId }));
  if (tracer.isTracingEnabled()) guarded('tracer', reportFault, () => tracer.putAnnotation('CorrelationId', correlationId));
  guarded('logger', reportFault, () => {
    // Checked first so the copy is only made when the line will be written.
    const level = logger.getLevelName();
    if (level === 'DEBUG' || level === 'TRACE') logger.debug('Lambda invocation event', { event: redactEvent(event) });
  });
}

/** Milliseconds since `startedAt` (a `performance.now()`), to two decimals: the `durationMs` log field. */
export const millisecondsSince = (startedAt: number): number => Math.round((performance.now() - startedAt) * 100) / 100;
