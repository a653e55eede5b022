import type { SNSEvent } from 'aws-lambda';
import { parseAlarmDescription, resolveTier } from '../../../handlers/alerts/alarm-description';
import { parseAlarmMessage, parseSnsRecord } from '../../../handlers/alerts/alarm-message';
import { firstRecord, loadEvent, loadExternal, withAlarmMessage } from './fixtures';

/** The notification one of `events/` carries. */
const parseEventFile = (file: string) => parseSnsRecord(firstRecord(loadEvent(file)));

/** A metric-math input over an API Gateway metric of the dev stage. */
const apiQuery = (id: string, metricName: string) => ({
  id,
  metric: { namespace: 'AWS/ApiGateway', metricName, dimensions: { ApiName: 'dev-orders', Stage: 'dev' } },
  stat: 'Sum',
  periodSeconds: 60,
  returnData: false,
});

describe('parseSnsRecord', () => {
  it('reads the notify-slack CloudWatch alarm event: an OK after ALARM with its trigger', () => {
    // Prepare
    const event = loadExternal<SNSEvent>('notify-slack/cloudwatch_alarm.json');

    // Act
    const notification = parseSnsRecord(firstRecord(event));

    // Assess
    expect(notification).toEqual({
      kind: 'metric',
      name: 'DBMigrationRequired',
      description: { summary: 'App is reporting "A JPA error occurred(Unable to build EntityManagerFactory)"', logGroups: [] },
      accountId: '735598076380',
      state: 'OK',
      previousState: 'ALARM',
      reason: 'Threshold Crossed: 1 datapoint [1.0 (12/02/19 15:44:00)] was not less than the threshold (1.0).',
      stateChangeTime: '2019-02-12T15:45:24.006Z',
      region: 'us-east-1',
      regionName: 'US (Virginia)',
      tier: 'unknown',
      topicArn: 'arn:aws:sns:us-east-1:123456789012:ExampleTopic',
      trigger: {
        metric: { namespace: 'LogMetrics', metricName: 'DBMigrationRequired', dimensions: {} },
        statistic: 'Sum',
        queries: [],
        comparison: 'LessThanThreshold',
        threshold: 1,
        periodSeconds: 60,
        evaluationPeriods: 1,
        treatMissingData: '- TreatMissingData:NonBreaching',
      },
    });
  });

  it('reads the notify-slack text event as text with its subject', () => {
    // Prepare
    const event = loadExternal<SNSEvent>('notify-slack/text_message.json');

    // Act
    const notification = parseSnsRecord(firstRecord(event));

    // Assess
    expect(notification).toEqual({
      kind: 'text',
      subject: 'All Fine',
      message: 'This\nis\na typical multi-line\nmessage from SNS!\n\nHave a ~good~ amazing day! :)',
      topicArn: 'arn:aws:sns:us-gov-west-1:123456789012:ExampleTopic',
      timestamp: '2019-02-12T15:45:24.091Z',
      tier: 'unknown',
    });
  });

  it('reads the Powertools SNS event as plain text', () => {
    // Prepare
    const event = loadExternal<SNSEvent>('powertools-events/sns-base.json');

    // Act
    const notification = parseSnsRecord(firstRecord(event));

    // Assess
    expect(notification).toMatchObject({ kind: 'text', subject: 'TestInvoke', message: 'Hello from SNS!', tier: 'unknown' });
  });

  it('reads a metric-math alarm: its expression, its inputs and the Periscope description lines', () => {
    // Act
    const notification = parseEventFile('sns-alarm-critical.json');

    // Assess
    expect(notification).toMatchObject({
      kind: 'metric',
      name: 'orders-dev-api-5xx-rate-critical',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-dev-api-5xx-rate-critical',
      state: 'ALARM',
      previousState: 'OK',
      tier: 'critical',
      region: 'us-east-1',
      stateChangeTime: '2026-11-22T09:59:06.512Z',
      description: {
        summary: expect.stringMatching(/^More than 5% of API requests fail with a 5XX.*Roll back if it started with a deploy\.$/),
        tier: 'critical',
        runbookUrl: 'https://runbooks.example.com/orders/api-5xx.md',
        dashboardUrl: 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/orders-dev-operations',
        tracesService: 'orders',
        logGroups: ['/aws/lambda/orders-dev-createOrder', '/aws/lambda/orders-dev-getOrder', '/aws/lambda/orders-dev-listOrders', '/aws/lambda/orders-dev-routeNotFound'],
      },
    });
    expect(notification.kind === 'metric' && notification.trigger).toEqual({
      queries: [
        { id: 'rate', expression: 'IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)', label: '5XXError rate (%)', returnData: true },
        apiQuery('errors', '5XXError'),
        apiQuery('requests', 'Count'),
      ],
      comparison: 'GreaterThanThreshold',
      threshold: 5,
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: 'notBreaching',
    });
  });

  it('reads a percentile alarm’s ExtendedStatistic', () => {
    // Act
    const notification = parseEventFile('sns-alarm-warning.json');

    // Assess
    expect(notification).toMatchObject({ kind: 'metric', tier: 'warning', trigger: { statistic: 'p99', metric: { metricName: 'Latency' }, periodSeconds: 300, evaluationPeriods: 3 } });
  });

  it('reads a composite alarm: its rule and the child that triggered it', () => {
    // Act
    const notification = parseEventFile('sns-composite-critical.json');

    // Assess
    expect(notification).toMatchObject({
      kind: 'composite',
      name: 'orders-dev-critical',
      tier: 'critical',
      rule: expect.stringContaining('ALARM("orders-dev-api-5xx-rate-critical") OR'),
      triggeringChildren: [
        {
          arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-dev-api-5xx-rate-critical',
          name: 'orders-dev-api-5xx-rate-critical',
          state: 'ALARM',
          timestamp: '2026-11-22T09:59:06.512Z',
        },
      ],
    });
    expect(notification).not.toHaveProperty('trigger');
  });

  it('treats JSON that is not an alarm as text, verbatim', () => {
    // Prepare
    const event = withAlarmMessage(loadEvent('sns-alarm-critical.json'), { AlarmName: undefined });

    // Act
    const notification = parseSnsRecord(firstRecord(event));

    // Assess
    expect(notification.kind).toBe('text');
    expect(notification.kind === 'text' && JSON.parse(notification.message)).toMatchObject({ NewStateValue: 'ALARM' });
  });
});

describe('parseAlarmMessage', () => {
  it('reads the bare notify-slack alarm message, which has few fields', () => {
    // Prepare
    const message = loadExternal('notify-slack/cloudwatch_alarm_message.json');

    // Act
    const alarm = parseAlarmMessage(message);

    // Assess
    expect(alarm).toEqual({
      kind: 'metric',
      name: 'Example',
      description: { summary: 'Example alarm description.', logGroups: [] },
      accountId: '000000000000',
      state: 'ALARM',
      previousState: 'OK',
      reason: 'Threshold Crossed',
      stateChangeTime: '2017-01-12T16:30:42.236Z',
      regionName: 'EU - Ireland',
      tier: 'unknown',
    });
  });

  it('returns undefined for a message that is not an alarm', () => {
    expect(parseAlarmMessage({ hello: 'world' })).toBeUndefined();
    expect(parseAlarmMessage('ALARM')).toBeUndefined();
  });
});

describe('tier', () => {
  const critical = loadEvent('sns-alarm-critical.json');
  const withoutTierLine = (name: string, topic?: string) => parseSnsRecord(firstRecord(withAlarmMessage(critical, { AlarmName: name, AlarmDescription: 'Something is wrong.' }, topic)));

  it('comes from the description’s Tier line first', () => {
    // Prepare
    const event = withAlarmMessage(critical, { AlarmDescription: 'Worth a look.\nTier: info' });

    // Act
    const notification = parseSnsRecord(firstRecord(event));

    // Assess
    expect(notification.tier).toBe('info');
  });

  it('falls back to the alarm name’s suffix, then the topic’s, then unknown', () => {
    expect(withoutTierLine('orders-dev-queue-age-warning').tier).toBe('warning');
    expect(withoutTierLine('legacy-alarm', 'arn:aws:sns:eu-west-1:123456789012:orders-prod-info').tier).toBe('info');
    expect(withoutTierLine('legacy-alarm', 'arn:aws:sns:eu-west-1:123456789012:alerts').tier).toBe('unknown');
  });

  it('takes the region from the topic when the alarm has no ARN', () => {
    // Prepare
    const event = withAlarmMessage(critical, { AlarmArn: undefined }, 'arn:aws:sns:eu-west-1:123456789012:orders-prod-critical');

    // Act
    const notification = parseSnsRecord(firstRecord(event));

    // Assess
    expect(notification).toMatchObject({ region: 'eu-west-1' });
  });

  it('resolves a text message’s tier from its topic', () => {
    expect(resolveTier({ topicArn: 'arn:aws:sns:us-east-1:123456789012:orders-dev-critical' })).toBe('critical');
  });
});

describe('parseAlarmDescription', () => {
  it('keeps prose that merely looks like a key, and drops values it cannot trust', () => {
    // Act
    const description = parseAlarmDescription(
      'Tier: this line is prose, it is not in the trailer.\nCheck the queue.\n\nTier: urgent\nRunbook: javascript:alert(1)\nDashboard: not a url\nLogs: /aws/lambda/a,  , bad group!\nTraces: ',
    );

    // Assess
    expect(description).toEqual({ summary: 'Tier: this line is prose, it is not in the trailer.\nCheck the queue.', logGroups: ['/aws/lambda/a'] });
  });

  it('reads an empty or missing description as no summary and no links', () => {
    expect(parseAlarmDescription(undefined)).toEqual({ summary: '', logGroups: [] });
    expect(parseAlarmDescription('')).toEqual({ summary: '', logGroups: [] });
  });
});
