import type { CompiledTemplate } from '../../../plugin/read-resources';
import { dropRedundantRoleDependsOn } from '../../../plugin/role-depends-on';

/** A function as osls compiles it: its log group and its own role in DependsOn, the role's ARN in Properties.Role. */
const fn = (role: unknown, dependsOn?: string | string[]) => ({ Type: 'AWS::Lambda::Function', Properties: { Role: role }, ...(dependsOn === undefined ? {} : { DependsOn: dependsOn }) });

describe('dropRedundantRoleDependsOn', () => {
  it("drops a function's own role from its DependsOn when its Role already reads the role's ARN, keeping the rest", () => {
    // Prepare
    const template = { Resources: { CreateOrderLambdaFunction: fn({ 'Fn::GetAtt': ['CreateOrderRole', 'Arn'] }, ['CreateOrderLogGroup', 'CreateOrderRole']) } } as unknown as CompiledTemplate;

    // Act
    const changed = dropRedundantRoleDependsOn(template);

    // Assess
    expect(changed).toEqual(['CreateOrderLambdaFunction']);
    expect(template.Resources.CreateOrderLambdaFunction).toEqual(fn({ 'Fn::GetAtt': ['CreateOrderRole', 'Arn'] }, ['CreateOrderLogGroup']));
  });

  it('removes a DependsOn left empty, also when osls wrote it as a string', () => {
    const template = { Resources: { A: fn({ 'Fn::GetAtt': ['ARole', 'Arn'] }, 'ARole') } } as unknown as CompiledTemplate;
    dropRedundantRoleDependsOn(template);
    expect(template.Resources.A).toEqual(fn({ 'Fn::GetAtt': ['ARole', 'Arn'] }));
  });

  it('leaves a dependency the Role does not already enforce: a role given by ARN, another role, another resource type', () => {
    const template = {
      Resources: {
        ByArn: fn('arn:aws:iam::123456789012:role/shared', ['SharedRole']),
        Other: fn({ 'Fn::GetAtt': ['ARole', 'Arn'] }, ['BRole']),
        Queue: { Type: 'AWS::SQS::Queue', Properties: {}, DependsOn: ['ARole'] },
      },
    } as unknown as CompiledTemplate;
    const before = structuredClone(template);
    expect(dropRedundantRoleDependsOn(template)).toEqual([]);
    expect(template).toEqual(before);
  });
});
