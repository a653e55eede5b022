import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand, LambdaClient, ListFunctionsCommand, ListLayerVersionsCommand } from '@aws-sdk/client-lambda';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { generateAlarms } from '../../alarms';
import { fillPseudoParameters, generateDashboards } from '../../dashboards';
import { ordersServiceResources } from '../../deploy/service-resources';
import { buildLayer } from '../../layers/build-layer';
import { catalog } from '../../observability.config';
import { type DeployedService, deployArgs, deployServices, type LocalDeployOptions, removeServices } from '../../tools/deploy-local/deploy-services';
import { deployedLayerArn } from '../../tools/deploy-local/layer-arn';
import { type MotoServer, motoServerInstalled, startMotoServer } from '../../tools/deploy-local/moto-server';
import { deploymentSkipped, runServerless, sdkConfig } from '../../tools/deploy-local/run-serverless';
import { LOCAL_SERVICES } from '../../tools/deploy-local/services';
import { CHECKOUT_LOCK_WAIT_MS, lockCheckout } from '../support/checkout-lock';

/** moto's account and the region everything is deployed to. */
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const STAGE = 'dev';

type Resource = { Type: string; Properties: Record<string, any> };
type Template = { Resources: Record<string, Resource> };

/** Whether moto's server runs here (these machines carry moto 5.2; a user's may not). */
const motoInstalled = motoServerInstalled();
if (!motoInstalled) process.stderr.write("moto_server is not installed: skipping the serverless deploy end-to-end test (pip install 'moto[server]')\n");

/** The deployed template osls wrote beside the service (`.serverless/`), as packaged. */
const packagedTemplate = (deployed: DeployedService): Template => JSON.parse(readFileSync(join(deployed.service.dir, '.serverless/cloudformation-template-update-stack.json'), 'utf8'));

const ofType = (template: Template, type: string): [string, Resource][] => Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

/** Every action a role's policies allow, from the template: its inline policies and the AWS::IAM::Policy resources naming it. */
function templateActions(template: Template, roleId: string): string[] {
  const role = template.Resources[roleId] as Resource;
  const documents = [
    ...((role.Properties['Policies'] ?? []) as { PolicyDocument: unknown }[]).map((policy) => policy.PolicyDocument),
    ...ofType(template, 'AWS::IAM::Policy')
      .filter(([, policy]) => (policy.Properties['Roles'] as unknown[]).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId })))
      .map(([, policy]) => policy.Properties['PolicyDocument']),
  ];
  return actionsOf(documents);
}

/** IAM returns policy documents URL-encoded (as AWS documents); moto returns them as sent. */
const policyDocument = (text: string): unknown => JSON.parse(text.trimStart().startsWith('{') ? text : decodeURIComponent(text));

function actionsOf(documents: readonly unknown[]): string[] {
  const statements = documents.flatMap((document) => [(document as { Statement: unknown }).Statement].flat() as { Effect: string; Action: string | string[] }[]);
  return [...new Set(statements.flatMap((statement) => [statement.Action].flat().map((action) => `${statement.Effect} ${action}`)))].sort();
}

/**
 * `npm run deploy:local` as its modules run it: `serverless deploy` of the layer service, the sample
 * and the inventory example onto moto_server, each read back through the AWS SDK; then an unchanged
 * second deploy, and `serverless remove`. What moto's CloudFormation does not model (alarms,
 * composites, subscriptions, policies on topics and queues, saved queries, event invoke configs) is
 * covered by cfn-lint and the packaged template tests.
 */
(motoInstalled ? describe : describe.skip)('serverless deploy onto an AWS API emulator (moto_server)', () => {
  let moto: MotoServer;
  let logDir: string;
  let options: LocalDeployOptions;
  let deployed: DeployedService[];
  let layerArn: string;
  let config: ReturnType<typeof sdkConfig>;
  const service = (key: string) => deployed.find((candidate) => candidate.service.key === key) as DeployedService;

  // Parallel jest workers: this suite builds or runs serverless in the checkout, which others do too.
  let releaseCheckout: (() => void) | undefined;

  beforeAll(async () => {
    releaseCheckout = await lockCheckout();
    // Prepare: the layer zip, and the emulator on a free loopback port
    await buildLayer();
    moto = await startMotoServer();
    logDir = mkdtempSync(join(tmpdir(), 'periscope-deploy-local-'));
    options = { aws: { endpoint: moto.endpoint, region: REGION }, stage: STAGE, logDir, onProgress: () => undefined };
    config = sdkConfig(options.aws);

    // Act
    deployed = await deployServices(LOCAL_SERVICES, options);
    layerArn = await deployedLayerArn(config, STAGE);
  }, CHECKOUT_LOCK_WAIT_MS + 600_000);

  afterAll(async () => {
    await moto?.stop();
    if (logDir !== undefined) rmSync(logDir, { recursive: true, force: true });
    releaseCheckout?.();
  });

  it('deploys the layer, the sample on it and the inventory example on it, and says what moto skipped', () => {
    expect(deployed.map((d) => [d.stack, d.deploy.code])).toEqual([
      ['periscope-layer-dev', 0],
      ['periscope-orders-dev', 0],
      ['inventory-dev', 0],
    ]);
    expect(layerArn).toMatch(/^arn:aws:lambda:us-east-1:123456789012:layer:periscope-layer-dev-PeriscopeLambdaLayer-\w+:1$/);
    expect([...moto.unmodelledTypes()]).toEqual(expect.arrayContaining(['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']));
  });

  it('creates every resource of every type moto models: functions, tables, topics, queues, rules, the API, log groups, roles', () => {
    const unmodelled = moto.unmodelledTypes();
    for (const d of deployed) {
      const count = (types: readonly string[]) => [...new Set(types)].sort().map((type) => [type, types.filter((other) => other === type).length] as const);
      const modelled = Object.values(packagedTemplate(d).Resources)
        .map((resource) => resource.Type)
        .filter((type) => !unmodelled.has(type));
      expect([d.stack, count(d.created.created.map((resource) => resource.type))]).toEqual([d.stack, count(modelled)]);
    }
  });

  it('runs every function on nodejs22.x from the Periscope layer, with active tracing and the environment the template gives it', async () => {
    const lambda = new LambdaClient(config);
    for (const key of ['orders', 'inventory']) {
      const template = packagedTemplate(service(key));
      const functions = ofType(template, 'AWS::Lambda::Function');
      expect(functions.length).toBeGreaterThan(1);
      for (const [, fn] of functions) {
        const deployedFn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn.Properties['FunctionName'] }));
        expect([fn.Properties['FunctionName'], deployedFn.Runtime, deployedFn.TracingConfig?.Mode, deployedFn.Layers?.map((layer) => layer.Arn)]).toEqual([
          fn.Properties['FunctionName'],
          'nodejs22.x',
          'Active',
          [layerArn],
        ]);
        const variables = fn.Properties['Environment'].Variables as Record<string, unknown>;
        const expected = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : expect.any(String)]));
        expect(deployedFn.Environment?.Variables).toEqual(expected);
      }
    }
  });

  it('creates the tables with their keys, indexes, point-in-time recovery and encryption', async () => {
    const dynamodb = new DynamoDBClient(config);
    const tables = deployed.flatMap((d) => ofType(packagedTemplate(d), 'AWS::DynamoDB::Table'));
    expect(tables.map(([id]) => id)).toEqual(['OrdersTable', 'IdempotencyTable', 'PeriscopeOrdersDevDelivery', 'StockTable']);
    for (const [, table] of tables) {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table.Properties['TableName'] }));
      expect(Table?.KeySchema).toEqual(table.Properties['KeySchema']);
      expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index.KeySchema])).toEqual(
        ((table.Properties['GlobalSecondaryIndexes'] ?? []) as { IndexName: string; KeySchema: unknown }[]).map((index) => [index.IndexName, index.KeySchema]),
      );
      expect(Table?.SSEDescription?.Status ?? 'DISABLED').toBe(table.Properties['SSESpecification']?.SSEEnabled === true ? 'ENABLED' : 'DISABLED');
      const { ContinuousBackupsDescription } = await dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: table.Properties['TableName'] }));
      expect([table.Properties['TableName'], ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus]).toEqual([
        table.Properties['TableName'],
        table.Properties['PointInTimeRecoverySpecification']?.PointInTimeRecoveryEnabled === true ? 'ENABLED' : 'DISABLED',
      ]);
    }
  });

  it('encrypts every tier topic with the service’s own KMS key', async () => {
    const sns = new SNSClient(config);
    for (const key of ['orders', 'inventory']) {
      const keyArn = service(key).created.created.find((resource) => resource.type === 'AWS::KMS::Key')?.physicalId;
      const topics = service(key).created.created.filter((resource) => resource.type === 'AWS::SNS::Topic');
      expect(topics).toHaveLength(2);
      for (const topic of topics) {
        const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: topic.physicalId }));
        expect([topic.logicalId, Attributes?.['KmsMasterKeyId']]).toEqual([topic.logicalId, expect.stringContaining(keyArn?.split('/').at(-1) as string)]);
      }
    }
  });

  it('serves the three dashboards with the bodies the plugin generated, filled in for this account and region', async () => {
    const cloudwatch = new CloudWatchClient(config);
    const place = { region: REGION, accountId: ACCOUNT };
    const served = async (name: string) => JSON.parse((await cloudwatch.send(new GetDashboardCommand({ DashboardName: name }))).DashboardBody as string);
    for (const d of deployed.slice(1)) {
      const dashboards = ofType(packagedTemplate(d), 'AWS::CloudWatch::Dashboard');
      expect(dashboards).toHaveLength(3);
      for (const [, dashboard] of dashboards) {
        expect(await served(dashboard.Properties['DashboardName'])).toEqual(JSON.parse(fillPseudoParameters(dashboard.Properties['DashboardBody']['Fn::Sub'], place)));
      }
    }
    // The sample's, also as `npm run dashboards` generates them from the catalog, without serverless
    const resources = ordersServiceResources(STAGE);
    const generated = Object.values(generateDashboards(catalog, resources, { alarms: generateAlarms(catalog, resources).alarms }));
    expect(generated).toHaveLength(3);
    for (const dashboard of generated) expect(await served(dashboard.name)).toEqual(JSON.parse(fillPseudoParameters(JSON.stringify(dashboard.body), place)));
  });

  it('gives each role exactly the actions its template grants', async () => {
    const iam = new IAMClient(config);
    for (const d of deployed.slice(1)) {
      const template = packagedTemplate(d);
      for (const { logicalId, physicalId } of d.created.created.filter((resource) => resource.type === 'AWS::IAM::Role')) {
        const { PolicyNames } = await iam.send(new ListRolePoliciesCommand({ RoleName: physicalId }));
        const documents = await Promise.all(
          (PolicyNames ?? []).map(async (name) => policyDocument((await iam.send(new GetRolePolicyCommand({ RoleName: physicalId, PolicyName: name }))).PolicyDocument as string)),
        );
        expect([logicalId, actionsOf(documents)]).toEqual([logicalId, templateActions(template, logicalId)]);
        const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: physicalId }));
        expect((AttachedPolicies ?? []).map((policy) => policy.PolicyArn).sort()).toEqual([...((template.Resources[logicalId]?.Properties['ManagedPolicyArns'] ?? []) as string[])].sort());
      }
    }
  });

  it('deploys again with no change: osls finds nothing to update, and every function and the layer stay as they were', async () => {
    // Prepare
    const lambda = new LambdaClient(config);
    const snapshot = async () => ({
      functions: ((await lambda.send(new ListFunctionsCommand({}))).Functions ?? []).map((fn) => [fn.FunctionName, fn.CodeSha256, fn.LastModified]).sort(),
      layerVersions: ((await lambda.send(new ListLayerVersionsCommand({ LayerName: layerArn.split(':').at(-2) }))).LayerVersions ?? []).map((version) => version.LayerVersionArn),
    });
    const before = await snapshot();

    // Act
    const again = await Promise.all(
      LOCAL_SERVICES.map(async (local) => [local.key, await runServerless(local, 'deploy', { ...options, args: deployArgs(local, layerArn), logName: 'redeploy' })] as const),
    );

    // Assess
    expect(again.map(([key, run]) => [key, run.code])).toEqual(LOCAL_SERVICES.map((local) => [local.key, 0]));
    expect(again.filter(([, run]) => deploymentSkipped(run)).map(([key]) => key)).toEqual(['orders', 'inventory']);
    expect(await snapshot()).toEqual(before);
  }, 300_000);

  it('removes every stack with serverless remove', async () => {
    // Act
    const runs = await removeServices(LOCAL_SERVICES, options);

    // Assess
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0]);
    const cloudformation = new CloudFormationClient(config);
    for (const d of deployed) await expect(cloudformation.send(new DescribeStacksCommand({ StackName: d.stack }))).rejects.toThrow(/does not exist/);
    expect((await new LambdaClient(config).send(new ListFunctionsCommand({}))).Functions).toEqual([]);
  }, 300_000);
});
