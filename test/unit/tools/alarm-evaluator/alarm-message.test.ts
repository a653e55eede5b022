import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SNSEvent } from 'aws-lambda';
import { generateAlarms } from '../../../../alarms';
import { ordersServiceResources } from '../../../../deploy/service-resources';
import { parseAlarmMessage, parseSnsRecord } from '../../../../handlers/alerts/alarm-message';
import { formatSlackMessage } from '../../../../handlers/alerts/slack-message';
import { catalog } from '../../../../observability.config';
import { AlarmEvaluator, AlarmMessageError, type AlarmStateChange, alarmNotificationMessage, resolveSub } from '../../../../tools/emulators/cloudwatch/alarm-evaluator';
import { MetricStore } from '../../../../tools/emulators/cloudwatch/metric-store';
import { SHARED_DIR } from '../../../support/lambda';
import { alarmResource, at, ERRORS, MINUTE, record, T0 } from './support';

const ACCOUNT = { region: 'us-east-1', accountId: '123456789012' };
const loadExternal = <T>(path: string): T => JSON.parse(readFileSync(resolve(SHARED_DIR, 'fixtures/external', path), 'utf8')) as T;
/** The real notification of the notify-slack fixture: an SNS event, and the message it carries. */
const fixtureEvent = loadExternal<SNSEvent>('notify-slack/cloudwatch_alarm.json');
const fixtureMessage = JSON.parse(fixtureEvent.Records[0]!.Sns.Message) as Record<string, unknown>;
const CLOUDWATCH_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;

/** The fixture's SNS event carrying `message` instead. */
const snsEventWith = (message: unknown): SNSEvent => ({
  Records: [{ ...fixtureEvent.Records[0]!, Sns: { ...fixtureEvent.Records[0]!.Sns, TopicArn: 'arn:aws:sns:us-east-1:123456789012:orders-dev-critical', Message: JSON.stringify(message) } }],
});

/** The JSON types of an object's fields, for comparing shapes. */
const shapeOf = (value: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(value).map(([key, v]) => [key, v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v]));

/** The sample's generated alarms through a 100% 5XX burst, evaluated each minute: every change. */
function burst(): { evaluator: AlarmEvaluator; changes: AlarmStateChange[] } {
  const evaluator = new AlarmEvaluator(generateAlarms(catalog, ordersServiceResources('dev')).resources, { initialState: 'OK' });
  const store = new MetricStore();
  const api = { ApiName: 'dev-periscope-orders', Stage: 'dev' };
  const changes: AlarmStateChange[] = [];
  for (let minute = 0; minute <= 5; minute += 1) {
    for (let i = 0; i < 20; i += 1) {
      store.add({ namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: api, timestamp: T0 + minute * MINUTE + i, value: 1, unit: 'Count' });
      store.add({ namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: api, timestamp: T0 + minute * MINUTE + i, value: 1, unit: 'Count' });
    }
    changes.push(...evaluator.evaluate(store, at(minute)));
  }
  return { evaluator, changes };
}

describe('alarmNotificationMessage', () => {
  const { evaluator, changes } = burst();
  const metricChange = changes.find((c) => c.alarmName === 'orders-dev-api-5xx-rate-critical' && c.to === 'ALARM')!;
  const compositeRelease = changes.find((c) => c.alarmName === 'orders-dev-critical' && c.event === 'actionsReleased')!;

  it('has every field of a real CloudWatch notification, of the same JSON types, and its time format', () => {
    // Prepare: a single-metric alarm, the form of the fixture's
    const single = new AlarmEvaluator({ A: alarmResource({ AlarmDescription: 'Five errors a minute.', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' }) }, { initialState: 'OK' });
    const store = new MetricStore();
    record(store, ERRORS, 0, 9);
    const [change] = single.evaluate(store, at(1));

    // Act
    const message = alarmNotificationMessage(change!, single.alarm('errors-high'), ACCOUNT);

    // Assess
    const { Trigger: fixtureTrigger, ...fixtureFields } = fixtureMessage as { Trigger: Record<string, unknown> };
    const { Trigger: trigger, ...fields } = message as unknown as { Trigger: Record<string, unknown> };
    expect(shapeOf(fields)).toMatchObject(shapeOf(fixtureFields));
    expect(shapeOf(trigger)).toEqual(expect.objectContaining(shapeOf(fixtureTrigger)));
    expect(message.StateChangeTime).toMatch(CLOUDWATCH_TIME);
    expect(fixtureMessage.StateChangeTime).toMatch(CLOUDWATCH_TIME);
    expect(trigger).toEqual({
      MetricName: 'Errors',
      Namespace: 'Periscope/Test',
      StatisticType: 'Statistic',
      Statistic: 'SUM',
      Unit: null,
      Dimensions: [{ value: 'orders', name: 'service' }],
      Period: 60,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 5,
      TreatMissingData: 'notBreaching',
      EvaluateLowSampleCountPercentile: '',
    });
  });

  it("writes a metric-math alarm's notification that the Slack notifier reads back whole", () => {
    // Act
    const message = alarmNotificationMessage(metricChange, evaluator.alarm(metricChange.alarmName), ACCOUNT);
    const notification = parseSnsRecord(snsEventWith(message).Records[0]!);

    // Assess
    expect(message).toMatchObject({
      AlarmName: 'orders-dev-api-5xx-rate-critical',
      AWSAccountId: '123456789012',
      NewStateValue: 'ALARM',
      OldStateValue: 'OK',
      StateChangeTime: '2026-11-23T10:03:10.000+0000',
      Region: 'US East (N. Virginia)',
      AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-dev-api-5xx-rate-critical',
      AlarmActions: [],
    });
    expect(notification).toMatchObject({
      kind: 'metric',
      name: 'orders-dev-api-5xx-rate-critical',
      state: 'ALARM',
      previousState: 'OK',
      reason: metricChange.reason,
      region: 'us-east-1',
      regionName: 'US East (N. Virginia)',
      tier: 'critical',
      description: {
        tier: 'critical',
        runbookUrl: 'https://runbooks.example.com/orders/api-5xx.md',
        dashboardUrl: 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/orders-dev-operations',
      },
      trigger: {
        comparison: 'GreaterThanThreshold',
        threshold: 5,
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: 'notBreaching',
        queries: [
          {
            id: 'errors',
            stat: 'Sum',
            periodSeconds: 60,
            returnData: false,
            metric: { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'dev-periscope-orders', Stage: 'dev' } },
          },
          { id: 'requests', returnData: false },
          { id: 'rate', expression: 'IF(FILL(errors, 0) >= 5, 100 * FILL(errors, 0) / requests, 0)', label: '5XXError rate (%)', returnData: true },
        ],
      },
    });
    expect(JSON.stringify(formatSlackMessage(notification))).toContain('https://runbooks.example.com/orders/api-5xx.md');
  });

  it("writes a composite's notification with its rule and the child that triggered it, its actions as topic ARNs", () => {
    // Act
    const alarm = evaluator.alarm('orders-dev-critical');
    if (alarm.kind !== 'composite') throw new Error('expected the critical tier composite');
    const message = alarmNotificationMessage(compositeRelease, alarm, ACCOUNT);
    const notification = parseAlarmMessage(message);

    // Assess
    expect(message).toMatchObject({
      NewStateValue: 'ALARM',
      OldStateValue: 'OK',
      StateChangeTime: '2026-11-23T10:03:10.000+0000',
      NewStateReason: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-dev-api-5xx-rate-critical transitioned to ALARM at Monday 23 November, 2026 10:03:10 UTC',
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:orders-dev-critical'],
      OKActions: ['arn:aws:sns:us-east-1:123456789012:orders-dev-critical'],
      AlarmRule: alarm.rule,
      TriggeringChildren: [{ Arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-dev-api-5xx-rate-critical', State: { Value: 'ALARM', Timestamp: '2026-11-23T10:03:10.000+0000' } }],
    });
    expect(notification).toMatchObject({
      kind: 'composite',
      name: 'orders-dev-critical',
      tier: 'critical',
      rule: message.AlarmRule,
      triggeringChildren: [{ name: 'orders-dev-api-5xx-rate-critical', state: 'ALARM', timestamp: '2026-11-23T10:03:10.000Z' }],
    });
    expect(alarm.rule).toContain('ALARM("orders-dev-api-5xx-rate-critical") OR ');
    expect(alarm.rule).toContain(' OR ALARM("orders-dev-orders-api-fast-burn-critical")');
  });

  it("resolves the description's Fn::Sub with the pseudo parameters, and refuses any other variable", () => {
    const context = { region: 'cn-north-1', accountId: '111122223333' };

    expect(resolveSub({ 'Fn::Sub': '${AWS::Region} ${AWS::AccountId} ${AWS::Partition} ${AWS::URLSuffix} ${!Literal}' }, context, 'the description')).toBe(
      'cn-north-1 111122223333 aws-cn amazonaws.com.cn ${Literal}',
    );
    expect(resolveSub({ 'Fn::Sub': ['${Stage} in ${AWS::Region}', { Stage: 'dev' }] }, context, 'the description')).toBe('dev in cn-north-1');
    expect(() => resolveSub({ 'Fn::Sub': 'stage ${Stage}' }, context, 'the AlarmDescription of "x"')).toThrow(
      new AlarmMessageError('the AlarmDescription of "x" uses ${Stage}, which cannot be resolved locally (only ${AWS::Region}, ${AWS::AccountId}, ${AWS::Partition} and ${AWS::URLSuffix})'),
    );
    expect(() => resolveSub({ 'Fn::Join': ['', ['a']] }, context, 'the description')).toThrow('only a string or an Fn::Sub can be resolved locally');
  });

  it('refuses an unknown region, and an action whose ARN is not known', () => {
    const alarm = evaluator.alarm('orders-dev-critical');

    expect(() => alarmNotificationMessage(compositeRelease, alarm, { region: 'us-east1', accountId: '123456789012' })).toThrow('region "us-east1" is not one this evaluator knows');
    const withoutTopicName = { ...alarm, actions: { ...alarm.actions, topicNames: {} } };
    expect(() => alarmNotificationMessage(compositeRelease, withoutTopicName, ACCOUNT)).toThrow(
      'an action of "orders-dev-critical" is { Ref: PeriscopeOrdersDevCriticalTopic }, which is not an SNS topic of the template with a TopicName: its ARN is not known',
    );
  });
});
