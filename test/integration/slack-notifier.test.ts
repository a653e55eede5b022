import type { Context, SNSEvent } from 'aws-lambda';
import { AlertUndeliveredError, SlackDeliveryError } from '../../handlers/alerts/errors';
import { handler } from '../../handlers/alerts/slack-notifier';
import { type FakeSlack, SlackResponses, startFakeSlack } from '../../tools/emulators/slack-webhook/fake-slack';
import { DeadLetterQueue, invokeAsync } from '../../tools/emulators/sns-lambda/async-invoke';
import { type CapturedOutput, captureOutput } from '../support/capture-stdout';
import { lambdaContext } from '../support/lambda';
import { firstRecord, loadEvent, loadExternal, rejectionOf } from '../unit/alerts/fixtures';

const critical = loadEvent('sns-alarm-critical.json');
const warning = loadEvent('sns-alarm-warning.json');

/** A Lambda context with this much time left (it does not count down: the budget is what matters). */
const contextWith = (remainingMs: number): Context => ({ ...lambdaContext('slack-notifier-test-slackNotifier'), getRemainingTimeInMillis: () => remainingMs });

const failureOf = (invocation: Promise<unknown>): Promise<AlertUndeliveredError> => rejectionOf(invocation, AlertUndeliveredError);

/** Every data point of `metric` in the EMF written, as `{ namespace, tier, reason, value }` (a value array is one point per value). */
const emitted = (output: CapturedOutput, metric: string) =>
  output
    .emf()
    .filter((doc) => metric in doc)
    .flatMap((doc) =>
      [doc[metric] as number | number[]]
        .flat()
        .map((value) => ({ namespace: doc._aws.CloudWatchMetrics[0].Namespace as string, tier: doc.tier as string, reason: doc.reason as string | undefined, value })),
    );

const headerOf = (payload: unknown): string => (payload as { attachments: { blocks: { type: string; text: { text: string } }[] }[] }).attachments[0]?.blocks[0]?.text.text ?? '';

describe('slack-notifier handler', () => {
  let slack: FakeSlack;
  let output: CapturedOutput;
  let secret: string;

  beforeEach(async () => {
    slack = await startFakeSlack();
    secret = new URL(slack.url).pathname;
    process.env.SLACK_WEBHOOK_URL = slack.url;
    output = captureOutput();
  });
  afterEach(async () => {
    output.restore();
    delete process.env.SLACK_WEBHOOK_URL;
    await slack.close();
  });

  const everythingWritten = (): string => [...output.stdout, ...output.stderr].join('\n');

  it('delivers a critical alarm once and emits SlackDelivered as EMF', async () => {
    // Act
    await handler(critical, contextWith(10_000));

    // Assess
    const [message] = await slack.waitForMessages(1);
    expect(slack.received()).toHaveLength(1);
    expect(headerOf(message)).toBe(':rotating_light: ALARM: orders-dev-api-5xx-rate-critical');
    expect(emitted(output, 'SlackDelivered')).toEqual([{ namespace: 'Periscope/Alerts', tier: 'critical', reason: undefined, value: 1 }]);
    expect(emitted(output, 'SlackRetried')).toEqual([]);
    expect(output.json().find((line) => line.message === 'alert delivered to Slack')).toMatchObject({
      level: 'INFO',
      service: 'slack-notifier',
      function_name: 'slack-notifier-test-slackNotifier',
      alertName: 'orders-dev-api-5xx-rate-critical',
      tier: 'critical',
      state: 'ALARM',
      attempts: 1,
    });
    expect(everythingWritten()).not.toContain(secret);
  });

  it('delivers a plain SNS message as text', async () => {
    // Prepare
    const event = loadExternal<SNSEvent>('powertools-events/sns-base.json');

    // Act
    await handler(event, contextWith(10_000));

    // Assess
    expect(slack.received()).toEqual([expect.objectContaining({ text: '*TestInvoke*\nHello from SNS!' })]);
    expect(emitted(output, 'SlackDelivered')).toEqual([expect.objectContaining({ tier: 'unknown', value: 1 })]);
  });

  it('waits out a 429’s Retry-After, then delivers and counts the retry', async () => {
    // Prepare
    slack.script(SlackResponses.rateLimited(1), SlackResponses.ok);
    const started = Date.now();

    // Act
    await handler(warning, contextWith(10_000));

    // Assess
    const [first, second] = slack.requests();
    expect([first?.answer, second?.answer]).toEqual([429, 200]);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(emitted(output, 'SlackRetried')).toEqual([expect.objectContaining({ tier: 'warning', value: 1 })]);
    expect(emitted(output, 'SlackDelivered')).toEqual([expect.objectContaining({ tier: 'warning', value: 1 })]);
    expect(output.json().find((line) => line.message === 'Slack did not take the alert; retrying')).toMatchObject({ level: 'WARN', reason: 'rate_limited', status: 429, delayMs: 1000 });
  });

  it('retries after a 500 and delivers', async () => {
    // Prepare
    slack.script(SlackResponses.serverError, SlackResponses.ok);

    // Act
    await handler(critical, contextWith(10_000));

    // Assess
    expect(slack.requests().map((r) => r.answer)).toEqual([500, 200]);
    expect(emitted(output, 'SlackDelivered')).toHaveLength(1);
  });

  it('times out an attempt Slack never answers and delivers on the retry', async () => {
    // Prepare
    slack.script(SlackResponses.hang, SlackResponses.ok);

    // Act
    await handler(critical, contextWith(3000));

    // Assess
    expect(slack.requests().map((r) => r.answer)).toEqual(['hang', 200]);
    expect(output.json().find((line) => line.message === 'Slack did not take the alert; retrying')).toMatchObject({
      level: 'WARN',
      reason: 'timeout',
      detail: expect.stringMatching(/^no answer within \d+ ms$/),
    });
    expect(emitted(output, 'SlackRetried')).toEqual([expect.objectContaining({ tier: 'critical' })]);
    expect(emitted(output, 'SlackDelivered')).toHaveLength(1);
  });

  it.each([
    ['400 invalid_payload', SlackResponses.invalidPayload, 'invalid_payload'],
    ['404 channel_not_found', SlackResponses.channelNotFound, 'channel_not_found'],
    ['410 channel_is_archived', SlackResponses.channelIsArchived, 'channel_is_archived'],
  ])('fails the invocation on %s without retrying, loudly', async (_name, response, reason) => {
    // Prepare
    slack.script(response);

    // Act
    const error = await failureOf(handler(critical, contextWith(10_000)));

    // Assess
    expect(slack.received()).toHaveLength(1);
    expect(error.message).toBe('Alert "orders-dev-api-5xx-rate-critical" was not delivered to Slack');
    expect(error.cause).toBeInstanceOf(SlackDeliveryError);
    expect(error.cause).toMatchObject({ reason, retryable: false, attempts: 1 });
    expect(output.json().find((line) => line.level === 'ERROR')).toMatchObject({
      message: `ALERT NOT DELIVERED: orders-dev-api-5xx-rate-critical (${reason})`,
      alertName: 'orders-dev-api-5xx-rate-critical',
      tier: 'critical',
      reason,
      retried: false,
    });
    expect(emitted(output, 'SlackFailed')).toEqual([{ namespace: 'Periscope/Alerts', tier: 'critical', reason, value: 1 }]);
    expect(emitted(output, 'SlackRetried')).toEqual([]);
    expect(everythingWritten()).not.toContain(secret);
  });

  it('tries every record and fails naming the one that was not delivered', async () => {
    // Prepare
    const event: SNSEvent = { Records: [firstRecord(critical), firstRecord(warning)] };
    slack.script(SlackResponses.ok, SlackResponses.channelNotFound);

    // Act
    const error = await failureOf(handler(event, contextWith(10_000)));

    // Assess
    expect(slack.received()).toHaveLength(2);
    expect(error.alerts).toEqual(['orders-dev-api-latency-p99-warning']);
    expect(error.message).toBe('1 of 2 alerts were not delivered to Slack: "orders-dev-api-latency-p99-warning"');
    expect(emitted(output, 'SlackDelivered')).toEqual([expect.objectContaining({ tier: 'critical' })]);
    expect(emitted(output, 'SlackFailed')).toEqual([expect.objectContaining({ tier: 'warning', reason: 'channel_not_found' })]);
  });

  it('fails the invocation when Slack keeps failing for longer than the time left', async () => {
    // Prepare
    slack.setDefault(SlackResponses.serverError);
    const started = Date.now();

    // Act
    const error = await failureOf(handler(critical, contextWith(2500)));

    // Assess
    // It gives up before Lambda would kill it (2.5 s), keeping time to flush its metrics.
    expect(Date.now() - started).toBeLessThan(2500);
    expect(slack.received().length).toBeGreaterThanOrEqual(2);
    expect(error.cause).toMatchObject({ reason: 'server_error', retryable: true });
    expect(emitted(output, 'SlackRetried').length).toBe(slack.received().length - 1);
    expect(emitted(output, 'SlackFailed')).toEqual([expect.objectContaining({ tier: 'critical', reason: 'server_error' })]);
  });

  it('keeps the alert in the dead letter queue when Slack is down through Lambda’s retries', async () => {
    // Prepare
    slack.setDefault(SlackResponses.serverError);
    const dlq = new DeadLetterQueue<SNSEvent>();

    // Act
    const result = await invokeAsync(handler, critical, { maximumRetryAttempts: 2, retryDelaysMs: [0], timeoutMs: 1800, onFailure: dlq.send });

    // Assess
    expect(result.status).toBe('failed');
    const [record] = dlq.records();
    expect(dlq.length).toBe(1);
    expect(record?.requestPayload).toEqual(critical);
    expect(record?.requestContext).toMatchObject({ condition: 'RetriesExhausted', approximateInvokeCount: 3 });
    expect(record?.responsePayload).toMatchObject({ errorType: 'AlertUndeliveredError', errorMessage: 'Alert "orders-dev-api-5xx-rate-critical" was not delivered to Slack' });
    expect(emitted(output, 'SlackFailed')).toHaveLength(3);
    expect(everythingWritten()).not.toContain(secret);
  });

  it('keeps the alert in the dead letter queue when nothing listens at the webhook', async () => {
    // Prepare
    await slack.close();
    const dlq = new DeadLetterQueue<SNSEvent>();

    // Act
    await invokeAsync(handler, warning, { maximumRetryAttempts: 2, retryDelaysMs: [0], timeoutMs: 1800, onFailure: dlq.send });

    // Assess
    expect(dlq.records().map((r) => r.requestPayload)).toEqual([warning]);
    expect(emitted(output, 'SlackFailed')).toEqual(Array(3).fill(expect.objectContaining({ tier: 'warning', reason: 'network' })));
    expect(
      output
        .json()
        .filter((line) => line.level === 'ERROR')
        .map((line) => line.message),
    ).toEqual(Array(3).fill('ALERT NOT DELIVERED: orders-dev-api-latency-p99-warning (network)'));
    expect(everythingWritten()).not.toContain(secret);
  });

  it('fails with the missing settings named when no webhook is configured', async () => {
    // Prepare
    delete process.env.SLACK_WEBHOOK_URL;
    delete process.env.SLACK_WEBHOOK_PARAMETER;

    // Act
    const error = await failureOf(handler(critical, contextWith(10_000)));

    // Assess
    expect(String((error.cause as Error).message)).toMatch(/SLACK_WEBHOOK_PARAMETER.*SLACK_WEBHOOK_URL/);
    expect(slack.received()).toEqual([]);
  });
});
