import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkPeriscope, ROOT, serverlessPackage } from '../support/serverless';

/**
 * A throwaway service that uses the plugin the way another team would: `periscope` in its
 * node_modules (a link to this package, which `npm test` has built), listed as `periscope/plugin`.
 */
function service(options: { catalog?: string; custom?: string; functions?: string; plugins?: string; resources?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-plugin-'));
  linkPeriscope(dir);
  if (options.plugins?.includes('serverless-esbuild')) {
    for (const name of ['serverless-esbuild', 'esbuild']) symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  }
  writeFileSync(
    join(dir, 'serverless.yml'),
    [
      'service: payments',
      "frameworkVersion: '4'",
      `plugins: ${options.plugins ?? '[periscope/plugin]'}`,
      // The linked package is this whole repository: keep it out of the artifact.
      "package: { patterns: ['!node_modules/**'] }",
      'provider: { name: aws, runtime: nodejs22.x, timeout: 20 }',
      `custom: { periscope: ${options.custom ?? '{ catalog: ./catalog.ts }'} }`,
      `functions: ${options.functions ?? '{ charge: { handler: handler.charge } }'}`,
      ...(options.resources === undefined ? [] : [`resources: ${options.resources}`]),
    ].join('\n'),
  );
  writeFileSync(join(dir, 'handler.js'), 'module.exports.charge = async () => ({ statusCode: 200, body: "{}" });\n');
  if (options.catalog !== undefined) writeFileSync(join(dir, 'catalog.ts'), options.catalog);
  return dir;
}

const catalogSource = (change: { unit?: string; target?: number } = {}) => `
import { defineService } from 'periscope';
export const catalog = defineService({
  service: 'payments',
  namespace: 'Acme/Payments',
  functions: [{ name: 'charge' }],
  metrics: [{ name: 'PaymentCaptured', unit: '${change.unit ?? 'Count'}', description: 'Payments captured.' }],
  slos: [{ name: 'payments', availabilityTarget: ${change.target ?? 99.5}, latencyP99Ms: 500 }],
  tiers: {
    critical: { description: 'Payments fail.', page: true },
    warning: { description: 'Look today.', page: false },
    info: { description: 'FYI.', page: false },
  },
});
`;

/**
 * The delivery-metrics function beside `charge`, on its own role. (A missing
 * delivery function, or one on the shared role, is refused with a message naming it: read-resources' unit tests.)
 */
const withDelivery = () => ({
  custom: '{ catalog: ./catalog.ts, delivery: deliveryMetrics }',
  functions: `{ charge: { handler: handler.charge }, deliveryMetrics: { handler: handler.charge, timeout: 30, role: DeliveryMetricsRole, environment: { POWERTOOLS_SERVICE_NAME: delivery-metrics } } }`,
  resources:
    "{ Resources: { DeliveryMetricsRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { Service: [lambda.amazonaws.com] }, Action: ['sts:AssumeRole'] }] } } } } }",
});

describe('the Periscope plugin in another service', () => {
  const dirs: string[] = [];
  const packageService = async (options: Parameters<typeof service>[0]) => {
    const dir = service(options);
    dirs.push(dir);
    return serverlessPackage(dir, join(dir, '.serverless'));
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('fails the build on a bad catalog, naming every bad key', async () => {
    // Act
    const run = await packageService({ catalog: catalogSource({ unit: 'Payments', target: 100 }) });

    // Assess
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("Periscope: ./catalog.ts: Invalid observability catalog for service 'payments' (2 problems):");
    expect(run.output).toContain("metrics[0] (PaymentCaptured).unit: 'Payments' is not a CloudWatch unit");
    expect(run.output).toContain('slos[0] (payments).availabilityTarget: 100 is out of range');
  });

  it('names the line of a TypeScript catalog that does not compile', async () => {
    // Act
    const run = await packageService({ catalog: "import { defineService } from 'periscope';\nexport const catalog = defineService({ service: 'payments', });;;\nconst = 1;\n" });

    // Assess
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/Periscope: custom\.periscope\.catalog: \.\/catalog\.ts could not be loaded: \S*catalog\.ts does not compile:\n\S*catalog\.ts:3:6: /);
  });

  it('says which file is missing when the catalog path is wrong', async () => {
    const run = await packageService({ custom: '{ catalog: ./observability.ts }' });

    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/Periscope: custom\.periscope\.catalog: \.\/observability\.ts does not exist/);
  });

  it('names the notifier function it cannot find', async () => {
    const run = await packageService({ catalog: catalogSource(), custom: '{ catalog: ./catalog.ts, notifier: slackNotifier }' });

    expect(run.code).not.toBe(0);
    expect(run.output).toContain("custom.periscope.notifier is 'slackNotifier', but serverless.yml has no function 'slackNotifier' (functions: charge)");
  });

  it('alarms a service without an API or table on its functions and burn rate, from its invocations', async () => {
    // Act
    const run = await packageService({ catalog: catalogSource() });

    // Assess
    expect(run.code).toBe(0);
    const alarms = Object.values(run.template!.Resources)
      .filter((r) => r.Type.startsWith('AWS::CloudWatch::'))
      .map((r) => r.Properties.AlarmName as string);
    expect(alarms).toEqual(
      expect.arrayContaining([
        'payments-dev-charge-errors-warning',
        'payments-dev-charge-duration-p99-warning',
        'payments-dev-payments-fast-burn-critical',
        'payments-dev-critical',
        'payments-dev-warning',
      ]),
    );
    const duration = Object.values(run.template!.Resources).find((r) => r.Properties.AlarmName === 'payments-dev-charge-duration-p99-warning')!;
    // 80% of the provider's 20 s timeout.
    expect(duration.Properties.Threshold).toBe(16_000);
    expect(run.output).toContain('Periscope: added');
  });

  it("writes down that osls's log groups go with the stack, and names the service's own data resources that do not say", async () => {
    // Act: a table that sets no deletion policies, and a log group the service extends with its own
    const run = await packageService({
      catalog: catalogSource(),
      resources:
        "{ Resources: { LedgerTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: payments-ledger, BillingMode: PAY_PER_REQUEST, AttributeDefinitions: [{ AttributeName: id, AttributeType: S }], KeySchema: [{ AttributeName: id, KeyType: HASH }] } } }, extensions: { ChargeLogGroup: { DeletionPolicy: Retain } } }",
    });

    // Assess
    expect(run.code).toBe(0);
    const { LedgerTable, ChargeLogGroup } = run.template!.Resources as Record<string, Record<string, unknown>>;
    expect(LedgerTable).not.toHaveProperty('DeletionPolicy');
    expect(ChargeLogGroup).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Delete' });
    expect(run.output).toContain('Periscope: no DeletionPolicy/UpdateReplacePolicy on LedgerTable: CloudFormation deletes their data with the stack unless you set them');
  });

  it('puts the functions on the layer it is given, and says so', async () => {
    // Act
    const run = await packageService({ catalog: catalogSource(), custom: "{ catalog: ./catalog.ts, layer: 'arn:aws:lambda:us-east-1:123456789012:layer:periscope-prod:7' }" });

    // Assess
    expect(run.code).toBe(0);
    expect(run.template!.Resources['ChargeLambdaFunction']?.Properties['Layers']).toEqual(['arn:aws:lambda:us-east-1:123456789012:layer:periscope-prod:7']);
    expect(run.output).toContain('Periscope: 1 functions use the Periscope layer');
  });

  it('keeps the toolkit bundled and attaches no layer with bundleToolkit', async () => {
    // Act
    const run = await packageService({ catalog: catalogSource(), custom: "{ catalog: ./catalog.ts, layer: 'arn:aws:lambda:us-east-1:123456789012:layer:periscope-prod:7', bundleToolkit: true }" });

    // Assess
    expect(run.code).toBe(0);
    expect(run.template!.Resources['ChargeLambdaFunction']?.Properties['Layers']).toBeUndefined();
    expect(run.output).toContain('Periscope: bundleToolkit is set: each function bundles the toolkit, no layer is attached');
  });

  it('asks to be listed before serverless-esbuild, which would otherwise bundle the toolkit the layer provides', async () => {
    // Act
    const run = await packageService({
      plugins: '[serverless-esbuild, periscope/plugin]',
      catalog: catalogSource(),
      custom: "{ catalog: ./catalog.ts, layer: 'arn:aws:lambda:us-east-1:123456789012:layer:periscope-prod:7' }",
    });

    // Assess
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('Periscope: list the Periscope plugin before serverless-esbuild in `plugins`');
  });

  it('wires the delivery-metrics function on its own role, tells it its configuration, and neither alarms it nor calls it uncatalogued', async () => {
    // Act
    const run = await packageService({ catalog: catalogSource(), ...withDelivery() });

    // Assess
    expect(run.code).toBe(0);
    const resources = run.template!.Resources;
    const variables = resources['DeliveryMetricsLambdaFunction']!.Properties['Environment'].Variables;
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe('delivery-metrics');
    expect(JSON.parse(variables.PERISCOPE_DELIVERY)).toEqual({
      service: 'payments',
      stage: 'dev',
      table: 'payments-dev-delivery',
      stackName: 'payments-dev',
      incidentAlarm: 'payments-dev-critical',
      alarmPrefix: 'payments-dev-',
      changeWindowMinutes: 60,
      dashboard: 'payments-dev-operations',
      logGroups: ['/aws/lambda/payments-dev-charge'],
      functionNames: ['payments-dev-charge'],
      availabilityTarget: 99.5,
      sloWindowDays: 28,
    });
    expect(resources['PeriscopePaymentsDevDeliveryPolicy']).toMatchObject({ Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'DeliveryMetricsRole' }] } });
    const alarmNames = Object.values(resources)
      .filter((r) => r.Type.startsWith('AWS::CloudWatch::') && r.Type.endsWith('Alarm'))
      .map((r) => String(r.Properties.AlarmName));
    expect(alarmNames).toContain('payments-dev-charge-errors-warning');
    expect(alarmNames.filter((name) => name.includes('delivery'))).toEqual([]);
    expect(run.output).not.toContain('not in the catalog');
    expect(run.output).toContain(
      'Periscope: delivery metrics from 3 EventBridge rules (payments-dev-delivery-stack-updates, payments-dev-delivery-alarms, payments-dev-delivery-changes) into table payments-dev-delivery',
    );
  });
});
