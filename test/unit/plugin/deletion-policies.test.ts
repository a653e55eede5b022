import { type PolicyTemplate, setDeletionPolicies } from '../../../plugin/deletion-policies';

/** A template as osls compiles one, with the user's resources from serverless.yml merged in. */
const compiled = (): PolicyTemplate => ({
  Resources: {
    // osls's
    CreateOrderLogGroup: { Type: 'AWS::Logs::LogGroup' },
    GetOrderLogGroup: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
    CreateOrderLambdaFunction: { Type: 'AWS::Lambda::Function' },
    ServerlessDeploymentBucket: { Type: 'AWS::S3::Bucket' },
    // the user's
    OrdersTable: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
    IdempotencyTable: { Type: 'AWS::DynamoDB::Table' },
    JobsQueue: { Type: 'AWS::SQS::Queue', DeletionPolicy: 'Retain' },
    OrdersRole: { Type: 'AWS::IAM::Role' },
  },
});
const USERS = ['OrdersTable', 'IdempotencyTable', 'JobsQueue', 'OrdersRole'];

describe('setDeletionPolicies', () => {
  it("writes Delete, CloudFormation's default, on osls's stateful resources that set no policy", () => {
    // Prepare
    const template = compiled();

    // Act
    const { filled } = setDeletionPolicies(template, USERS);

    // Assess
    expect(filled).toEqual(['CreateOrderLogGroup']);
    expect(template.Resources.CreateOrderLogGroup).toEqual({ Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  it('keeps a policy already set, filling only the one missing', () => {
    // Prepare: a resources.extensions entry that retains a log group on deletion only
    const template: PolicyTemplate = {
      Resources: { CreateOrderLogGroup: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain' }, Other: { Type: 'AWS::Logs::LogGroup', UpdateReplacePolicy: 'Retain' } },
    };

    // Act
    setDeletionPolicies(template, []);

    // Assess
    expect(template.Resources).toEqual({
      CreateOrderLogGroup: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Delete' },
      Other: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Retain' },
    });
  });

  it('leaves stateless resources and S3 buckets (which CloudFormation will not delete full) alone', () => {
    // Prepare
    const template = compiled();

    // Act
    setDeletionPolicies(template, USERS);

    // Assess
    expect(template.Resources.CreateOrderLambdaFunction).toEqual({ Type: 'AWS::Lambda::Function' });
    expect(template.Resources.ServerlessDeploymentBucket).toEqual({ Type: 'AWS::S3::Bucket' });
    expect(template.Resources.OrdersRole).toEqual({ Type: 'AWS::IAM::Role' });
  });

  it("never changes the user's own resources, and names those without both policies in one notice", () => {
    // Prepare
    const template = compiled();
    const before = structuredClone(template);

    // Act
    const result = setDeletionPolicies(template, USERS);

    // Assess
    for (const id of USERS) expect(template.Resources[id]).toEqual(before.Resources[id]);
    expect(result.unprotected).toEqual(['IdempotencyTable', 'JobsQueue']);
    expect(result.notice).toBe('Periscope: no DeletionPolicy/UpdateReplacePolicy on IdempotencyTable, JobsQueue: CloudFormation deletes their data with the stack unless you set them');
  });

  it('says nothing when every stateful resource of the user sets its policies', () => {
    // Prepare
    const { CreateOrderLogGroup, OrdersTable, OrdersRole } = compiled().Resources;
    const template: PolicyTemplate = { Resources: { CreateOrderLogGroup: CreateOrderLogGroup!, OrdersTable: OrdersTable!, OrdersRole: OrdersRole! } };

    // Act
    const result = setDeletionPolicies(template, ['OrdersTable', 'OrdersRole']);

    // Assess
    expect(result).toEqual({ filled: ['CreateOrderLogGroup'], unprotected: [] });
    expect(result.notice).toBeUndefined();
  });
});
