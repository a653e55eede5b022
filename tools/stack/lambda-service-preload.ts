/**
 * What the Lambda service does before each invocation and serverless-offline does not: set
 * `_X_AMZN_TRACE_ID`, the invocation's trace header, which the function's tracer reads. The local
 * stack loads this file into serverless-offline (`NODE_OPTIONS=--require`, bundled by
 * {@link buildLambdaServicePreload}); in each worker thread that runs a function it sets a fresh
 * sampled header before the invocation's message reaches serverless-offline's runner, continuing
 * the caller's trace when the request's `X-Amzn-Trace-Id` names one. The main thread is left alone.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { findHeader } from '../../src/runtime/http-request';
import { newTraceHeader } from '../emulators/lambda-sandbox/lambda-context';

/** serverless-offline's message to a function's worker: one invocation. */
interface InvocationMessage {
  readonly event?: { readonly headers?: Readonly<Record<string, string | undefined>> | null };
}

const callerTraceHeader = (message: InvocationMessage): string | undefined => findHeader(message.event?.headers as Record<string, string | undefined> | null | undefined, 'x-amzn-trace-id');

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  const on = port.on.bind(port) as (eventName: string | symbol, listener: (...args: unknown[]) => void) => typeof port;
  port.on = ((eventName: string | symbol, listener: (...args: unknown[]) => void) => {
    if (eventName !== 'message') return on(eventName, listener);
    return on('message', (message) => {
      process.env._X_AMZN_TRACE_ID = newTraceHeader(Date.now(), callerTraceHeader(message as InvocationMessage));
      listener(message);
    });
  }) as typeof port.on;
}
