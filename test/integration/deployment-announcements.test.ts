import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTelemetry } from 'periscope';
import { generateAlarms, generateDeployments } from '../../alarms';
import { ordersServiceResources } from '../../deploy/service-resources';
import type { DeployMarkerWriter } from '../../handlers/alerts/deploy-markers';
import type { AlarmStateView } from '../../handlers/alerts/hidden-alarms';
import { SlackNotifier } from '../../handlers/alerts/notify-slack';
import { createWebhookUrlSource } from '../../handlers/alerts/webhook-url';
import { catalog } from '../../observability.config';
import { alertsCatalog } from '../../src/catalog/alerts-catalog';
import { transformInput } from '../../tools/emulators/eventbridge/event-pattern';
import { type FakeSlack, startFakeSlack } from '../../tools/emulators/slack-webhook/fake-slack';
import { type CapturedOutput, captureOutput } from '../support/capture-stdout';
import { lambdaContext } from '../support/lambda';

type Json = Record<string, any>;

/** The documented shapes (see events/README.md), for orders-prod. */
const codeDeployEvent = JSON.parse(readFileSync(resolve(__dirname, '../../events/codedeploy-deployment-state-change.json'), 'utf8')) as Json;
const stackEvent = JSON.parse(readFileSync(resolve(__dirname, '../../events/cloudformation-stack-status-change.json'), 'utf8')) as Json;
const withDetail = (event: Json, detail: Json): Json => ({ ...event, detail: { ...event.detail, ...detail } });
const stackStatus = (status: string): Json => withDetail(stackEvent, { 'status-details': { status, 'status-reason': '' } });

/** The generated rules' input templates at prod: the stack rule's, and the CodeDeploy rule's with version 7 resolved. */
function ruleTemplates(): { stack: string; codeDeploy: string } {
  const resources = ordersServiceResources('prod');
  const alarms = generateAlarms(catalog, resources).resources;
  const functions = resources.functions.map((fn) => {
    const id = `${fn.name.charAt(0).toUpperCase()}${fn.name.slice(1)}`;
    return { ...fn, functionLogicalId: `${id}LambdaFunction`, versionLogicalId: `${id}LambdaVersionAb12` };
  });
  const hookFunction = { Type: 'AWS::Lambda::Function', Properties: {} };
  const deployments = generateDeployments(catalog, {
    stage: 'prod',
    functions,
    template: { ...alarms, DeployHookLambdaFunction: hookFunction },
    preTrafficHook: { functionLogicalId: 'DeployHookLambdaFunction', roleLogicalId: 'DeployHookRole' },
    notifier: resources.notifier!,
  });
  const templateOf = (resources: Readonly<Record<string, { Properties: Json }>>, name: string): string => {
    const template = Object.values(resources).find((r) => r.Properties.Name === name)!.Properties.Targets[0].InputTransformer.InputTemplate;
    return typeof template === 'string' ? template : (template['Fn::Sub'] as string).replace(/\$\{\w+\.Version\}/g, '7');
  };
  return { stack: templateOf(deployments.replaced as never, 'orders-prod-stack-updates'), codeDeploy: templateOf(deployments.resources as never, 'orders-prod-deployments') };
}

describe('SlackNotifier.handleDeployment', () => {
  const templates = ruleTemplates();
  let slack: FakeSlack;
  let output: CapturedOutput;
  let marks: { metric: string; value: number; dimensions: Readonly<Record<string, string>> }[];
  let states: Map<string, AlarmStateView>;

  const notifier = (): SlackNotifier => {
    const deployMarkers: DeployMarkerWriter = async (settings, which, at) => {
      marks.push({ metric: settings[which], value: Math.floor(at / 1000), dimensions: settings.dimensions });
    };
    return new SlackNotifier({
      telemetry: createTelemetry(alertsCatalog, { captureHttpRequests: false }),
      webhookUrl: createWebhookUrlSource({ env: { SLACK_WEBHOOK_URL: slack.url } }),
      region: 'us-east-1',
      alarmStates: async (names) => new Map(names.flatMap((name) => (states.has(name) ? [[name, states.get(name)!] as const] : []))),
      deployMarkers,
    });
  };
  const handle = (template: string, event: Json) => notifier().handleDeployment(transformInput(template, event), lambdaContext('orders-prod-slackNotifier'));

  beforeEach(async () => {
    slack = await startFakeSlack();
    marks = [];
    states = new Map();
    output = captureOutput();
  });
  afterEach(async () => {
    output.restore();
    await slack.close();
  });

  it('marks a stack update’s start and end with the event’s time, for the tier composites’ suppressor', async () => {
    // Act
    const started = await handle(templates.stack, { ...stackStatus('UPDATE_IN_PROGRESS'), time: '2026-11-23T11:10:00Z' });
    const finished = await handle(templates.stack, { ...stackStatus('UPDATE_COMPLETE'), time: '2026-11-23T11:17:00Z' });

    // Assess
    expect([started.marked, finished.marked]).toEqual(['started', 'finished']);
    expect(marks).toEqual([
      { metric: 'DeployStarted', value: Date.parse('2026-11-23T11:10:00Z') / 1000, dimensions: { Service: 'orders', Stage: 'prod' } },
      { metric: 'DeployFinished', value: Date.parse('2026-11-23T11:17:00Z') / 1000, dimensions: { Service: 'orders', Stage: 'prod' } },
    ]);
    expect(slack.requests()).toEqual([]);
  });

  it.each([
    ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', undefined],
    ['UPDATE_ROLLBACK_IN_PROGRESS', 'started'],
    ['UPDATE_ROLLBACK_COMPLETE', 'finished'],
    ['UPDATE_ROLLBACK_FAILED', 'finished'],
    ['CREATE_COMPLETE', 'finished'],
    ['CREATE_IN_PROGRESS', 'started'],
  ])('reads the stack status %s as a deploy %s', async (status, marker) => {
    // A cleanup is neither: the deploy itself is over
    // Act
    const report = await handle(templates.stack, stackStatus(status));

    // Assess
    expect(report.marked).toBe(marker);
  });

  it('marks a deploy started when a CodeDeploy deployment starts, and leaves its end to the stack’s', async () => {
    // Act
    const reports = [];
    for (const state of ['START', 'SUCCESS', 'STOP', 'FAILURE']) reports.push(await handle(templates.codeDeploy, withDetail(codeDeployEvent, { state })));

    // Assess
    expect(reports.map((r) => r.marked)).toEqual(['started', undefined, undefined, undefined]);
    expect(marks.map((m) => m.metric)).toEqual(['DeployStarted']);
    expect(slack.requests()).toEqual([]);
  });

  it('posts one message to the warning channel when the stack rolls back, naming every gate alarm in ALARM and why', async () => {
    // Prepare: two functions' new versions failed their gates; the critical composite is fine
    const reason = 'Threshold Crossed: 1 datapoint [48.0] was greater than or equal to the threshold (5.0).';
    states.set('orders-prod-create-order-deploy-errors-gate-v7', { state: 'ALARM', since: 0, reason });
    states.set('orders-prod-get-order-deploy-p99-gate-v7', { state: 'ALARM', since: 0 });
    states.set('orders-prod-critical', { state: 'OK', since: 0 });

    // Act: each deployment stops (no message), then the stack rolls back (one)
    for (const group of ['orders-prod-create-order', 'orders-prod-get-order', 'orders-prod-list-orders'])
      await handle(templates.codeDeploy, withDetail(codeDeployEvent, { state: 'STOP', deploymentGroup: group }));
    const report = await handle(templates.stack, stackEvent);

    // Assess
    expect(report).toEqual({ marked: 'started', announced: true, why: 'rolled back' });
    expect(slack.requests()).toHaveLength(1);
    const text = JSON.stringify(slack.requests()[0]?.payload);
    expect(text).toContain('Deployment rolled back: periscope-orders-prod');
    expect(text).toContain(`orders-prod-create-order-deploy-errors-gate-v7 is in ALARM: ${reason}`);
    expect(text).toContain('orders-prod-get-order-deploy-p99-gate-v7 is in ALARM');
    expect(text).not.toContain('orders-prod-critical is in ALARM');
    expect(text).toContain('traffic returns to the previous version (CodeDeploy moves each alias back). Nobody was paged.');
    expect(text).toContain('CloudFormation: The following resource(s) failed to update: [CreateOrderLambdaAliasLive].');
    expect(text).toContain('https://us-east-1.console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/events?stackId=arn%3Aaws%3Acloudformation');
  });

  it('says the deploy failed on its own when no gate alarm is in ALARM: a smoke test, say', async () => {
    // Act
    await handle(templates.stack, stackEvent);

    // Assess
    const text = JSON.stringify(slack.requests()[0]?.payload);
    expect(text).toContain('none of its gate alarms is in ALARM: the deploy failed on its own (a pre-traffic smoke test, or a resource CloudFormation could not update)');
  });

  it('logs and skips an event it cannot read, without marking anything', async () => {
    // Act
    const report = await notifier().handleDeployment({ periscope: {}, event: { source: 'aws.codedeploy', detail: {} } }, lambdaContext('orders-prod-slackNotifier'));

    // Assess
    expect(report).toEqual({ marked: undefined, announced: false, why: 'not a deployment event' });
    expect(marks).toEqual([]);
    expect(output.json().some((line) => line.message === 'skipped an event that is no deployment event from the deployment rules')).toBe(true);
  });

  it('throws when it cannot mark the deploy, so Lambda retries the event', async () => {
    // Prepare
    const failing = new SlackNotifier({
      telemetry: createTelemetry(alertsCatalog, { captureHttpRequests: false }),
      webhookUrl: createWebhookUrlSource({ env: { SLACK_WEBHOOK_URL: slack.url } }),
      deployMarkers: async () => {
        throw new Error('PutMetricData throttled');
      },
    });

    // Act
    const handling = failing.handleDeployment(transformInput(templates.stack, stackStatus('UPDATE_IN_PROGRESS')), lambdaContext('orders-prod-slackNotifier'));

    // Assess
    await expect(handling).rejects.toThrow('PutMetricData throttled');
  });
});
