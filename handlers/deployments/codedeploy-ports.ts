import { CodeDeployClient, type CodeDeployClientConfig, GetDeploymentCommand, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import type { PeriscopeTracer } from 'periscope';
import { PreTrafficHookError } from './errors';
import type { DeploymentLookup, HookStatusReporter } from './smoke-test';

/** The hook's two CodeDeploy ports, sharing one client. */
export interface CodeDeployPorts {
  /** `GetDeployment` → `deploymentInfo.deploymentGroupName`. */
  readonly deployments: DeploymentLookup;
  /** `PutLifecycleEventHookExecutionStatus`. */
  readonly reporter: HookStatusReporter;
}

/**
 * The pre-traffic hook's CodeDeploy calls through the AWS SDK. The client is built at the first
 * call, not at import, and is traced when a tracer is given.
 *
 * @example
 * ```ts
 * const { deployments, reporter } = codeDeployPorts(telemetry.tracer);
 * await reporter.report(deploymentId, executionId, 'Succeeded');
 * ```
 */
export function codeDeployPorts(tracer?: Pick<PeriscopeTracer, 'captureAWSv3Client'>, clientConfig: CodeDeployClientConfig = {}): CodeDeployPorts {
  let client: CodeDeployClient | undefined;
  const codeDeploy = (): CodeDeployClient => {
    if (client === undefined) {
      const built = new CodeDeployClient(clientConfig);
      client = tracer ? tracer.captureAWSv3Client(built) : built;
    }
    return client;
  };
  return {
    deployments: {
      async deploymentGroupOf(deploymentId) {
        const answer = await codeDeploy().send(new GetDeploymentCommand({ deploymentId }));
        const group = answer.deploymentInfo?.deploymentGroupName;
        if (!group) throw new PreTrafficHookError(`CodeDeploy's GetDeployment names no deployment group for deployment ${deploymentId}`);
        return group;
      },
    },
    reporter: {
      async report(deploymentId, executionId, status) {
        await codeDeploy().send(new PutLifecycleEventHookExecutionStatusCommand({ deploymentId, lifecycleEventHookExecutionId: executionId, status }));
      },
    },
  };
}
