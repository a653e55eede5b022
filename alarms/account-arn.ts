import type { CfnValue } from './types';

/**
 * The ARN of a resource in the stack's own account and region, as CloudFormation resolves it:
 * `accountArn('cloudwatch', 'alarm:orders-prod-*')` → `arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-prod-*`.
 * A pattern or a prefix is written the same way.
 */
export const accountArn = (service: string, resource: string): CfnValue => ({ 'Fn::Sub': `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}` });
