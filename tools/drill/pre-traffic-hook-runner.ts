import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import getOrder from '../../events/get-order.json';
import listOrders from '../../events/list-orders.json';
import { InvokeTimeoutError } from '../../handlers/deployments/errors';
import { createPreTrafficHook } from '../../handlers/deployments/pre-traffic-hook';
import type { HookVerdict, SimulatedGroup } from '../emulators/codedeploy/stack-update';
import { lambdaContext, withEnv } from '../emulators/lambda-sandbox/lambda-context';
import { captureLines } from './capture';
import type { OrdersHost } from './orders-host';

/** The hook function's own settings, as serverless.yml gives `deployHook`; read when it is created. */
const HOOK_ENV = { POWERTOOLS_SERVICE_NAME: 'pre-traffic-hook', POWERTOOLS_METRICS_NAMESPACE: 'Periscope/Deployments' } as const;

/** `arn:aws:lambda:<region>:<account>:function:<name>:<version>` → name and version. */
const QUALIFIED_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+):([A-Za-z0-9_$-]+)$/;

/** Options of {@link drillPreTrafficHook}. */
export interface DrillPreTrafficHookOptions {
  readonly host: OrdersHost;
  /** `PERISCOPE_SMOKE_TESTS` as the generator sets it on the hook function, versions resolved. */
  readonly smokeTestsEnv: string;
  /** The function key of a deployed function name. */
  readonly functionKeyOf: (functionName: string) => string | undefined;
  /** The hook's deployed function name, for its Lambda context. */
  readonly hookFunctionName: string;
}

/**
 * The real pre-traffic hook (`createPreTrafficHook`, with the sample events the orders service gives
 * it in `handlers/orders/deploy-hook.ts`) as CodeDeploy runs it in a drill: its CodeDeploy ports
 * backed by the simulated deployment (which group a deployment belongs to; the verdict it reports),
 * its invoker by the orders host (the new build, faults and all). CodeDeploy invokes the hook
 * asynchronously and waits for its report; here the run is awaited, and a hook that reports nothing
 * fails the deployment (CodeDeploy would wait for an hour, then fail it).
 *
 * @returns what `StackUpdateOptions.runHook` takes, given the simulated time of the minute
 */
export async function drillPreTrafficHook(options: DrillPreTrafficHookOptions): Promise<(group: SimulatedGroup, deploymentId: string, at: number) => Promise<HookVerdict>> {
  const groups = new Map<string, string>();
  const verdicts = new Map<string, HookVerdict>();
  let now = 0;
  const hook = await withEnv(HOOK_ENV, async () =>
    createPreTrafficHook({
      events: { getOrder, listOrders },
      env: { PERISCOPE_SMOKE_TESTS: options.smokeTestsEnv },
      ports: {
        deployments: {
          deploymentGroupOf: async (deploymentId) => {
            const group = groups.get(deploymentId);
            if (group === undefined) throw new Error(`the simulated CodeDeploy has no deployment ${deploymentId}`);
            return group;
          },
        },
        reporter: {
          report: async (deploymentId, _executionId, status) => {
            verdicts.set(deploymentId, status);
          },
        },
        invoker: {
          invoke: async (versionArn, payload, timeoutMs) => {
            const [, functionName = '', version = ''] = QUALIFIED_ARN.exec(versionArn) ?? [];
            const functionKey = options.functionKeyOf(functionName);
            if (functionKey === undefined) throw new Error(`the drill hosts no function ${functionName} (${versionArn})`);
            const result = await options.host.invokeVersion(functionKey, version, payload as APIGatewayProxyEvent, now);
            if (result.timedOut) throw new InvokeTimeoutError(versionArn, timeoutMs);
            return { ...(result.functionError === undefined ? {} : { functionError: result.functionError }), payload: result.payload };
          },
        },
      },
    }),
  );
  return async (group, deploymentId, at) => {
    now = at;
    groups.set(deploymentId, group.groupName);
    const event = { DeploymentId: deploymentId, LifecycleEventHookExecutionId: randomUUID() };
    // Its log lines are the hook's own CloudWatch Logs, not the drill's output.
    await captureLines(() => hook(event, lambdaContext({ functionName: options.hookFunctionName, requestId: randomUUID(), timeoutMs: 30_000 }))).catch(() => undefined);
    return verdicts.get(deploymentId) ?? 'Failed';
  };
}
