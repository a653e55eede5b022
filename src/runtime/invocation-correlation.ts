import type { Context } from 'aws-lambda';
import type { TelemetryFaultReporter } from './telemetry-fault';
import type { PeriscopeTracer } from './tracing/periscope-tracer';

/** What a message or event published during an invocation carries so that its consumer continues the same story. */
export interface InvocationCorrelation {
  /** The correlation id the invocation logs with (in an SQS record handler: the record's). */
  readonly correlationId: string;
  /** `Root=…;Parent=…;Sampled=1` while the invocation is traced and sampled, else absent. */
  readonly traceHeader?: string;
}

interface Bound {
  correlationId: string;
  readonly tracer: Pick<PeriscopeTracer, 'currentTraceHeader'>;
  readonly reportFault: TelemetryFaultReporter;
}

// Keyed by the Lambda context object of each invocation: invocations running side by side in one
// process (the fire drills do) each have their own, and an entry goes when its context does.
const invocations = new WeakMap<Context, Bound>();

/** Ties an invocation's correlation id (and the tracer that knows its trace) to its Lambda context; the correlation middlewares call it first thing. */
export function bindCorrelation(context: Context, correlationId: string, tracer: Pick<PeriscopeTracer, 'currentTraceHeader'>, reportFault: TelemetryFaultReporter): void {
  if (typeof context !== 'object' || context === null) return;
  invocations.set(context, { correlationId, tracer, reportFault });
}

/**
 * Runs `work` with `correlationId` as the invocation's correlation id, then puts the previous one
 * back, even when `work` throws. The SQS wrapper runs each record this way, one record at a time, so
 * what a record handler publishes carries that record's id.
 */
export async function withCorrelationId<T>(context: Context, correlationId: string, work: () => Promise<T>): Promise<T> {
  const bound = invocations.get(context);
  if (bound === undefined) return work();
  const previous = bound.correlationId;
  bound.correlationId = correlationId;
  try {
    return await work();
  } finally {
    bound.correlationId = previous;
  }
}

/**
 * The correlation id and trace header of the invocation `context` belongs to, to put on what it
 * publishes (see `sqsMessageCorrelation`, `snsMessageCorrelation`, `eventBridgeEntryCorrelation`).
 * Call it with the `context` Lambda gave the handler: Periscope's wrappers key each invocation by it,
 * so invocations that run side by side never mix.
 *
 * In an SQS record handler the id is the record's (from its `x-correlation-id` attribute, else its
 * message id). The trace header is there while a sampled invocation is traced, in either tracing
 * mode, and names the current subsegment as the parent. Outside Periscope's wrappers the id is the
 * Lambda request id and there is no trace header. Never throws: a tracing fault is reported and the
 * header left out.
 *
 * @example
 * ```ts
 * export const handler = withHttpApiObservability(async (event, context) => {
 *   const { correlationId } = correlationOf(context);
 *   return { statusCode: 202, body: JSON.stringify({ correlationId }) };
 * }, { telemetry });
 * ```
 */
export function correlationOf(context: Context): InvocationCorrelation {
  const bound = typeof context === 'object' && context !== null ? invocations.get(context) : undefined;
  if (bound === undefined) return { correlationId: context?.awsRequestId };
  let traceHeader: string | undefined;
  try {
    traceHeader = bound.tracer.currentTraceHeader();
  } catch (error) {
    bound.reportFault('tracer', error);
  }
  return traceHeader === undefined ? { correlationId: bound.correlationId } : { correlationId: bound.correlationId, traceHeader };
}
