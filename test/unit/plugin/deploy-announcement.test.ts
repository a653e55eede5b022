import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../../../observability.config';
import { CI_COMMIT_TIME_VARIABLES, CI_COMMIT_VARIABLES, FIX_VARIABLE, VERSION_VARIABLES } from '../../../plugin/announce-change';
import { type PeriscopeConfig, PeriscopePlugin } from '../../../plugin/periscope-plugin';
import { type PutEventsServer, startPutEventsServer } from '../../support/put-events-server';

const SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
/** Every variable `changeDetail` reads: the test's environment sets them, whatever the CI running it sets. */
const CHANGE_VARIABLES = [...CI_COMMIT_VARIABLES, ...CI_COMMIT_TIME_VARIABLES, ...VERSION_VARIABLES, FIX_VARIABLE];

/**
 * The `serverless deploy` hook that announces the change, run as osls runs it: the plugin built with
 * what osls passes it, its `before:deploy:deploy` hook called. osls's provider gives the AWS SDK its
 * configuration (`getAwsSdkV3Config`); here that configuration points at a local PutEvents endpoint.
 */
describe('announcing each serverless deploy to the delivery metrics', () => {
  let server: PutEventsServer;
  let serviceDir: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    server = await startPutEventsServer();
    // A service directory outside any git repository: the commit comes from the CI's variables.
    serviceDir = mkdtempSync(join(tmpdir(), 'periscope-announce-'));
    writeFileSync(join(serviceDir, 'observability.config.ts'), '// loaded by the test’s module loader\n');
  });
  afterAll(async () => {
    await server.close();
    rmSync(serviceDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.answerWith(undefined);
    for (const name of CHANGE_VARIABLES) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    Object.assign(process.env, { PERISCOPE_COMMIT: SHA, PERISCOPE_COMMIT_TIME: '2026-01-05T09:15:30+01:00', PERISCOPE_VERSION: '1.4.2', PERISCOPE_DEPLOY_FIX: 'true' });
  });
  afterEach(() => {
    for (const name of CHANGE_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  /** The plugin in the orders service at `stage`, with `custom.periscope` as given; what it logs is collected. */
  const deployWith = (
    periscope: Omit<PeriscopeConfig, 'catalog'>,
    stage = 'prod',
    functions: Record<string, { name: string }> = { createOrder: { name: `periscope-orders-${stage}-createOrder` } },
  ) => {
    const notices: string[] = [];
    const serverless = {
      serviceDir,
      config: {},
      service: { custom: { periscope: { catalog: './observability.config.ts', ...periscope } }, provider: { compiledCloudFormationTemplate: { Resources: {} } }, functions },
      classes: { Error },
      getProvider: () => ({
        getStage: () => stage,
        getAwsSdkV3Config: async () => ({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test-access-key', secretAccessKey: 'test-secret' }, maxAttempts: 1 }),
        naming: { getLambdaLogicalId: (key: string) => `${key}LambdaFunction`, getLambdaLayerLogicalId: (key: string) => `${key}LambdaLayer`, getStackName: () => `periscope-orders-${stage}` },
      }),
    };
    const plugin = new PeriscopePlugin(serverless as unknown as ConstructorParameters<typeof PeriscopePlugin>[0], {}, { log: { notice: (line) => notices.push(line), info: () => undefined } }, () => ({
      catalog,
    }));
    return { notices, deploy: async () => plugin.hooks['before:deploy:deploy']!() };
  };

  it('puts the commit, its time, the version, the fix mark and the stage’s strategy on the event bus before the stack update, and says so', async () => {
    // Prepare
    const { deploy, notices } = deployWith({ delivery: 'deliveryMetrics' });

    // Act
    await deploy();

    // Assess
    expect(server.requests.map((request) => request.body.Entries?.map((entry) => [entry.Source, entry.DetailType]))).toEqual([[['periscope.delivery', 'Periscope Deployment Change']]]);
    expect(JSON.parse(server.requests[0]!.body.Entries![0]!.Detail!)).toEqual({
      service: 'orders',
      stage: 'prod',
      commit: SHA,
      commitTime: '2026-01-05T08:15:30.000Z',
      version: '1.4.2',
      fix: true,
      strategy: 'Canary10Percent5Minutes',
    });
    expect(notices).toEqual(['Periscope: told the delivery metrics about this deploy: version 1.4.2, commit 4b825dc, a fix']);
  });

  it('announces the strategy of the stage it deploys', async () => {
    // Prepare
    delete process.env.PERISCOPE_DEPLOY_FIX;
    const { deploy, notices } = deployWith({ delivery: 'deliveryMetrics' }, 'dev');

    // Act
    await deploy();

    // Assess
    expect(JSON.parse(server.requests[0]!.body.Entries![0]!.Detail!)).toMatchObject({ stage: 'dev', fix: false, strategy: 'AllAtOnce' });
    expect(notices).toEqual(['Periscope: told the delivery metrics about this deploy: version 1.4.2, commit 4b825dc']);
  });

  it('announces nothing for a service without the delivery-metrics function', async () => {
    // Prepare
    const { deploy, notices } = deployWith({ notifier: 'slackNotifier' });

    // Act
    await deploy();

    // Assess
    expect(server.requests).toEqual([]);
    expect(notices).toEqual([]);
  });

  it('announces nothing for a service that deploys no function (a layer service)', async () => {
    // Prepare
    const { deploy, notices } = deployWith({ delivery: 'deliveryMetrics' }, 'prod', {});

    // Act
    await deploy();

    // Assess
    expect(server.requests).toEqual([]);
    expect(notices).toEqual([]);
  });

  it('goes on with the deploy when EventBridge refuses the event, saying it is counted without a lead time', async () => {
    // Prepare
    server.answerWith({ status: 200, body: { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'Try again later' }] } });
    const { deploy, notices } = deployWith({ delivery: 'deliveryMetrics' });

    // Act
    await expect(deploy()).resolves.toBeUndefined();

    // Assess
    expect(notices).toEqual(['Periscope: could not announce this deploy to the delivery metrics (EventBridge refused it: InternalFailure Try again later); it is still counted, without a lead time']);
  });
});
