/**
 * What the Lambda service does before each invocation and serverless-offline does not: set
 * `_X_AMZN_TRACE_ID`, the invocation's trace header, which the function's tracer reads. The local
 * stack loads this file into serverless-offline (`NODE_OPTIONS=--require`, bundled by
 * {@link buildLambdaServicePreload}); in each worker thread that runs a function it sets a fresh
 * sampled header before the invocation's message reaches serverless-offline's runner, continuing
 * the caller's trace when the request's `X-Amzn-Trace-Id` names one, or the producer's when an SQS
 * batch's messages carry one (`AWSTraceHeader`). The main thread is left alone.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { findHeader } from '../../src/runtime/http-request';
import { newTraceHeader } from '../emulators/lambda-sandbox/lambda-context';
import { batchTraceHeader } from '../emulators/sqs-lambda/sqs-event';

/** serverless-offline's message to a function's worker: one invocation. */
interface InvocationMessage {
  readonly event?: { readonly headers?: Readonly<Record<string, string | undefined>> | null; readonly Records?: unknown };
}

const callerTraceHeader = (message: InvocationMessage): string | undefined => findHeader(message.event?.headers as Record<string, string | undefined> | null | undefined, 'x-amzn-trace-id');

/**
 * The trace an SQS batch continues, as Lambda does for a queue's messages: when every record carries
 * the same `AWSTraceHeader` root, the invocation joins that trace under the producer's segment.
 */
const queueTraceHeader = (message: InvocationMessage): string | undefined => {
  const event = message.event;
  if (event === undefined || !Array.isArray(event.Records)) return undefined;
  try {
    return batchTraceHeader(event as Parameters<typeof batchTraceHeader>[0]);
  } catch {
    return undefined;
  }
};

/** The invocation's trace header: the SQS producer's (kept whole, so the consumer nests under it), else a new one continuing the HTTP caller's trace. */
const invocationTraceHeader = (message: InvocationMessage): string => queueTraceHeader(message) ?? newTraceHeader(Date.now(), callerTraceHeader(message));

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  const on = port.on.bind(port) as (eventName: string | symbol, listener: (...args: unknown[]) => void) => typeof port;
  port.on = ((eventName: string | symbol, listener: (...args: unknown[]) => void) => {
    if (eventName !== 'message') return on(eventName, listener);
    return on('message', (message) => {
      process.env._X_AMZN_TRACE_ID = invocationTraceHeader(message as InvocationMessage);
      listener(message);
    });
  }) as typeof port.on;
}
