import { randomUUID } from 'node:crypto';

/**
 * The EventBridge events a stack update with CodeDeploy traffic shifting sends, shaped as AWS
 * documents them (see events/README.md for the sources and the fixtures beside it).
 */

/** Where the events come from: the account and region of the stack. */
export interface EventOrigin {
  readonly region: string;
  readonly accountId: string;
}

/** The states of a "CodeDeploy Deployment State-change Notification" (CodeDeploy user guide, "Monitoring deployments with Amazon EventBridge"). */
export const CODEDEPLOY_STATES = ['START', 'SUCCESS', 'FAILURE', 'STOP', 'READY'] as const;
export type CodeDeployState = (typeof CODEDEPLOY_STATES)[number];

/** A "CodeDeploy Deployment State-change Notification". */
export interface CodeDeployDeploymentEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': 'CodeDeploy Deployment State-change Notification';
  readonly source: 'aws.codedeploy';
  readonly account: string;
  /** ISO 8601 to the second, `Z`. */
  readonly time: string;
  readonly region: string;
  /** The application's ARN, then the deployment group's. */
  readonly resources: readonly string[];
  readonly detail: {
    readonly instanceGroupId: string;
    readonly region: string;
    readonly application: string;
    readonly deploymentId: string;
    readonly state: CodeDeployState;
    readonly deploymentGroup: string;
  };
}

/** The stack statuses a stack update goes through (CloudFormation user guide, "Stack status codes"). */
export type StackStatus =
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'UPDATE_ROLLBACK_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE';

/** A "CloudFormation Stack Status Change". */
export interface StackStatusChangeEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': 'CloudFormation Stack Status Change';
  readonly source: 'aws.cloudformation';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  /** The stack id (its ARN). */
  readonly resources: readonly string[];
  readonly detail: {
    readonly 'stack-id': string;
    readonly 'status-details': { readonly status: StackStatus; readonly 'status-reason': string };
    readonly 'client-request-token': string;
  };
}

/** Epoch ms as an event's `time`: ISO 8601 to the second. */
export const eventTime = (at: number): string => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A CodeDeploy deployment id: `d-` and nine upper-case letters and digits. */
export function deploymentIdOf(seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let n = Math.abs(Math.floor(seed)) + 1;
  let id = '';
  for (let i = 0; i < 9; i += 1) {
    id += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length) + i * 7919;
  }
  return `d-${id}`;
}

/** The notification CodeDeploy sends EventBridge when a deployment of `application`/`deploymentGroup` changes state. */
export function codeDeployDeploymentEvent(
  input: { application: string; deploymentGroup: string; deploymentId: string; state: CodeDeployState; at: number; instanceGroupId?: string },
  origin: EventOrigin,
): CodeDeployDeploymentEvent {
  const arn = `arn:aws:codedeploy:${origin.region}:${origin.accountId}`;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'CodeDeploy Deployment State-change Notification',
    source: 'aws.codedeploy',
    account: origin.accountId,
    time: eventTime(input.at),
    region: origin.region,
    resources: [`${arn}:application:${input.application}`, `${arn}:deploymentgroup:${input.application}/${input.deploymentGroup}`],
    detail: {
      instanceGroupId: input.instanceGroupId ?? randomUUID(),
      region: origin.region,
      application: input.application,
      deploymentId: input.deploymentId,
      state: input.state,
      deploymentGroup: input.deploymentGroup,
    },
  };
}

/** A stack's id: `arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>`. */
export const stackIdOf = (stackName: string, origin: EventOrigin, uuid: string = randomUUID()): string => `arn:aws:cloudformation:${origin.region}:${origin.accountId}:stack/${stackName}/${uuid}`;

/** The event CloudFormation sends EventBridge when a stack's status changes. */
export function stackStatusChangeEvent(input: { stackId: string; status: StackStatus; reason: string; clientRequestToken: string; at: number }, origin: EventOrigin): StackStatusChangeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'CloudFormation Stack Status Change',
    source: 'aws.cloudformation',
    account: origin.accountId,
    time: eventTime(input.at),
    region: origin.region,
    resources: [input.stackId],
    detail: { 'stack-id': input.stackId, 'status-details': { status: input.status, 'status-reason': input.reason }, 'client-request-token': input.clientRequestToken },
  };
}
