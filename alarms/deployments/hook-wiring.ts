import { accountArn } from '../account-arn';
import type { CfnResource, CfnValue } from '../types';

/** Where the pre-traffic hook function is in the template. */
export interface PreTrafficHookFunction {
  /** `DeployHookLambdaFunction` */
  readonly functionLogicalId: string;
  /** The logical id of its IAM role (a service's per-function role). */
  readonly roleLogicalId: string;
}

/** A function the hook smoke-tests, and the deployment group that asks it to. */
export interface SmokeTestTarget {
  /** Catalog key: which sample event the hook sends. */
  readonly name: string;
  readonly functionName: string;
  readonly versionLogicalId: string;
  readonly timeoutSeconds: number;
  readonly groupName: string;
}

/** The environment variable the hook reads its targets from (see `handlers/deployments`). */
export const SMOKE_TESTS_VARIABLE = 'PERISCOPE_SMOKE_TESTS';

const sub = (text: string): CfnValue => ({ 'Fn::Sub': text });

/**
 * `PERISCOPE_SMOKE_TESTS`: deployment group → `{ function, version, timeoutSeconds }`, the version as
 * the ARN this deploy publishes (`${CreateOrderLambdaVersionAb12}` is the version's ARN). One hook
 * serves every smoke-tested function; CodeDeploy tells it only the deployment, whose group it looks up.
 */
export function smokeTestsVariable(targets: readonly SmokeTestTarget[]): CfnValue {
  const entries = targets.map((t) => `${JSON.stringify(t.groupName)}:{"function":${JSON.stringify(t.name)},"version":"\${${t.versionLogicalId}}","timeoutSeconds":${t.timeoutSeconds}}`);
  return sub(`{${entries.join(',')}}`);
}

/**
 * What the hook may do, added to its own role: find out which group a deployment belongs to and
 * report its verdict there (`codedeploy:GetDeployment`, `codedeploy:PutLifecycleEventHookExecutionStatus`
 * on those deployment groups only), and invoke the smoke-tested functions' versions (`function:<name>:*`).
 */
export function preTrafficHookPolicy(prefix: string, applicationName: string, hook: PreTrafficHookFunction, targets: readonly SmokeTestTarget[]): CfnResource {
  return {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: `${prefix}-pre-traffic-hook`,
      Roles: [{ Ref: hook.roleLogicalId }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ReportToItsDeploymentGroups',
            Effect: 'Allow',
            Action: ['codedeploy:GetDeployment', 'codedeploy:PutLifecycleEventHookExecutionStatus'],
            Resource: targets.map((t) => accountArn('codedeploy', `deploymentgroup:${applicationName}/${t.groupName}`)),
          },
          { Sid: 'InvokeTheNewVersions', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: targets.map((t) => accountArn('lambda', `function:${t.functionName}:*`)) },
        ],
      },
    },
  };
}

/** The hook's function resource with {@link SMOKE_TESTS_VARIABLE} in its environment. */
export function withSmokeTests(hookFunction: CfnResource, targets: readonly SmokeTestTarget[]): CfnResource {
  const environment = (hookFunction.Properties.Environment ?? {}) as { Variables?: Record<string, CfnValue> };
  return {
    ...hookFunction,
    Properties: { ...hookFunction.Properties, Environment: { ...environment, Variables: { ...environment.Variables, [SMOKE_TESTS_VARIABLE]: smokeTestsVariable(targets) } } },
  };
}
