import type { CfnResource } from './types';

/**
 * The policies of the stateful resources Periscope generates (the alert topics' key, the dead letter
 * queues, the delivery table): they go with the stack, as CloudFormation's default would have them,
 * written down so the choice is explicit (cfn-lint I3011). They hold Periscope's plumbing and derived
 * records, not the service's data: a new stack starts them afresh.
 */
export const DELETED_WITH_STACK = { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' } as const satisfies Pick<CfnResource, 'DeletionPolicy' | 'UpdateReplacePolicy'>;
