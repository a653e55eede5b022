import type { DeploymentStrategy } from '../../src/catalog';
import { accountArn } from '../account-arn';
import type { CfnResource, CfnValue } from '../types';

/** A function as CloudFormation knows it: what the traffic shifting resources refer to. */
export interface ShiftedTemplateFunction {
  /** Its catalog key. */
  readonly name: string;
  /** Its deployed name (`periscope-orders-prod-createOrder`). */
  readonly functionName: string;
  /** `CreateOrderLambdaFunction` */
  readonly functionLogicalId: string;
  /** `CreateOrderLambdaVersion<hash>`: the version this deploy publishes. */
  readonly versionLogicalId: string;
}

/** The service's CodeDeploy application, one per service and stage. */
export function codeDeployApplication(name: string): CfnResource {
  return { Type: 'AWS::CodeDeploy::Application', Properties: { ApplicationName: name, ComputePlatform: 'Lambda' } };
}

/** What one function's deployment group is made of. */
export interface DeploymentGroupInput {
  readonly applicationLogicalId: string;
  readonly groupName: string;
  readonly strategy: DeploymentStrategy;
  /** The alarms that stop and roll back its deployments: names or `{ Ref }`s of alarms. */
  readonly alarms: readonly CfnValue[];
  readonly roleLogicalId: string;
}

/**
 * A function's deployment group: blue/green with traffic control (Lambda's only kind), CodeDeploy's
 * predefined configuration for the strategy, and automatic rollback when a deployment fails or an
 * alarm stops it.
 */
export function deploymentGroup(input: DeploymentGroupInput): CfnResource {
  return {
    Type: 'AWS::CodeDeploy::DeploymentGroup',
    Properties: {
      ApplicationName: { Ref: input.applicationLogicalId },
      DeploymentGroupName: input.groupName,
      DeploymentConfigName: `CodeDeployDefault.Lambda${input.strategy}`,
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
      AlarmConfiguration: { Enabled: true, Alarms: input.alarms.map((alarm) => ({ Name: alarm })) },
      ServiceRoleArn: { 'Fn::GetAtt': [input.roleLogicalId, 'Arn'] },
    },
  };
}

/**
 * The alias the API calls. CloudFormation points it at the new version through CodeDeploy
 * (`CodeDeployLambdaAliasUpdate`), which shifts traffic by the group's configuration and runs the
 * pre-traffic hook first when there is one.
 */
export function trafficAlias(fn: ShiftedTemplateFunction, alias: string, update: { applicationLogicalId: string; groupLogicalId: string; hookLogicalId?: string }): CfnResource {
  return {
    Type: 'AWS::Lambda::Alias',
    Properties: { FunctionName: { Ref: fn.functionLogicalId }, FunctionVersion: { 'Fn::GetAtt': [fn.versionLogicalId, 'Version'] }, Name: alias },
    UpdatePolicy: {
      CodeDeployLambdaAliasUpdate: {
        ApplicationName: { Ref: update.applicationLogicalId },
        DeploymentGroupName: { Ref: update.groupLogicalId },
        ...(update.hookLogicalId === undefined ? {} : { BeforeAllowTrafficHook: { Ref: update.hookLogicalId } }),
      },
    },
  };
}

/**
 * CodeDeploy's service role, allowed only what a Lambda deployment does: read and move the shifted
 * functions' aliases, read this service's alarms, and invoke the pre-traffic hook. (AWS's managed
 * `AWSCodeDeployRoleForLambdaLimited` is close, but lets it invoke any `CodeDeployHook_*` function
 * and publish to any `CodeDeployTopic*`; `AWSLambda_FullAccess`, which some plugins attach, lets it
 * do anything to any function.)
 */
export function codeDeployRole(prefix: string, aliases: readonly { functionName: string; alias: string }[], hookLogicalId: string | undefined): CfnResource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'codedeploy.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      Policies: [
        {
          PolicyName: `${prefix}-codedeploy`,
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ShiftTheAliases',
                Effect: 'Allow',
                Action: ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig'],
                Resource: aliases.map(({ functionName, alias }) => accountArn('lambda', `function:${functionName}:${alias}`)),
              },
              { Sid: 'ReadTheGates', Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: accountArn('cloudwatch', `alarm:${prefix}-*`) },
              ...(hookLogicalId === undefined ? [] : [{ Sid: 'RunThePreTrafficHook', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [hookLogicalId, 'Arn'] } }]),
            ],
          },
        },
      ],
    },
  };
}

/** Whether `value` holds `{ 'Fn::GetAtt': [logicalId, 'Arn'] }` anywhere. */
const refersTo = (value: unknown, logicalId: string): boolean => JSON.stringify(value ?? null).includes(JSON.stringify({ 'Fn::GetAtt': [logicalId, 'Arn'] }));

/** `value` with every `{ 'Fn::GetAtt': [logicalId, 'Arn'] }` in it replaced by `replacement`. */
function replaceArn(value: CfnValue, logicalId: string, replacement: CfnValue): CfnValue {
  if (Array.isArray(value)) return value.map((item) => replaceArn(item, logicalId, replacement));
  if (typeof value !== 'object' || value === null) return value;
  const getAtt = (value as Record<string, CfnValue>)['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[0] === logicalId && getAtt[1] === 'Arn') return replacement;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceArn(item, logicalId, replacement)]));
}

/** The services whose permission to invoke a function moves to its alias with its trigger. */
const INVOKERS = ['apigateway.', 'events.', 'sns.'];

/**
 * What invokes `fn`, rewritten to invoke the alias instead: the API Gateway methods (REST and HTTP
 * API integrations), SQS event source mappings, EventBridge rules' targets, SNS subscriptions, and
 * the permissions that let those services invoke it. The function's own ARN would always run
 * `$LATEST`, around CodeDeploy, and the gate alarms would watch a version nothing invokes.
 */
export function invokeThroughAlias(template: Readonly<Record<string, CfnResource>>, fn: ShiftedTemplateFunction, aliasLogicalId: string): Record<string, CfnResource> {
  const alias: CfnValue = { Ref: aliasLogicalId };
  const replaced: Record<string, CfnResource> = {};
  for (const [logicalId, resource] of Object.entries(template)) {
    const rewrite = (property: string): void => {
      replaced[logicalId] = { ...resource, Properties: { ...resource.Properties, [property]: replaceArn(resource.Properties[property] as CfnValue, fn.functionLogicalId, alias) } };
    };
    if (resource.Type === 'AWS::ApiGateway::Method' && refersTo(resource.Properties.Integration, fn.functionLogicalId)) rewrite('Integration');
    else if (resource.Type === 'AWS::ApiGatewayV2::Integration' && refersTo(resource.Properties.IntegrationUri, fn.functionLogicalId)) rewrite('IntegrationUri');
    else if (resource.Type === 'AWS::Lambda::EventSourceMapping' && refersTo(resource.Properties.FunctionName, fn.functionLogicalId)) rewrite('FunctionName');
    else if (resource.Type === 'AWS::Events::Rule' && refersTo(resource.Properties.Targets, fn.functionLogicalId)) rewrite('Targets');
    else if (resource.Type === 'AWS::SNS::Subscription' && refersTo(resource.Properties.Endpoint, fn.functionLogicalId)) rewrite('Endpoint');
    else if (resource.Type === 'AWS::SNS::Topic' && refersTo(resource.Properties.Subscription, fn.functionLogicalId)) rewrite('Subscription');
    else if (
      resource.Type === 'AWS::Lambda::Permission' &&
      INVOKERS.some((invoker) => String(resource.Properties.Principal).startsWith(invoker)) &&
      refersTo(resource.Properties.FunctionName, fn.functionLogicalId)
    )
      rewrite('FunctionName');
  }
  return replaced;
}
