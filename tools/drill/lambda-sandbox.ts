import { type CompletedTrace, startXRayCollector, type XRayCollector } from '../emulators/xray-daemon';

/**
 * What the Lambda Node.js runtime sets that the tracer and Powertools read when they are first
 * loaded: set it before anything imports them, so the drill's handlers trace as in Lambda.
 */
export const LAMBDA_SANDBOX_ENV: Readonly<Record<string, string>> = {
  LAMBDA_TASK_ROOT: process.cwd(),
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
};

/** The X-Ray daemon stand-in of a drill and the traces it has assembled so far. */
export interface DrillTracing {
  readonly collector: XRayCollector;
  readonly traces: readonly CompletedTrace[];
}

/**
 * Makes this process a Lambda sandbox for tracing: starts the X-Ray daemon stand-in and sets
 * {@link LAMBDA_SANDBOX_ENV} and `AWS_XRAY_DAEMON_ADDRESS`. Call it before anything loads the X-Ray
 * SDK (import the drill after it): the SDK reads both once, when first loaded.
 */
export async function startDrillTracing(): Promise<DrillTracing> {
  const traces: CompletedTrace[] = [];
  const collector = await startXRayCollector({ port: 0, quietMs: 100, onTrace: (trace) => traces.push(trace) });
  Object.assign(process.env, LAMBDA_SANDBOX_ENV, { AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${collector.address.port}` });
  return { collector, traces };
}
