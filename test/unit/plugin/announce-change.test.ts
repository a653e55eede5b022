import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { generateDelivery } from '../../../alarms';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { catalog } from '../../../observability.config';
import { announceChange, changeDetail, type GitReader, gitIn } from '../../../plugin/announce-change';
import type { ChangeDetail } from '../../../src/catalog';
import { matchesEventPattern } from '../../../tools/emulators/eventbridge/event-pattern';
import { type PutEventsServer, refusedEndpoint, startPutEventsServer } from '../../support/put-events-server';

const SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const OTHER_SHA = '9f1c2d3e4b5a69788796a5b4c3d2e1f00112233a';

/** A repository as git would answer for it: HEAD is `head`; it knows each commit's committer date in `times`; any other question, no answer. */
const repositoryAt =
  (head: string, times: Readonly<Record<string, string>>): GitReader =>
  (args) => {
    const [command, ...rest] = args;
    if (command === 'rev-parse' && rest.join(' ') === 'HEAD') return head;
    if (command === 'show' && rest.slice(0, 2).join(' ') === '-s --format=%cI') return times[rest[2] ?? ''];
    return undefined;
  };
/** No git, or no repository (a CI that copies the sources). */
const noGit: GitReader = () => undefined;

const detailOf = (env: NodeJS.ProcessEnv, git: GitReader = noGit, strategy?: string): ChangeDetail =>
  changeDetail({ service: 'orders', stage: 'prod', ...(strategy === undefined ? {} : { strategy }), env, git });

describe('what the plugin says about the deploy it is about to make', () => {
  it('takes the commit, its time and the short commit as version from git when no CI variable says otherwise', () => {
    // Act
    const detail = detailOf({}, repositoryAt(SHA, { [SHA]: '2026-01-05T09:15:00+01:00' }), 'Canary10Percent5Minutes');

    // Assess
    expect(detail).toEqual({ service: 'orders', stage: 'prod', commit: SHA, commitTime: '2026-01-05T08:15:00.000Z', version: '4b825dc', fix: false, strategy: 'Canary10Percent5Minutes' });
  });

  it.each(['PERISCOPE_COMMIT', 'GITHUB_SHA', 'CI_COMMIT_SHA', 'CODEBUILD_RESOLVED_SOURCE_VERSION', 'BITBUCKET_COMMIT', 'CIRCLE_SHA1'])(
    'takes the commit from %s over git’s HEAD, and asks git for that commit’s time',
    (variable) => {
      // Act
      const detail = detailOf({ [variable]: OTHER_SHA }, repositoryAt(SHA, { [SHA]: '2026-01-01T00:00:00Z', [OTHER_SHA]: '2026-01-05T08:00:00Z' }));

      // Assess
      expect(detail).toMatchObject({ commit: OTHER_SHA, commitTime: '2026-01-05T08:00:00.000Z', version: '9f1c2d3' });
    },
  );

  it('takes PERISCOPE_COMMIT over a CI’s own variable, and skips a variable set empty', () => {
    // Act
    const ours = detailOf({ PERISCOPE_COMMIT: SHA, GITHUB_SHA: OTHER_SHA });
    const empty = detailOf({ PERISCOPE_COMMIT: '', GITHUB_SHA: OTHER_SHA });

    // Assess
    expect(ours.commit).toBe(SHA);
    expect(empty.commit).toBe(OTHER_SHA);
  });

  it('takes the commit time from PERISCOPE_COMMIT_TIME or CI_COMMIT_TIMESTAMP over git’s, in UTC', () => {
    // Prepare
    const git = repositoryAt(SHA, { [SHA]: '2026-01-01T00:00:00Z' });

    // Act
    const periscope = detailOf({ PERISCOPE_COMMIT_TIME: '2026-01-05T12:30:00+02:00', CI_COMMIT_TIMESTAMP: '2026-01-04T00:00:00Z' }, git);
    const gitlab = detailOf({ CI_COMMIT_TIMESTAMP: '2026-01-04T00:00:00Z' }, git);

    // Assess
    expect(periscope.commitTime).toBe('2026-01-05T10:30:00.000Z');
    expect(gitlab.commitTime).toBe('2026-01-04T00:00:00.000Z');
  });

  it('drops a commit time that is not a time, rather than send a lead time from it', () => {
    // Act
    const fromEnv = detailOf({ PERISCOPE_COMMIT: SHA, PERISCOPE_COMMIT_TIME: 'yesterday' });
    const fromGit = detailOf({}, repositoryAt(SHA, { [SHA]: 'not a date' }));

    // Assess
    expect(fromEnv).not.toHaveProperty('commitTime');
    expect(fromGit).not.toHaveProperty('commitTime');
    expect(fromEnv.commit).toBe(SHA);
  });

  it('takes the version from PERISCOPE_VERSION, then the CI’s build number, then the short commit', () => {
    // Prepare
    const git = repositoryAt(SHA, { [SHA]: '2026-01-05T08:00:00Z' });

    // Act
    const versions = [
      detailOf({ PERISCOPE_VERSION: '1.4.2', GITHUB_RUN_NUMBER: '311' }, git),
      detailOf({ GITHUB_RUN_NUMBER: '311', CI_PIPELINE_IID: '7' }, git),
      detailOf({ CI_PIPELINE_IID: '7' }, git),
      detailOf({ CODEBUILD_BUILD_NUMBER: '12' }, git),
      detailOf({ BITBUCKET_BUILD_NUMBER: '13' }, git),
      detailOf({ CIRCLE_BUILD_NUM: '14' }, git),
      detailOf({}, git),
    ].map((detail) => detail.version);

    // Assess
    expect(versions).toEqual(['1.4.2', '311', '7', '12', '13', '14', '4b825dc']);
  });

  it('says nothing of a commit, a time or a version it does not know', () => {
    // Act
    const detail = detailOf({});

    // Assess
    expect(detail).toEqual({ service: 'orders', stage: 'prod', fix: false });
  });

  it.each<[string | undefined, boolean]>([
    ['true', true],
    ['1', true],
    ['TRUE', false],
    ['yes', false],
    ['false', false],
    ['0', false],
    [undefined, false],
  ])('marks the deploy as a fix when PERISCOPE_DEPLOY_FIX is %s: %s', (value, fix) => {
    // Act
    const detail = detailOf(value === undefined ? {} : { PERISCOPE_DEPLOY_FIX: value });

    // Assess
    expect(detail.fix).toBe(fix);
  });
});

describe('git in the service’s directory', () => {
  const dirs: string[] = [];
  const tempDir = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('gives the commit, its committer date and the short commit of a real repository’s HEAD', () => {
    // Prepare
    const repo = tempDir('periscope-git-');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Periscope Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-05T09:00:00+01:00', GIT_COMMITTER_DATE: '2026-01-05T09:15:30+01:00' },
      }).trim();
    git('init', '--quiet');
    git('commit', '--quiet', '--allow-empty', '-m', 'first');
    const head = git('rev-parse', 'HEAD');

    // Act
    const detail = changeDetail({ service: 'orders', stage: 'prod', env: {}, git: gitIn(repo) });

    // Assess
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect(detail).toEqual({ service: 'orders', stage: 'prod', commit: head, commitTime: '2026-01-05T08:15:30.000Z', version: head.slice(0, 7), fix: false });
  });

  it('answers nothing outside a repository, or in a directory that is not there', () => {
    // Prepare
    const plain = tempDir('periscope-no-git-');

    // Act
    const answers = [gitIn(plain)(['rev-parse', 'HEAD']), gitIn(join(plain, 'missing'))(['rev-parse', 'HEAD'])];

    // Assess
    expect(answers).toEqual([undefined, undefined]);
    expect(changeDetail({ service: 'orders', stage: 'prod', env: {}, git: gitIn(plain) })).toEqual({ service: 'orders', stage: 'prod', fix: false });
  });
});

describe('announcing the change on the event bus', () => {
  let server: PutEventsServer;
  const detail: ChangeDetail = { service: 'orders', stage: 'prod', commit: SHA, commitTime: '2026-01-05T08:15:30.000Z', version: '1.4.2', fix: true, strategy: 'Canary10Percent5Minutes' };
  const clientOf = (endpoint: string) => new EventBridgeClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test-access-key', secretAccessKey: 'test-secret' }, maxAttempts: 1 });

  beforeAll(async () => {
    server = await startPutEventsServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.answerWith(undefined);
  });

  it('puts one event the delivery function’s changes rule takes, with the detail as JSON, and reports no failure', async () => {
    // Prepare
    const changesRule = Object.values(
      generateDelivery(catalog, {
        ...ordersServiceResources('prod'),
        delivery: { functionLogicalId: 'DeliveryMetricsLambdaFunction', roleLogicalId: 'DeliveryMetricsRole', functionName: 'periscope-orders-prod-deliveryMetrics' },
        stackName: 'periscope-orders-prod',
      }).resources,
    ).find((r) => r.Properties.Name === 'orders-prod-delivery-changes');

    // Act
    const failure = await announceChange(clientOf(server.endpoint), detail);

    // Assess
    expect(failure).toBeUndefined();
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.headers['x-amz-target']).toBe('AWSEvents.PutEvents');
    expect(request?.body.Entries).toEqual([{ Source: 'periscope.delivery', DetailType: 'Periscope Deployment Change', Detail: expect.any(String) }]);
    const entry = request!.body.Entries![0]!;
    expect(JSON.parse(entry.Detail!)).toEqual(detail);
    // As EventBridge delivers it, the default bus's event matches the rule generateDelivery made for the function.
    expect(matchesEventPattern(changesRule?.Properties.EventPattern, { source: entry.Source, 'detail-type': entry.DetailType, detail: JSON.parse(entry.Detail!) })).toBe(true);
  });

  it('reports the entry EventBridge refused, with its error code and message', async () => {
    // Prepare
    server.answerWith({ status: 200, body: { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'Try again later' }] } });

    // Act
    const failure = await announceChange(clientOf(server.endpoint), detail);

    // Assess
    expect(failure).toBe('EventBridge refused it: InternalFailure Try again later');
    expect(server.requests).toHaveLength(1);
  });

  it('reports a request EventBridge denied, as the SDK words it', async () => {
    // Prepare
    server.answerWith({ status: 400, body: { __type: 'AccessDeniedException', message: 'User is not authorized to perform: events:PutEvents' } });

    // Act
    const failure = await announceChange(clientOf(server.endpoint), detail);

    // Assess
    expect(failure).toBe('User is not authorized to perform: events:PutEvents');
  });

  it('reports an endpoint that refuses the connection, without throwing', async () => {
    // Prepare
    const endpoint = await refusedEndpoint();

    // Act
    const failure = await announceChange(clientOf(endpoint), detail);

    // Assess
    expect(failure).toMatch(/ECONNREFUSED/);
  });
});
