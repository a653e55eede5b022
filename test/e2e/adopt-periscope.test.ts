import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { buildLayer, type LayerBuild } from '../../layers/build-layer';
import { type LocalDynamoDb, localDynamoDbClient, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { localDynamoDbEnv } from '../../tools/emulators/lambda-sandbox/lambda-context';
import { type CompletedTrace, startXRayCollector, type TraceNode, type XRayCollector } from '../../tools/emulators/xray-daemon';
import { cfnLint, cfnLintVersion, findingLine } from '../support/cfn-lint';
import { apiEvent } from '../support/lambda';
import { LAMBDA_NODE_FLAGS, lambdaRuntimeSdkDir } from '../support/lambda-runtime';
import { npmInstall, type PackedPeriscope, packPeriscope } from '../support/npm-package';
import { type PackageRun, ROOT, serverlessPackage } from '../support/serverless';

const run = promisify(execFile);

/** The second service, as a team would keep it in its own repository. */
const EXAMPLE = join(ROOT, 'examples/inventory');
const STAGE = 'dev';

/** Strings only the toolkit or its dependencies contain: none may be in a bundle that uses the layer. */
const TOOLKIT_MARKERS = ['ObservabilityOptionsError', 'CatalogValidationError', 'TelemetryFaultError', 'POWERTOOLS_', 'AWS_XRAY_DAEMON_ADDRESS', 'PeriscopeXRayCapture'];

/** What the Lambda Node runtime does for one invocation, small enough to read: load the handler, call it, print the result. */
const RUNNER = `
const [handlerFile, exportName, eventFile, functionName] = process.argv.slice(2);
const handler = require(handlerFile)[exportName];
const event = JSON.parse(require('node:fs').readFileSync(eventFile, 'utf8'));
const context = {
  functionName, functionVersion: '$LATEST', memoryLimitInMB: '256', awsRequestId: require('node:crypto').randomUUID(),
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:' + functionName,
  logGroupName: '/aws/lambda/' + functionName, logStreamName: '2026/11/23/[$LATEST]0123', getRemainingTimeInMillis: () => 6000,
};
handler(event, context).then((result) => {
  process.stdout.write('RESULT ' + JSON.stringify({ result, periscope: require.resolve('periscope') }) + '\\n');
  // Let the X-Ray UDP datagrams leave; the DynamoDB client's idle sockets must not keep the process.
  setTimeout(() => process.exit(0), 300).unref();
}, (error) => { console.error(error); process.exit(1); });
`;

interface Invocation {
  readonly statusCode: number;
  readonly body: Record<string, unknown>;
  /** Where `require('periscope')` resolved in the function's process. */
  readonly periscopePath: string;
  /** The JSON lines the function printed: logs and EMF. */
  readonly lines: Record<string, unknown>[];
  readonly traceId: string;
}

const walk = (nodes: readonly TraceNode[]): TraceNode[] => nodes.flatMap((node) => [node, ...walk(node.children)]);

/**
 * A second service adopting Periscope the way the README shows, outside this repository: a temporary
 * directory holding examples/inventory with its own package.json, which installs the packed tarball
 * (with osls, serverless-esbuild, esbuild and TypeScript); there its code type-checks against the
 * package's types, `serverless package` runs offline through `periscope/plugin`, and its packaged
 * functions run from the unpacked layer zip as Lambda runs them (`NODE_PATH` on
 * `/opt/nodejs/node_modules`, the AWS SDK from the runtime).
 */
describe('a second service adopting Periscope from its npm package and layer', () => {
  let work: string;
  let service: string;
  let packed: PackedPeriscope;
  let layer: LayerBuild;
  let layered: PackageRun;
  let dynamo: LocalDynamoDb;
  let collector: XRayCollector;
  let environment: Record<string, string>;
  let layeredBundle: string;
  let bundledBundle: string;
  const traces: CompletedTrace[] = [];

  beforeAll(async () => {
    // Prepare: the package as npm would publish it, and the service beside it, installing it
    work = mkdtempSync(join(tmpdir(), 'periscope-adopt-'));
    packed = await packPeriscope(work);
    service = join(work, 'inventory');
    cpSync(EXAMPLE, service, { recursive: true, filter: (path) => !/[\\/](node_modules|\.serverless|\.esbuild)$/.test(path) });
    const manifest = JSON.parse(readFileSync(join(service, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    writeFileSync(join(service, 'package.json'), JSON.stringify({ ...manifest, dependencies: { ...manifest.dependencies, periscope: `file:${packed.tarball}` } }, null, 2));
    await npmInstall(service);

    // Prepare: the layer, unpacked as Lambda mounts it at /opt
    layer = await buildLayer({ outDir: join(work, 'dist') });
    execFileSync('unzip', ['-q', layer.zipPath, '-d', join(work, 'opt')]);

    // Prepare: the service packaged twice with its own osls, on the layer (the default) and with the toolkit bundled
    // One after the other: serverless-esbuild builds in the service's own .esbuild folder.
    layered = await serverlessPackage(service, join(work, 'layered'), [], service);
    const bundled = await serverlessPackage(service, join(work, 'bundled'), ['--param=bundleToolkit=true'], service);
    expect([layered.code, bundled.code, layered.output]).toEqual([0, 0, expect.stringContaining('2 functions use the Periscope layer')]);
    expect(layered.output).toContain('every function traces lean');
    execFileSync('unzip', ['-q', join(work, 'layered/inventory.zip'), '-d', join(work, 'task')]);
    layeredBundle = readFileSync(join(work, 'task/handler.js'), 'utf8');
    bundledBundle = execFileSync('unzip', ['-p', join(work, 'bundled/inventory.zip'), 'handler.js'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    environment = layered.template?.Resources['ReserveStockLambdaFunction']?.Properties['Environment']?.Variables as Record<string, string>;

    // Prepare: DynamoDB with some stock, and an X-Ray daemon stand-in
    dynamo = await startDynalite(0);
    const client = localDynamoDbClient(dynamo.endpoint);
    await client.send(
      new CreateTableCommand({
        TableName: environment['STOCK_TABLE_NAME'],
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'sku', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
      }),
    );
    await client.send(new PutItemCommand({ TableName: environment['STOCK_TABLE_NAME'], Item: { sku: { S: 'mug-2' }, available: { N: '5' } } }));
    collector = await startXRayCollector({ port: 0, quietMs: 100, onTrace: (trace) => traces.push(trace) });
  }, 600_000);

  afterAll(async () => {
    await collector?.close();
    await dynamo?.close();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('type-checks its catalog and handlers against the types the package ships', async () => {
    // Act
    const typecheck = await run(process.execPath, [join(service, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', service], { cwd: service }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    );

    // Assess
    expect(typecheck).toEqual({ code: 0, output: '' });
  });

  it('resolves the runtime, the plugin and the generators inside the installed package', async () => {
    // Act
    const { stdout } = await run(
      process.execPath,
      ['-e', "for (const id of ['periscope', 'periscope/plugin', 'periscope/alarms', 'periscope/dashboards', 'periscope/slack-notifier']) console.log(require.resolve(id))"],
      { cwd: service },
    );

    // Assess
    const installed = join(service, 'node_modules/periscope/dist');
    expect(stdout.trim().split('\n')).toEqual(['src/index.js', 'plugin/index.js', 'alarms/index.js', 'dashboards/index.js', 'handlers/alerts/slack-notifier.js'].map((file) => join(installed, file)));
  });

  it('gets its alarms, tier composites and three dashboards from `serverless package`, with the layer imported from the layer service', () => {
    // Assess
    const resources = Object.values(layered.template!.Resources);
    const alarmNames = resources.filter((r) => r.Type.startsWith('AWS::CloudWatch::') && r.Type.endsWith('Alarm')).map((r) => r.Properties['AlarmName'] as string);
    expect(alarmNames).toEqual(
      expect.arrayContaining([
        'inventory-dev-critical',
        'inventory-dev-warning',
        'inventory-dev-inventory-api-fast-burn-critical',
        'inventory-dev-out-of-stock-surge-warning',
        'inventory-dev-reserve-stock-errors-warning',
      ]),
    );
    expect(
      resources
        .filter((r) => r.Type === 'AWS::CloudWatch::Dashboard')
        .map((r) => r.Properties['DashboardName'])
        .sort(),
    ).toEqual(['inventory-dev-developer', 'inventory-dev-executive', 'inventory-dev-operations']);
    expect(layered.template!.Resources['ReserveStockLambdaFunction']?.Properties['Layers']).toEqual([{ 'Fn::ImportValue': 'sls-periscope-layer-dev-PeriscopeLambdaLayerQualifiedArn' }]);
  });

  const version = cfnLintVersion();
  if (version === undefined) process.stderr.write('cfn-lint is not installed: skipping the CloudFormation schema check of the inventory template\n');
  (version ? it : it.skip)(`packages valid CloudFormation with no finding at all, informational ones included, by ${version ?? 'cfn-lint'}`, () => {
    // Act
    const findings = cfnLint(join(work, 'layered', 'cloudformation-template-update-stack.json'));

    // Assess: its own StockTable sets its deletion policies; the plugin writes osls's joins as Fn::Sub and sets its log groups' policies
    expect(findings.map(findingLine)).toEqual([]);
  });

  /** Invokes a function of the packaged consumer in a fresh process laid out like a Lambda sandbox. */
  const invoke = (exportName: string, event: object): Promise<Invocation> => {
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const functionName = `inventory-${STAGE}-${exportName}`;
    const eventFile = join(work, `event-${randomBytes(4).toString('hex')}.json`);
    const runner = join(work, 'runtime.js');
    writeFileSync(eventFile, JSON.stringify(event));
    writeFileSync(runner, RUNNER);
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      // As Lambda sets it: layers first, then the runtime's own modules (the AWS SDK).
      NODE_PATH: [join(work, 'opt/nodejs/node_modules'), lambdaRuntimeSdkDir(join(work, 'runtime'), join(work, 'opt/nodejs/node_modules'))].join(':'),
      ...environment,
      LAMBDA_TASK_ROOT: join(work, 'task'),
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${collector.address.port}`,
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      _X_AMZN_TRACE_ID: `Root=${traceId};Parent=${randomBytes(8).toString('hex')};Sampled=1`,
      ...localDynamoDbEnv(dynamo.endpoint),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [...LAMBDA_NODE_FLAGS, runner, join(work, 'task/handler.js'), exportName, eventFile, functionName], { cwd: join(work, 'task'), env }, (error, stdout, stderr) => {
        if (error !== null) return reject(new Error(`${exportName} failed: ${error.message}\n${stderr}`));
        const lines = stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        const result = stdout.split('\n').find((line) => line.startsWith('RESULT '));
        if (result === undefined) return reject(new Error(`${exportName} printed no result:\n${stdout}\n${stderr}`));
        const { result: response, periscope } = JSON.parse(result.slice('RESULT '.length)) as { result: { statusCode: number; body: string }; periscope: string };
        resolve({ statusCode: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown>, periscopePath: periscope, lines, traceId });
      });
    });
  };

  const reservation = (body: object) =>
    apiEvent({ method: 'POST', resource: '/reservations', path: '/reservations', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-correlation-id': 'corr-inventory-1' } });
  const emf = (lines: readonly Record<string, unknown>[], metric: string) => lines.find((line) => line['_aws'] !== undefined && metric in line);
  const traceOf = async (traceId: string): Promise<TraceNode[]> => {
    for (let waited = 0; waited < 5000 && !traces.some((trace) => trace.traceId === traceId); waited += 50) await new Promise((r) => setTimeout(r, 50));
    return walk(traces.find((trace) => trace.traceId === traceId)?.roots ?? []);
  };

  it('bundles its handlers without Periscope: the toolkit comes from the layer', () => {
    // Assess
    expect(layeredBundle).toContain('require("periscope")');
    expect(TOOLKIT_MARKERS.filter((marker) => layeredBundle.includes(marker))).toEqual([]);
    expect(TOOLKIT_MARKERS.filter((marker) => bundledBundle.includes(marker)).length).toBeGreaterThan(3);
    expect(bundledBundle).not.toContain('require("periscope")');
    // custom.periscope.tracing: lean leaves Powertools Tracer (and the X-Ray SDK it loads) to a require lean mode never makes
    expect(bundledBundle).toContain('require("@aws-lambda-powertools/tracer")');
    expect(bundledBundle).not.toContain('AWS_XRAY_CONTEXT_MISSING');
    process.stdout.write(
      `inventory handler bundle: ${(layeredBundle.length / 1024).toFixed(1)} KiB on the layer, ${(bundledBundle.length / 1024).toFixed(1)} KiB with the toolkit bundled; ` +
        `layer ${(layer.unzippedBytes / 1024).toFixed(0)} KiB unzipped, ${(statSync(layer.zipPath).size / 1024).toFixed(0)} KiB zipped\n`,
    );
  });

  it('reserves stock from the layer, with JSON logs, EMF in its own namespace and a trace of the DynamoDB call', async () => {
    // Act
    const reserved = await invoke('reserveStock', reservation({ sku: 'mug-2', quantity: 2 }));

    // Assess: the answer, from the toolkit in the layer
    expect([reserved.statusCode, reserved.body]).toEqual([201, { sku: 'mug-2', quantity: 2, available: 3 }]);
    expect(reserved.periscopePath).toBe(join(work, 'opt/nodejs/node_modules/periscope/index.js'));

    // Assess: the closing log line with the caller's correlation id and the trace id
    const completed = reserved.lines.find((line) => line['message'] === 'request completed');
    expect(completed).toMatchObject({
      service: 'inventory',
      correlation_id: 'corr-inventory-1',
      statusCode: 201,
      route: 'POST /reservations',
      function_name: 'inventory-dev-reserveStock',
      xray_trace_id: reserved.traceId,
    });

    // Assess: one EMF document with the catalog's metric in the catalog's namespace
    const metrics = emf(reserved.lines, 'StockReserved') as { StockReserved: number; _aws: { CloudWatchMetrics: { Namespace: string }[] } } | undefined;
    expect(metrics?.StockReserved).toBe(2);
    expect(metrics?._aws.CloudWatchMetrics[0]?.Namespace).toBe('Acme/Inventory');

    // Assess: the handler's subsegment and its DynamoDB call reached the X-Ray daemon, traced lean as the service asks
    expect(environment['PERISCOPE_TRACING']).toBe('lean');
    const nodes = await traceOf(reserved.traceId);
    expect(nodes.map((node) => node.document.name)).toEqual(expect.arrayContaining(['## handler', 'DynamoDB']));
    expect(nodes.find((node) => node.document.name === '## handler')?.document.annotations).toMatchObject({ Service: 'inventory' });
    expect(nodes.find((node) => node.document.name === 'DynamoDB')?.document.aws).toMatchObject({ operation: 'UpdateItem', table_name: environment['STOCK_TABLE_NAME'] });
  });

  it('refuses a reservation larger than the stock with a 409, counted by reason', async () => {
    // Act
    const refused = await invoke('reserveStock', reservation({ sku: 'mug-2', quantity: 50 }));

    // Assess
    expect([refused.statusCode, (refused.body['error'] as { code: string }).code]).toEqual([409, 'InsufficientStock']);
    expect(emf(refused.lines, 'ReservationRefused')).toMatchObject({ ReservationRefused: 1, reason: 'insufficient_stock' });
  });

  it('reads the stock left through the layer', async () => {
    // Act
    const stock = await invoke('getStock', apiEvent({ method: 'GET', resource: '/stock/{sku}', path: '/stock/mug-2', pathParameters: { sku: 'mug-2' } }));

    // Assess
    expect([stock.statusCode, stock.body]).toEqual([200, { sku: 'mug-2', available: 3 }]);
  });
});
