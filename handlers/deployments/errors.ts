import type { SmokeVerdict } from './smoke-test';

/** Base of every error the pre-traffic hook raises on purpose. */
export class PreTrafficHookError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PreTrafficHookError';
  }
}

/**
 * `PERISCOPE_SMOKE_TESTS` is missing, is not JSON, or maps a deployment group to something that is
 * not a smoke test. A deployment mistake (the generator sets the variable): the message names the
 * variable, the group and the field at fault.
 */
export class SmokeTestConfigurationError extends PreTrafficHookError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SmokeTestConfigurationError';
  }
}

/** CodeDeploy invoked the hook with an event that lacks `DeploymentId` or `LifecycleEventHookExecutionId`: there is nothing to report to. */
export class HookEventError extends PreTrafficHookError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HookEventError';
  }
}

/** The new version did not answer the smoke test's invoke in the time it had. */
export class InvokeTimeoutError extends PreTrafficHookError {
  /** The qualified ARN of the version invoked. */
  public readonly versionArn: string;
  /** How long the invoke was given, in milliseconds. */
  public readonly timeoutMs: number;

  public constructor(versionArn: string, timeoutMs: number, options?: ErrorOptions) {
    super(`${versionArn} did not answer within ${timeoutMs} ms`, options);
    this.name = 'InvokeTimeoutError';
    this.versionArn = versionArn;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * CodeDeploy did not take the hook's verdict (`PutLifecycleEventHookExecutionStatus` failed). Thrown
 * so Lambda retries the asynchronous invocation: a hook that never reports holds the deployment for an hour.
 */
export class HookReportError extends PreTrafficHookError {
  /** The deployment whose lifecycle hook was not reported. */
  public readonly deploymentId: string;
  /** What the hook meant to report, and why. */
  public readonly verdict: SmokeVerdict;

  public constructor(deploymentId: string, verdict: SmokeVerdict, options?: ErrorOptions) {
    super(`Could not report ${verdict.status} for deployment ${deploymentId} to CodeDeploy`, options);
    this.name = 'HookReportError';
    this.deploymentId = deploymentId;
    this.verdict = verdict;
  }
}
