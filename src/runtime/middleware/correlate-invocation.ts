import { performance } from 'node:perf_hooks';
import type { Context } from 'aws-lambda';
import type { ServiceDefinition } from '../../catalog';
import type { Telemetry } from '../telemetry';
import { guarded } from '../telemetry-fault';
import { beginCorrelation, millisecondsSince } from './begin-correlation';
import type { LambdaMiddleware, LambdaRequest } from './types';

/** What an event trigger's correlation middleware needs to know about it. */
export interface EventCorrelation<TEvent, TResult> {
  /** The `trigger` log field (`sns`, `eventbridge`, `schedule`, `sqs`). */
  readonly trigger: (event: TEvent) => string;
  /** The invocation's correlation id: one read from the event (checked with `acceptedCorrelationId`), else an id of the event's, else the Lambda request id. */
  readonly correlationIdOf: (event: TEvent, context: Context) => string;
  /** The line written once the invocation ends. @default 'invocation completed' */
  readonly completedMessage?: string;
  /** More fields for that line, from what the invocation did; an `outcome` here replaces `success`/`failure`. */
  readonly summary?: (request: LambdaRequest<TEvent, TResult>) => Readonly<Record<string, unknown>> | undefined;
}

/**
 * Gives an event-triggered invocation (SNS, EventBridge, SQS) its correlation id and tells what
 * happened to it:
 * - before: picks the id (`correlation.correlationIdOf`) and starts the invocation's correlation
 *   (see `beginCorrelation`: log key, `CorrelationId` annotation, `correlationOf`, the event at DEBUG);
 * - after / onError: one `invocation completed` line (or `completedMessage`) with the trigger, the
 *   outcome (`success`, or `failure` with the error's name and message when the handler threw) and
 *   the duration. The error itself propagates: Lambda logs it and retries the event.
 */
export function correlateInvocation<S extends ServiceDefinition, TEvent, TResult>(telemetry: Telemetry<S>, correlation: EventCorrelation<TEvent, TResult>): LambdaMiddleware<TEvent, TResult> {
  const { logger, reportFault } = telemetry;
  const started = new WeakMap<LambdaRequest<TEvent, TResult>, number>();

  const correlateBefore = (request: LambdaRequest<TEvent, TResult>): void => {
    started.set(request, performance.now());
    const correlationId = guarded('correlation', reportFault, () => correlation.correlationIdOf(request.event, request.context)) ?? request.context?.awsRequestId;
    beginCorrelation(telemetry, request.event, request.context, correlationId);
  };

  const reportInvocationAfter = (request: LambdaRequest<TEvent, TResult>): void => {
    const startedAt = started.get(request);
    if (startedAt === undefined) return;
    started.delete(request);
    guarded('logger', reportFault, () => {
      const { error } = request;
      logger.info(correlation.completedMessage ?? 'invocation completed', {
        trigger: correlation.trigger(request.event),
        outcome: error ? 'failure' : 'success',
        ...(error ? { errorName: error.name, errorMessage: error.message } : {}),
        ...correlation.summary?.(request),
        durationMs: millisecondsSince(startedAt),
      });
    });
  };

  return { before: correlateBefore, after: reportInvocationAfter, onError: reportInvocationAfter };
}
