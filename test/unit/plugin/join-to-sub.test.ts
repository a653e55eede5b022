import { joinsAsSubs, replaceEmptyJoins } from '../../../plugin/join-to-sub';

/** What the stack's `Ref`s, `Fn::GetAtt`s and imports resolve to, for {@link deployed}. */
const REFS: Record<string, string> = {
  'AWS::Partition': 'aws-cn',
  'AWS::Region': 'cn-north-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com.cn',
  ApiGatewayRestApi: 'a1b2c3',
  ServerlessDeploymentBucket: 'orders-deployment-bucket',
  Part0: 'a resource named like a variable',
};
const ATTRIBUTES: Record<string, string> = { 'CreateOrderLambdaFunction.Arn': 'arn:aws-cn:lambda:cn-north-1:123456789012:function:create-order' };
const EXPORTS: Record<string, string> = { 'shared-api-id': 'z9y8x7' };

const known = (table: Record<string, string>, name: string): string => {
  const value = table[name];
  if (value === undefined) throw new Error(`nothing named ${name}`);
  return value;
};

/** The string CloudFormation deploys for a value, for the few intrinsics these tests use; throws on anything else. */
function deployed(value: unknown): string {
  if (typeof value === 'string') return value;
  const [[fn, argument]] = Object.entries(value as Record<string, any>) as [[string, any]];
  const list = (parts: unknown): string[] => (parts as unknown[]).map(deployed);
  switch (fn) {
    case 'Ref':
      return known(REFS, argument);
    case 'Fn::GetAtt':
      return known(ATTRIBUTES, Array.isArray(argument) ? argument.join('.') : argument);
    case 'Fn::ImportValue':
      return known(EXPORTS, deployed(argument));
    case 'Fn::Select':
      return list(argument[1])[Number(argument[0])]!;
    case 'Fn::Join':
      return list(argument[1]).join(argument[0]);
    case 'Fn::Sub': {
      const [text, variables] = typeof argument === 'string' ? [argument, {}] : (argument as [string, Record<string, unknown>]);
      return text.replace(/\$\{([^}]*)\}/g, (_whole, name: string) => {
        if (name.startsWith('!')) return `\${${name.slice(1)}}`;
        if (name in variables) return deployed(variables[name]);
        return name.includes('.') ? known(ATTRIBUTES, name) : known(REFS, name);
      });
    }
    default:
      throw new Error(`the test cannot resolve ${fn}`);
  }
}

const join = (delimiter: string, parts: unknown): unknown => ({ 'Fn::Join': [delimiter, parts] });

describe('joinsAsSubs', () => {
  it('writes an empty-delimiter join of literals and Refs as one Fn::Sub string that deploys the same ARN', () => {
    // Prepare: the SourceArn osls gives an API Gateway permission
    const sourceArn = join('', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', { Ref: 'ApiGatewayRestApi' }, '/*/*']);

    // Act
    const sub = joinsAsSubs(sourceArn);

    // Assess
    expect(sub).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiGatewayRestApi}/*/*' });
    expect(deployed(sub)).toBe(deployed(sourceArn));
    expect(deployed(sub)).toBe('arn:aws-cn:execute-api:cn-north-1:123456789012:a1b2c3/*/*');
  });

  it('writes a Fn::GetAtt, as a list or as "Resource.Attribute", as ${Resource.Attribute}', () => {
    // Prepare: the integration URI osls gives an API Gateway method
    const uri = (getAtt: unknown) => join('', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', getAtt, '/invocations']);
    const expected = { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${CreateOrderLambdaFunction.Arn}/invocations' };

    // Act
    const fromList = joinsAsSubs(uri({ 'Fn::GetAtt': ['CreateOrderLambdaFunction', 'Arn'] }));
    const fromString = joinsAsSubs(uri({ 'Fn::GetAtt': 'CreateOrderLambdaFunction.Arn' }));

    // Assess
    expect([fromList, fromString]).toEqual([expected, expected]);
    expect(deployed(fromList)).toBe(deployed(uri({ 'Fn::GetAtt': ['CreateOrderLambdaFunction', 'Arn'] })));
  });

  it('escapes a literal ${ as ${! so API Gateway still receives its own ${stageVariables…}', () => {
    // Prepare
    const uri = join('', ['https://', { Ref: 'ApiGatewayRestApi' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/${stageVariables.alias}/orders']);

    // Act
    const sub = joinsAsSubs(uri);

    // Assess
    expect(sub).toEqual({ 'Fn::Sub': 'https://${ApiGatewayRestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${!stageVariables.alias}/orders' });
    expect(deployed(sub)).toBe('https://a1b2c3.execute-api.cn-north-1.amazonaws.com.cn/${stageVariables.alias}/orders');
    expect(deployed(sub)).toBe(deployed(uri));
  });

  it('gives any other intrinsic a variable of the two-element form, named apart from the resources the string refers to', () => {
    // Prepare: an import, a select, and a resource that happens to be called Part0
    const joined = join('', ['https://', { 'Fn::ImportValue': 'shared-api-id' }, '/', { Ref: 'Part0' }, '/', { 'Fn::Select': [1, ['a', { Ref: 'AWS::Region' }]] }]);

    // Act
    const sub = joinsAsSubs(joined);

    // Assess
    expect(sub).toEqual({
      'Fn::Sub': ['https://${Part1}/${Part0}/${Part2}', { Part1: { 'Fn::ImportValue': 'shared-api-id' }, Part2: { 'Fn::Select': [1, ['a', { Ref: 'AWS::Region' }]] } }],
    });
    expect(deployed(sub)).toBe(deployed(joined));
    expect(deployed(sub)).toBe('https://z9y8x7/a resource named like a variable/cn-north-1');
  });

  it('inlines an empty-delimiter join nested in another, and rewrites one nested in a join with a delimiter', () => {
    // Prepare
    const bucketArn = join('', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'ServerlessDeploymentBucket' }]);
    const nested = join('', [bucketArn, '/', { 'Fn::ImportValue': 'shared-api-id' }, '/*']);
    const list = join(',', [bucketArn, 'literal']);

    // Act
    const [nestedSub, listJoin] = [joinsAsSubs(nested), joinsAsSubs(list)];

    // Assess
    expect(nestedSub).toEqual({ 'Fn::Sub': ['arn:${AWS::Partition}:s3:::${ServerlessDeploymentBucket}/${Part0}/*', { Part0: { 'Fn::ImportValue': 'shared-api-id' } }] });
    expect(listJoin).toEqual(join(',', [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${ServerlessDeploymentBucket}' }, 'literal']));
    expect([deployed(nestedSub), deployed(listJoin)]).toEqual([deployed(nested), deployed(list)]);
  });

  it('leaves a join with a delimiter, or over a list it cannot see, as it is; a join of literals becomes the literal', () => {
    // Prepare
    const withDelimiter = join('/', [{ 'Fn::GetAtt': ['OrdersTable', 'Arn'] }, 'index', 'byCustomer']);
    const overRef = join('', { Ref: 'Subnets' });

    // Act + Assess
    expect(joinsAsSubs(withDelimiter)).toEqual(withDelimiter);
    expect(joinsAsSubs(overRef)).toEqual(overRef);
    expect(joinsAsSubs(join('', ['orders-', 'dev', '-${x}']))).toBe('orders-dev-${x}');
    expect(joinsAsSubs({ Properties: { Name: 'plain', Port: 443, Tags: [{ Key: 'a', Value: null }] } })).toEqual({ Properties: { Name: 'plain', Port: 443, Tags: [{ Key: 'a', Value: null }] } });
  });
});

describe('replaceEmptyJoins', () => {
  it("rewrites the template's resources and outputs in place and names what changed", () => {
    // Prepare
    const endpoint = join('', ['https://', { Ref: 'ApiGatewayRestApi' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/dev']);
    const template = {
      Resources: {
        Permission: { Type: 'AWS::Lambda::Permission', Properties: { SourceArn: join('', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:*']) } },
        Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders' } },
      },
      Outputs: { ServiceEndpoint: { Value: endpoint }, TableName: { Value: { Ref: 'Table' } } },
    };
    const table = template.Resources.Table;

    // Act
    const changed = replaceEmptyJoins(template);

    // Assess
    expect(changed).toEqual(['Permission', 'Outputs.ServiceEndpoint']);
    expect(template.Resources.Permission.Properties.SourceArn).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:*' });
    expect(template.Outputs.ServiceEndpoint.Value).toEqual({ 'Fn::Sub': 'https://${ApiGatewayRestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/dev' });
    expect(template.Resources.Table).toBe(table);
    expect(template.Outputs.TableName).toEqual({ Value: { Ref: 'Table' } });
  });
});
