import { type CfnResource, generateAlarms, generateDeployments, type TemplateFunction } from '../../../alarms';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { catalog } from '../../../observability.config';
import { defineService, type ServiceDefinition } from '../../../src/catalog';
import { transformInput } from '../../../tools/emulators/eventbridge/event-pattern';

type Props = Record<string, any>;

/** The orders functions as the compiled template holds them at `stage`, with the versions serverless publishes. */
const templateFunctions = (stage: string): TemplateFunction[] =>
  ordersServiceResources(stage).functions.map((fn) => {
    const id = `${fn.name.charAt(0).toUpperCase()}${fn.name.slice(1)}`;
    return { ...fn, functionLogicalId: `${id}LambdaFunction`, versionLogicalId: `${id}LambdaVersionAb12` };
  });

/**
 * The parts of a compiled template the generator rewires: each API function's method and permission,
 * the queue consumer's event source mapping, and the hook function.
 */
function compiledTemplate(stage: string): Record<string, CfnResource> {
  const template: Record<string, CfnResource> = {
    DeployHookLambdaFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: { FunctionName: `periscope-orders-${stage}-deployHook`, Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'pre-traffic-hook' } } },
    },
    FulfilOrderEventSourceMappingSQSOrderPlacedQueue: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        EventSourceArn: { 'Fn::GetAtt': ['OrderPlacedQueue', 'Arn'] },
        FunctionName: { 'Fn::GetAtt': ['FulfilOrderLambdaFunction', 'Arn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      },
    },
  };
  for (const fn of templateFunctions(stage).filter((f) => f.name !== 'fulfilOrder')) {
    const id = fn.functionLogicalId.replace('LambdaFunction', '');
    template[`ApiGatewayMethod${id}`] = {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: 'GET',
        Integration: {
          Type: 'AWS_PROXY',
          Uri: {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': [fn.functionLogicalId, 'Arn'] }, '/invocations'],
            ],
          },
        },
      },
    };
    template[`${id}LambdaPermissionApiGateway`] = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: { 'Fn::GetAtt': [fn.functionLogicalId, 'Arn'] },
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: 'arn:aws:execute-api:us-east-1:1:api/*/*',
      },
    };
  }
  return { ...template, ...generateAlarms(catalog, ordersServiceResources(stage)).resources };
}

const generate = (stage: string, definition: ServiceDefinition = catalog) => {
  const resources = ordersServiceResources(stage);
  return generateDeployments(definition, {
    stage,
    functions: templateFunctions(stage),
    template: compiledTemplate(stage),
    preTrafficHook: { functionLogicalId: 'DeployHookLambdaFunction', roleLogicalId: 'DeployHookRole' },
    ...(resources.notifier === undefined ? {} : { notifier: resources.notifier }),
  });
};

const ofType = (resources: Readonly<Record<string, CfnResource>>, type: string): [string, Props][] =>
  Object.entries(resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r as unknown as Props]);

describe('generateDeployments for the orders service', () => {
  const prod = generate('prod');

  it('gives every function a canary deployment group at prod that rolls back on failure and on its alarms', () => {
    // Act
    const groups = ofType(prod.resources, 'AWS::CodeDeploy::DeploymentGroup').map(([, g]) => g.Properties);

    // Assess
    expect(groups.map((g) => g.DeploymentGroupName)).toEqual([
      'orders-prod-create-order',
      'orders-prod-get-order',
      'orders-prod-list-orders',
      'orders-prod-fulfil-order',
      'orders-prod-route-not-found',
    ]);
    for (const group of groups) {
      expect(group).toMatchObject({
        DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
        DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
        AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
        AlarmConfiguration: { Enabled: true },
      });
    }
    expect(ofType(prod.resources, 'AWS::CodeDeploy::Application').map(([, a]) => a.Properties)).toEqual([{ ApplicationName: 'orders-prod', ComputePlatform: 'Lambda' }]);
  });

  it('gates each deployment on the new version’s own error rate and p99 and on the critical composite, within CodeDeploy’s 10 alarms', () => {
    // Prepare
    const [, group] = ofType(prod.resources, 'AWS::CodeDeploy::DeploymentGroup').find(([, g]) => g.Properties.DeploymentGroupName === 'orders-prod-create-order')!;

    // Act
    const alarms = group.Properties.AlarmConfiguration.Alarms.map((a: Props) => a.Name);
    const gate = (ref: Props) => prod.resources[ref.Ref]!.Properties as Props;

    // Assess
    expect(alarms).toHaveLength(3);
    expect(alarms[2]).toBe('orders-prod-critical');
    expect(group.DependsOn).toEqual(['PeriscopeOrdersProdCritical']);
    expect(gate(alarms[0]).AlarmName).toEqual({ 'Fn::Sub': 'orders-prod-create-order-deploy-errors-gate-v${CreateOrderLambdaVersionAb12.Version}' });
    expect(gate(alarms[1]).AlarmName).toEqual({ 'Fn::Sub': 'orders-prod-create-order-deploy-p99-gate-v${CreateOrderLambdaVersionAb12.Version}' });
    // On the new version only: its alias's invocations that ran it
    expect(gate(alarms[0]).Metrics[0].MetricStat.Metric.Dimensions).toEqual([
      { Name: 'FunctionName', Value: 'periscope-orders-prod-createOrder' },
      { Name: 'Resource', Value: 'periscope-orders-prod-createOrder:live' },
      { Name: 'ExecutedVersion', Value: { 'Fn::Sub': '${CreateOrderLambdaVersionAb12.Version}' } },
    ]);
    expect(gate(alarms[0])).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching', ActionsEnabled: false });
    expect(gate(alarms[0]).Metrics[2].Expression).toBe('IF(invocations >= 3, 100 * FILL(errors, 0) / invocations, 0)');
    // p99 against the SLO's 1000 ms; routeNotFound, in no SLO, against 80% of its 10 s timeout
    expect(gate(alarms[1])).toMatchObject({ Threshold: 1000 });
    expect(gate(alarms[1]).Metrics[0].MetricStat).toMatchObject({ Stat: 'p99', Period: 180 });
    const routeNotFoundP99 = Object.values(prod.resources).find((r) => JSON.stringify(r.Properties.AlarmName ?? '').includes('route-not-found-deploy-p99'));
    expect(routeNotFoundP99?.Properties.Threshold).toBe(8000);
  });

  it('pages nobody from a gate alarm: it joins no composite and has no actions', () => {
    // Prepare
    const alarms = generateAlarms(catalog, ordersServiceResources('prod')).resources;
    const rules = Object.values(alarms)
      .filter((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm')
      .map((r) => String(r.Properties.AlarmRule));

    // Assess
    for (const gate of prod.alarms) {
      expect(rules.join(' ')).not.toContain('-gate-');
      expect(gate).toMatchObject({ kind: 'deploy-gate', hasActions: false });
    }
    expect(prod.alarms).toHaveLength(10);
  });

  it('points an alias at the new version through CodeDeploy, and has the API call the alias', () => {
    // Act
    const alias = prod.resources['CreateOrderLambdaAliasLive'] as Props;

    // Assess
    expect(alias.Properties).toEqual({ FunctionName: { Ref: 'CreateOrderLambdaFunction' }, FunctionVersion: { 'Fn::GetAtt': ['CreateOrderLambdaVersionAb12', 'Version'] }, Name: 'live' });
    expect(alias.UpdatePolicy).toEqual({
      CodeDeployLambdaAliasUpdate: { ApplicationName: { Ref: 'PeriscopeOrdersProdCodedeployApplication' }, DeploymentGroupName: { Ref: 'PeriscopeOrdersProdCreateOrderDeploymentGroup' } },
    });
    expect(JSON.stringify(prod.replaced['ApiGatewayMethodCreateOrder']?.Properties.Integration)).toContain('{"Ref":"CreateOrderLambdaAliasLive"}');
    expect(JSON.stringify(prod.replaced['ApiGatewayMethodCreateOrder']?.Properties.Integration)).not.toContain('CreateOrderLambdaFunction');
    expect(prod.replaced['CreateOrderLambdaPermissionApiGateway']?.Properties.FunctionName).toEqual({ Ref: 'CreateOrderLambdaAliasLive' });
  });

  it('has the queue consumer’s event source mapping invoke its alias, so the canary’s share of batches runs the new version its gates watch', () => {
    // Act
    const mapping = prod.replaced['FulfilOrderEventSourceMappingSQSOrderPlacedQueue'] as Props;

    // Assess
    expect(mapping.Properties).toEqual({
      EventSourceArn: { 'Fn::GetAtt': ['OrderPlacedQueue', 'Arn'] },
      FunctionName: { Ref: 'FulfilOrderLambdaAliasLive' },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('has EventBridge rules and SNS subscriptions invoke the alias, with the permissions that let them', () => {
    // Prepare
    const functions = templateFunctions('prod');
    const arn = { 'Fn::GetAtt': [functions[0]!.functionLogicalId, 'Arn'] };
    const template: Record<string, CfnResource> = {
      ...compiledTemplate('prod'),
      NightlyRule: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 day)', Targets: [{ Arn: arn, Id: 'nightly' }] } },
      NightlyPermission: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: arn, Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' } },
      OrdersTopic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'orders', Subscription: [{ Endpoint: arn, Protocol: 'lambda' }] } },
      RefundsSubscription: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: 'arn:aws:sns:us-east-1:1:refunds', Protocol: 'lambda', Endpoint: arn } },
      TopicPermission: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: arn, Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com' } },
    };

    // Act
    const { replaced } = generateDeployments(catalog, {
      stage: 'prod',
      functions,
      template,
      preTrafficHook: { functionLogicalId: 'DeployHookLambdaFunction', roleLogicalId: 'DeployHookRole' },
    });

    // Assess
    const alias = { Ref: 'CreateOrderLambdaAliasLive' };
    expect(replaced['NightlyRule']?.Properties.Targets).toEqual([{ Arn: alias, Id: 'nightly' }]);
    expect(replaced['OrdersTopic']?.Properties.Subscription).toEqual([{ Endpoint: alias, Protocol: 'lambda' }]);
    expect(replaced['RefundsSubscription']?.Properties.Endpoint).toEqual(alias);
    expect([replaced['NightlyPermission']?.Properties.FunctionName, replaced['TopicPermission']?.Properties.FunctionName]).toEqual([alias, alias]);
  });

  it('runs the pre-traffic hook before the smoke-tested functions’ traffic moves, telling it each group’s new version', () => {
    // Act
    const variables = (prod.replaced['DeployHookLambdaFunction']!.Properties.Environment as Props).Variables;

    // Assess
    expect((prod.resources['GetOrderLambdaAliasLive'] as Props).UpdatePolicy.CodeDeployLambdaAliasUpdate.BeforeAllowTrafficHook).toEqual({ Ref: 'DeployHookLambdaFunction' });
    expect((prod.resources['CreateOrderLambdaAliasLive'] as Props).UpdatePolicy.CodeDeployLambdaAliasUpdate.BeforeAllowTrafficHook).toBeUndefined();
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe('pre-traffic-hook');
    const resolved = JSON.parse(variables.PERISCOPE_SMOKE_TESTS['Fn::Sub'].replace(/\$\{(\w+)\}/g, (_: string, id: string) => `arn:aws:lambda:us-east-1:1:function:${id}:7`));
    expect(resolved).toEqual({
      'orders-prod-get-order': { function: 'getOrder', version: 'arn:aws:lambda:us-east-1:1:function:GetOrderLambdaVersionAb12:7', timeoutSeconds: 10 },
      'orders-prod-list-orders': { function: 'listOrders', version: 'arn:aws:lambda:us-east-1:1:function:ListOrdersLambdaVersionAb12:7', timeoutSeconds: 10 },
    });
  });

  it('lets CodeDeploy move only the shifted aliases, read this service’s alarms and invoke the hook', () => {
    // Act
    const [, role] = ofType(prod.resources, 'AWS::IAM::Role')[0]!;
    const statements = role.Properties.Policies[0].PolicyDocument.Statement;

    // Assess
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'codedeploy.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(statements.map((s: Props) => s.Action)).toEqual([['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig'], 'cloudwatch:DescribeAlarms', 'lambda:InvokeFunction']);
    expect(statements[0].Resource[0]).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:periscope-orders-prod-createOrder:live' });
    expect(statements[1].Resource).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:orders-prod-*' });
    expect(statements[2].Resource).toEqual({ 'Fn::GetAtt': ['DeployHookLambdaFunction', 'Arn'] });
  });

  it('lets the hook report only to its deployment groups and invoke only the smoke-tested functions’ versions', () => {
    // Act
    const [, policy] = ofType(prod.resources, 'AWS::IAM::Policy')[0]!;

    // Assess
    expect(policy.Properties.Roles).toEqual([{ Ref: 'DeployHookRole' }]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'ReportToItsDeploymentGroups',
        Effect: 'Allow',
        Action: ['codedeploy:GetDeployment', 'codedeploy:PutLifecycleEventHookExecutionStatus'],
        Resource: ['get-order', 'list-orders'].map((fn) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:codedeploy:\${AWS::Region}:\${AWS::AccountId}:deploymentgroup:orders-prod/orders-prod-${fn}` })),
      },
      {
        Sid: 'InvokeTheNewVersions',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: ['getOrder', 'listOrders'].map((fn) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:periscope-orders-prod-${fn}:*` })),
      },
    ]);
  });

  it('sends the application’s deployment events to the notifier, through the alerts’ dead letter queue', () => {
    // Prepare
    const [ruleId, rule] = ofType(prod.resources, 'AWS::Events::Rule')[0]!;

    // Act
    const input = transformInput(rule.Properties.Targets[0].InputTransformer.InputTemplate, { id: 'e' }) as Props;
    const policy = prod.replaced['PeriscopeOrdersProdAlertsDeadLetterEventsPolicy'] as Props;

    // Assess
    expect(rule.Properties.EventPattern).toEqual({ source: ['aws.codedeploy'], 'detail-type': ['CodeDeploy Deployment State-change Notification'], detail: { application: ['orders-prod'] } });
    expect(input).toEqual({
      periscope: { marker: { namespace: 'Periscope/Deployments', started: 'DeployStarted', finished: 'DeployFinished', dimensions: { Service: 'orders', Stage: 'prod' } } },
      event: { id: 'e' },
    });
    expect(rule.Properties.Targets[0].DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['PeriscopeOrdersProdAlertsDeadLetterQueue', 'Arn'] } });
    expect(policy.Properties.PolicyDocument.Statement[0].Condition.ArnEquals['aws:SourceArn']).toEqual(
      ['PeriscopeOrdersProdAlarmStateChanges', 'PeriscopeOrdersProdStackUpdates', ruleId].map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
    );
  });

  it('tells the notifier, with each stack update, every group’s alarms as this deploy names them', () => {
    // Prepare
    const rule = prod.replaced['PeriscopeOrdersProdStackUpdates'] as Props;

    // Act
    const template = rule.Properties.Targets[0].InputTransformer.InputTemplate['Fn::Sub'] as string;
    const input = transformInput(template.replace(/\$\{(\w+)\.Version\}/g, '7'), { id: 'e' }) as Props;

    // Assess
    expect(input.periscope.groups['orders-prod-create-order']).toEqual({
      function: 'createOrder',
      alarms: ['orders-prod-create-order-deploy-errors-gate-v7', 'orders-prod-create-order-deploy-p99-gate-v7', 'orders-prod-critical'],
    });
    expect(Object.keys(input.periscope.groups)).toEqual(['orders-prod-create-order', 'orders-prod-get-order', 'orders-prod-list-orders', 'orders-prod-fulfil-order', 'orders-prod-route-not-found']);
    expect(input.periscope.marker.dimensions).toEqual({ Service: 'orders', Stage: 'prod' });
    // The rest of the rule as generateAlarms made it
    expect(rule.Properties.EventPattern.source).toEqual(['aws.cloudformation']);
    expect(rule.Properties.Targets[0].RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 });
  });

  it('generates nothing at dev, where the catalog deploys all at once', () => {
    // Act
    const dev = generate('dev');

    // Assess
    expect(dev).toEqual({ resources: {}, replaced: {}, alarms: [], groups: [] });
  });

  it('takes a function’s own strategy and stage strategy over the service’s', () => {
    // Prepare
    const mixed = defineService({
      ...catalog,
      functions: catalog.functions.map((fn) =>
        fn.name === 'routeNotFound' ? { ...fn, deployment: { strategy: 'AllAtOnce' } } : fn.name === 'createOrder' ? { ...fn, deployment: { stages: { prod: 'Linear10PercentEvery2Minutes' } } } : fn,
      ),
    } as ServiceDefinition);

    // Act
    const groups = generate('prod', mixed).groups.map((g) => `${g.function} ${g.strategy}`);

    // Assess
    expect(groups).toEqual(['createOrder Linear10PercentEvery2Minutes', 'getOrder Canary10Percent5Minutes', 'listOrders Canary10Percent5Minutes', 'fulfilOrder Canary10Percent5Minutes']);
  });

  it('refuses a smoke test no hook can run, and a shifted function serverless does not version, naming them', () => {
    // Prepare
    const functions = templateFunctions('prod');
    const unversioned = functions.map(({ versionLogicalId: _v, ...fn }) => fn);

    // Act
    const withoutHook = () => generateDeployments(catalog, { stage: 'prod', functions });
    const withoutVersions = () =>
      generateDeployments(catalog, { stage: 'prod', functions: unversioned, preTrafficHook: { functionLogicalId: 'DeployHookLambdaFunction', roleLogicalId: 'DeployHookRole' } });

    // Assess
    expect(withoutHook).toThrow('getOrder, listOrders ask for a smoke test (deployment.smokeTest), but no pre-traffic hook runs it: set custom.periscope.preTrafficHook');
    expect(withoutVersions).toThrow('createOrder shifts traffic (Canary10Percent5Minutes) but serverless publishes no version of it');
  });
});
