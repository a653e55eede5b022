import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context, SNSEvent } from 'aws-lambda';
import { createTelemetry } from 'periscope';
import { generateAlarms } from '../../alarms';
import { ordersServiceResources } from '../../deploy/service-resources';
import { cloudWatchAlarmStates } from '../../handlers/alerts/alarm-states';
import { lazyCloudWatchClient } from '../../handlers/alerts/cloudwatch-client';
import { SlackConfigurationError, SlackDeliveryError } from '../../handlers/alerts/errors';
import type { AlarmStateReader, AlarmStateView } from '../../handlers/alerts/hidden-alarms';
import { SlackNotifier, type SlackNotifierDependencies } from '../../handlers/alerts/notify-slack';
import { handler } from '../../handlers/alerts/slack-notifier';
import { createWebhookUrlSource } from '../../handlers/alerts/webhook-url';
import { catalog } from '../../observability.config';
import { alertsCatalog } from '../../src/catalog/alerts-catalog';
import { type LocalCloudWatchApi, startLocalCloudWatchApi } from '../../tools/emulators/cloudwatch/api/local-cloudwatch-api';
import { transformInput } from '../../tools/emulators/eventbridge/event-pattern';
import { type FakeSlack, SlackResponses, startFakeSlack } from '../../tools/emulators/slack-webhook/fake-slack';
import { type CapturedOutput, captureOutput } from '../support/capture-stdout';
import { lambdaContext } from '../support/lambda';
import { rejectionOf } from '../unit/alerts/fixtures';

type Json = Record<string, any>;

const MINUTE = 60_000;
const MEMBER = 'orders-prod-create-order-throttles-warning';
/** The documented event of MEMBER going into ALARM (events/eventbridge-alarm-state-change.json, see events/README.md). */
const documented = JSON.parse(readFileSync(resolve(__dirname, '../../events/eventbridge-alarm-state-change.json'), 'utf8')) as Json;
const changedAt = Date.parse(documented.detail.state.timestamp);

const generated = generateAlarms(catalog, ordersServiceResources('prod'));
const propsOf = (name: string): Json => Object.values(generated.resources).find((r) => r.Properties.AlarmName === name)!.Properties as Json;
const template = (Object.values(generated.resources).find((r) => r.Type === 'AWS::Events::Rule')!.Properties.Targets as Json[])[0]!.InputTransformer.InputTemplate as string;
/** What the generated rule hands the notifier for the documented change. */
const delivery = transformInput(template, documented) as Json;

/** DescribeAlarms' answer when the warning composite has been in ALARM for 10 min (or is `warning`), with the generated rules. */
const compositeStates = (warning: Pick<AlarmStateView, 'state' | 'since'> = { state: 'ALARM', since: changedAt - 10 * MINUTE }): Map<string, AlarmStateView> =>
  new Map([
    ['orders-prod-critical', { state: 'OK', since: changedAt - 24 * 60 * MINUTE, rule: propsOf('orders-prod-critical').AlarmRule }],
    ['orders-prod-warning', { ...warning, rule: propsOf('orders-prod-warning').AlarmRule }],
    ['orders-prod-deploy-in-progress-info', { state: 'OK', since: changedAt - 24 * 60 * MINUTE }],
  ]);

/** A Lambda context with this much time left. */
const contextWith = (remainingMs: number): Context => ({ ...lambdaContext('orders-prod-slackNotifier'), getRemainingTimeInMillis: () => remainingMs });

type Attachment = { blocks: { type: string; text?: { text: string }; elements?: { text?: string }[] }[] };
/** The text of every context block of a Slack payload. */
const contextLines = (payload: unknown): string[] =>
  (payload as { attachments: Attachment[] }).attachments.flatMap((a) => a.blocks.filter((b) => b.type === 'context').flatMap((b) => (b.elements ?? []).map((e) => e.text ?? '')));

describe('SlackNotifier.announceHidden', () => {
  let slack: FakeSlack;
  let output: CapturedOutput;
  let states: Map<string, AlarmStateView>;
  let read: string[][];

  /** The notifier as the function builds it, reading alarm states from `states` (or `alarmStates`). */
  const notifierWith = (changes: Partial<SlackNotifierDependencies> = {}): SlackNotifier => {
    const inMemory: AlarmStateReader = async (names) => {
      read.push([...names]);
      return new Map(names.flatMap((name) => (states.has(name) ? [[name, states.get(name)!] as const] : [])));
    };
    return new SlackNotifier({
      telemetry: createTelemetry(alertsCatalog, { captureHttpRequests: false }),
      webhookUrl: createWebhookUrlSource({ env: { SLACK_WEBHOOK_URL: slack.url } }),
      region: 'us-east-1',
      alarmStates: inMemory,
      ...changes,
    });
  };

  beforeEach(async () => {
    slack = await startFakeSlack();
    output = captureOutput();
    states = compositeStates();
    read = [];
  });
  afterEach(async () => {
    output.restore();
    await slack.close();
  });

  it('posts a member its composite would hide, once, saying why it comes on its own', async () => {
    // Act
    const report = await notifierWith().announceHidden(delivery, contextWith(10_000));

    // Assess
    const why = 'the warning composite has been in ALARM since 2026-11-23T09:55:10.415Z: it will not notify this change';
    expect(report).toEqual({ announced: true, why });
    expect(read).toEqual([['orders-prod-critical', 'orders-prod-warning', 'orders-prod-deploy-in-progress-info']]);
    const [message] = slack.received() as { text: string }[];
    expect(slack.received()).toHaveLength(1);
    expect(message?.text).toContain(`ALARM: ${MEMBER} (warning)`);
    expect(contextLines(message)).toContain(`Announced on its own: ${why}.`);
    expect(output.json().find((line) => line.message === 'alert delivered to Slack')).toMatchObject({ level: 'INFO', alertName: MEMBER, eventId: documented.id, tier: 'warning', state: 'ALARM' });
  });

  it('posts nothing for a change its composite notifies itself', async () => {
    // Prepare
    states = compositeStates({ state: 'OK', since: changedAt - 60 * MINUTE });

    // Act
    const report = await notifierWith().announceHidden(delivery, contextWith(10_000));

    // Assess
    expect(report).toEqual({ announced: false, why: 'the warning composite is OK: it notifies this change itself' });
    expect(slack.received()).toEqual([]);
  });

  it('skips, without posting or failing, a delivery that is no alarm state change', async () => {
    // Prepare
    const malformed = { ...delivery, event: { ...delivery.event, 'detail-type': 'CloudWatch Alarm Configuration Change' } };

    // Act
    const report = await notifierWith().announceHidden(malformed, contextWith(10_000));

    // Assess
    expect(report).toEqual({ announced: false, why: 'not an alarm state change' });
    expect(slack.received()).toEqual([]);
    expect(read).toEqual([]);
    expect(output.json().find((line) => line.level === 'WARN')).toMatchObject({
      message: 'skipped an event that is no alarm state change from the alarm state change rule',
      eventKeys: ['periscope', 'event'],
    });
  });

  it('fails the invocation, for Lambda to retry and then keep, when Slack does not take the announcement', async () => {
    // Prepare
    slack.script(SlackResponses.channelNotFound);

    // Act
    const error = await rejectionOf(notifierWith().announceHidden(delivery, contextWith(10_000)), SlackDeliveryError);

    // Assess
    expect(error).toMatchObject({ reason: 'channel_not_found', retryable: false });
    expect(output.json().find((line) => line.level === 'ERROR')).toMatchObject({ message: `ALERT NOT DELIVERED: ${MEMBER} (channel_not_found)`, alertName: MEMBER, eventId: documented.id });
  });

  it('fails, for Lambda to retry, when CloudWatch cannot be reached for the composites’ states', async () => {
    // Prepare: a CloudWatch API that has stopped
    const stopped = await startLocalCloudWatchApi();
    await stopped.close();
    const alarmStates = cloudWatchAlarmStates(
      lazyCloudWatchClient(undefined, { endpoint: stopped.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 }),
    );

    // Act
    const error = await rejectionOf(notifierWith({ alarmStates }).announceHidden(delivery, contextWith(10_000)), Error);

    // Assess
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(slack.received()).toEqual([]);
  });

  it('fails naming what is missing when it has no way to read alarm states', async () => {
    // Prepare
    const notifier = new SlackNotifier({ telemetry: createTelemetry(alertsCatalog, { captureHttpRequests: false }), webhookUrl: createWebhookUrlSource({ env: { SLACK_WEBHOOK_URL: slack.url } }) });

    // Act
    const error = await rejectionOf(notifier.announceHidden(delivery, contextWith(10_000)), SlackConfigurationError);

    // Assess
    expect(error.message).toContain('alarmStates');
    expect(slack.received()).toEqual([]);
  });
});

describe('the slack-notifier handler, given what the alarm state change rule delivers', () => {
  let slack: FakeSlack;
  let cloudWatch: LocalCloudWatchApi;
  let output: CapturedOutput;
  const ENV = ['SLACK_WEBHOOK_URL', 'AWS_ENDPOINT_URL_CLOUDWATCH', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
  const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));

  beforeAll(async () => {
    slack = await startFakeSlack();
    cloudWatch = await startLocalCloudWatchApi();
    // What Lambda sets, and what the local stack sets from outside (the webhook, CloudWatch's endpoint).
    Object.assign(process.env, { SLACK_WEBHOOK_URL: slack.url, AWS_ENDPOINT_URL_CLOUDWATCH: cloudWatch.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' });
  });
  afterAll(async () => {
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await cloudWatch?.close();
    await slack?.close();
  });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    output.restore();
  });

  it('reads the composites from CloudWatch and posts the member they hide', async () => {
    // Prepare
    const states = compositeStates();
    cloudWatch.useStates((name) => {
      const view = states.get(name);
      return view === undefined ? undefined : { kind: view.rule === undefined ? 'metric' : 'composite', reason: 'as set by the test', ...view };
    });

    // Act
    // The function's event type is SNS's; EventBridge's deliveries reach the same handler.
    await handler(delivery as unknown as SNSEvent, contextWith(10_000));

    // Assess
    const [message] = await slack.waitForMessages(1);
    expect(slack.received()).toHaveLength(1);
    expect((message as { text: string }).text).toContain(`ALARM: ${MEMBER} (warning)`);
    expect(contextLines(message).some((line) => line.startsWith('Announced on its own: the warning composite has been in ALARM since'))).toBe(true);
  });
});
