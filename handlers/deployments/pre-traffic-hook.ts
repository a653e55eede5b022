import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { createTelemetry, flushMetrics, guardMiddleware, traceLambdaHandler } from 'periscope';
import { codeDeployPorts } from './codedeploy-ports';
import { recordHookFailure, recordVerdict } from './hook-telemetry';
import { preTrafficHookCatalog } from './pre-traffic-hook-catalog';
import { type CodeDeployHookEvent, type DeploymentLookup, type HookStatusReporter, handleHookEvent, type SmokeVerdict, type VersionInvoker } from './smoke-test';
import { readSmokeTargets } from './smoke-test-config';
import { lambdaVersionInvoker } from './version-invoker';

export type { CodeDeployHookEvent, DeploymentLookup, HookStatusName, HookStatusReporter, SmokeVerdict, VersionInvocation, VersionInvoker } from './smoke-test';

/** Options for {@link createPreTrafficHook}. */
export interface PreTrafficHookOptions {
  /** The sample event each smoke-tested function is invoked with, by catalog function key. */
  readonly events: Readonly<Record<string, unknown>>;
  /** Stand-ins for CodeDeploy and Lambda (a simulated CodeDeploy in drills). @default the AWS SDK's, built at first use and traced */
  readonly ports?: Partial<{ deployments: DeploymentLookup; reporter: HookStatusReporter; invoker: VersionInvoker }>;
  /** Where `PERISCOPE_SMOKE_TESTS` is read from, once. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * CodeDeploy's BeforeAllowTraffic hook for a service's smoke-tested functions: finds the deployment's
 * group in `PERISCOPE_SMOKE_TESTS` (which the Periscope plugin sets), invokes the new version with the
 * function's sample event and reports `Succeeded`, or `Failed` on a 5xx, an error or a timeout, always.
 * Throws only when it cannot report: the event lacks the ids to report to, or CodeDeploy did not take
 * the report (then Lambda retries the invocation). Call it once, at module scope.
 *
 * @example
 * ```ts
 * import { createPreTrafficHook } from 'periscope/pre-traffic-hook';
 * import getOrder from '../../events/get-order.json';
 * export const handler = createPreTrafficHook({ events: { getOrder } });
 * ```
 */
export function createPreTrafficHook(options: PreTrafficHookOptions): MiddyfiedHandler<CodeDeployHookEvent, SmokeVerdict, Error, Context> {
  const telemetry = createTelemetry(preTrafficHookCatalog);
  const aws = codeDeployPorts(telemetry.tracer);
  const { deployments = aws.deployments, reporter = aws.reporter, invoker = lambdaVersionInvoker(telemetry.tracer) } = options.ports ?? {};
  const dependencies = { targets: readSmokeTargets(options.env), events: options.events, deployments, reporter, invoker };

  const preTrafficHook = async (event: CodeDeployHookEvent, context: Context): Promise<SmokeVerdict> => {
    try {
      const verdict = await handleHookEvent(event, dependencies, { remainingMs: context.getRemainingTimeInMillis() });
      recordVerdict(telemetry, event.DeploymentId, verdict);
      return verdict;
    } catch (error) {
      recordHookFailure(telemetry, error);
      throw error;
    }
  };

  // `before` runs top to bottom, `after`/`onError` bottom to top: metrics are flushed inside the traced, logged invocation.
  return middy<CodeDeployHookEvent, SmokeVerdict, Error, Context>(preTrafficHook)
    .use(traceLambdaHandler<CodeDeployHookEvent, SmokeVerdict>(telemetry.tracer, telemetry.reportFault))
    .use(guardMiddleware<CodeDeployHookEvent, SmokeVerdict>('logger', telemetry.reportFault, injectLambdaContext(telemetry.logger, { resetKeys: true })))
    .use(flushMetrics<typeof preTrafficHookCatalog, CodeDeployHookEvent, SmokeVerdict>(telemetry));
}
